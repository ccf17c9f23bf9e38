"""The data model. Importing this package registers every table with the metadata."""

from autosales.models.analysis import AnalysisResult, JobRecord
from autosales.models.imports import ImportBatch
from autosales.models.ownership import (
    Owned,
    OwnerScopeError,
    current_owner_id,
    get_owned_or_404,
    owner_scope,
)
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS, Sale
from autosales.models.user import User

__all__ = [
    "OPTIONAL_FIELDS",
    "REQUIRED_FIELDS",
    "AnalysisResult",
    "ImportBatch",
    "JobRecord",
    "Owned",
    "OwnerScopeError",
    "Sale",
    "User",
    "current_owner_id",
    "get_owned_or_404",
    "owner_scope",
]
