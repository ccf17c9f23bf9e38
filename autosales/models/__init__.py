"""The data model. Importing this package registers every table with the metadata."""

from autosales.models.analysis import AnalysisResult, JobRecord
from autosales.models.audit import AuditEvent, SpentToken
from autosales.models.feedback import FEEDBACK_CATEGORIES, Feedback
from autosales.models.files import FileChunk, StoredFile
from autosales.models.imports import ImportBatch
from autosales.models.ownership import (
    Owned,
    OwnerScopeError,
    current_owner_id,
    get_owned_or_404,
    owner_scope,
)
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS, Sale
from autosales.models.settings import UserSettings, settings_of
from autosales.models.spelling import SpellingMapping
from autosales.models.summary import MonthlySummary
from autosales.models.user import User, UserSession

__all__ = [
    "FEEDBACK_CATEGORIES",
    "OPTIONAL_FIELDS",
    "REQUIRED_FIELDS",
    "AnalysisResult",
    "AuditEvent",
    "Feedback",
    "FileChunk",
    "ImportBatch",
    "JobRecord",
    "MonthlySummary",
    "Owned",
    "OwnerScopeError",
    "Sale",
    "SpellingMapping",
    "SpentToken",
    "StoredFile",
    "User",
    "UserSession",
    "UserSettings",
    "current_owner_id",
    "get_owned_or_404",
    "owner_scope",
    "settings_of",
]
