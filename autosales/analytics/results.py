"""Plain-data conversion shared by every analysis result.

Results are frozen dataclasses; `to_dict()` turns them into JSON-ready data: floats, ints, strings,
ISO dates, lists and dicts, with NaN and infinities turned into None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def to_plain(value: Any) -> Any:
    """Convert dataclasses, pandas and numpy values recursively into JSON-serialisable data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {field.name: to_plain(getattr(value, field.name)) for field in fields}
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, pd.Series):
        return series_to_dict(value)
    if isinstance(value, list | tuple | np.ndarray):
        return [to_plain(item) for item in value]
    return _scalar_to_plain(value)


def _scalar_to_plain(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return iso_date(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return None
    return str(value)


def iso_date(value: pd.Timestamp | dt.datetime | dt.date) -> str:
    """ISO date for midnight timestamps ("2024-03-01"), full ISO timestamp otherwise."""
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return stamp.date().isoformat()
    return stamp.isoformat()


def series_to_dict(series: pd.Series) -> dict[str, list[Any]]:
    """A date-indexed series as {"dates": [ISO dates], "values": [floats or None]}."""
    return {
        "dates": [iso_date(stamp) for stamp in series.index],
        "values": [_scalar_to_plain(item) for item in series.to_numpy()],
    }


def clean_float(value: float | None, digits: int | None = None) -> float | None:
    """A finite float (optionally rounded) or None for missing, NaN and infinite values."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return round(number, digits) if digits is not None else number


class PlainResult:
    """Mixin for result dataclasses: `to_dict()` gives JSON-serialisable plain data."""

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (see `to_plain`)."""
        return to_plain(self)
