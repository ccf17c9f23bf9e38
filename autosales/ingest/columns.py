"""Match file columns to canonical fields by name and by content, for the user to confirm.

Each column gets a suggestion with a confidence (0-1) and a reason. The suggestions are
assigned greedily, most confident first, so each field takes at most one column. The user's
corrections come back through :func:`resolve_mapping`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from autosales.ingest import fields as f
from autosales.ingest.errors import IngestError, MappingError
from autosales.ingest.parsing import amounts_to_cents, detect_date_order, parse_dates

logger = logging.getLogger(__name__)

CONTENT_SAMPLE = 500
CONTENT_SHARE = 0.8

# Normalised column names (lower case, no spaces, punctuation or units) per target, with the
# confidence a match gives. A name found among the words of a longer label scores 0.8 times that.
SYNONYMS: dict[str, dict[str, float]] = {
    "sale_date": {
        "date": 0.9, "saledate": 0.95, "salesdate": 0.95, "orderdate": 0.95, "invoicedate": 0.9,
        "solddate": 0.95, "datesold": 0.95, "transactiondate": 0.9, "deliverydate": 0.7,
        "registrationdate": 0.8,
    },
    "make": {
        "make": 0.95, "brand": 0.9, "manufacturer": 0.9, "company": 0.8, "marque": 0.9,
        "carmake": 0.95, "vehiclemake": 0.95, "productline": 0.45,
    },
    "model": {
        "model": 0.95, "carmodel": 0.95, "vehiclemodel": 0.95, "modelname": 0.95,
        "productcode": 0.45, "product": 0.5, "variant": 0.6,
    },
    "region": {
        "region": 0.95, "dealerregion": 0.95, "salesregion": 0.95, "area": 0.8,
        "territory": 0.8, "district": 0.8, "country": 0.6, "location": 0.6, "branch": 0.6,
        "dealer": 0.5, "store": 0.5, "city": 0.5, "state": 0.5,
    },
    "quantity": {
        "quantity": 0.95, "qty": 0.95, "units": 0.9, "quantityordered": 0.95, "unitssold": 0.95,
        "volume": 0.6, "count": 0.5, "pieces": 0.8, "number": 0.4, "sold": 0.5,
    },
    "unit_price": {
        "unitprice": 0.95, "price": 0.9, "priceeach": 0.95, "saleprice": 0.95,
        "sellingprice": 0.95, "priceperunit": 0.95, "amount": 0.7, "listprice": 0.5,
        "msrp": 0.4,
    },
    f.LINE_TOTAL: {
        "sales": 0.8, "total": 0.85, "linetotal": 0.95, "revenue": 0.85, "totalprice": 0.9,
        "salesamount": 0.85, "totalamount": 0.9, "value": 0.5, "turnover": 0.8,
    },
    "order_ref": {
        "ordernumber": 0.95, "orderno": 0.95, "orderid": 0.95, "orderref": 0.95,
        "orderreference": 0.95, "invoice": 0.8, "invoiceno": 0.9, "invoicenumber": 0.9,
        "dealid": 0.8, "transactionid": 0.8, "carid": 0.5,
    },
    "customer": {
        "customer": 0.95, "customername": 0.95, "client": 0.85, "buyer": 0.85,
        "purchaser": 0.85,
    },
    "salesperson": {
        "salesperson": 0.95, "salesrep": 0.95, "seller": 0.85, "salesman": 0.9,
        "salesagent": 0.9, "agent": 0.7, "rep": 0.7, "employee": 0.6, "advisor": 0.6,
    },
    "unit_cost": {
        "unitcost": 0.95, "cost": 0.85, "costprice": 0.9, "purchaseprice": 0.8,
        "buyprice": 0.85, "dealercost": 0.9,
    },
    "stocked_on": {
        "stockedon": 0.95, "stockdate": 0.9, "stockindate": 0.95, "datestocked": 0.95,
        "arrivaldate": 0.8, "receiveddate": 0.8, "instockdate": 0.9, "intakedate": 0.9,
    },
    "vin": {
        "vin": 0.95, "vinnumber": 0.95, "stocknumber": 0.9, "stockno": 0.9, "stockid": 0.85,
        "chassisnumber": 0.9, "vehicleid": 0.7,
    },
    "body_style": {"bodystyle": 0.95, "body": 0.85, "bodytype": 0.95, "productline": 0.4},
    "colour": {"colour": 0.95, "color": 0.95, "paint": 0.8, "exteriorcolour": 0.9,
               "exteriorcolor": 0.9},
    "transmission": {"transmission": 0.95, "gearbox": 0.9, "trans": 0.7},
    f.YEAR: {"year": 0.9, "yr": 0.8},
    f.MONTH: {"month": 0.9, "mon": 0.6},
}  # fmt: skip
# Columns our own rejected-rows download adds; a re-upload must not treat them as data.
OWN_COLUMNS = {"line", "reason"}
MONEY_TARGETS = ("unit_price", f.LINE_TOTAL, "unit_cost")


@dataclass(frozen=True, slots=True)
class ColumnSuggestion:
    """The suggested target of one file column, how sure we are, why, and other candidates."""

    column: str
    target: str
    confidence: float
    reason: str
    alternatives: tuple[str, ...] = ()


@dataclass(slots=True)
class ColumnMapping:
    """File column -> target (a canonical field, "line_total", "year", "month", "extra" or
    "ignore"), with the per-column suggestions shown on the mapping form."""

    columns: dict[str, str]
    suggestions: list[ColumnSuggestion] = field(default_factory=list)

    def source_of(self, target: str) -> str | None:
        """Give the column mapped to ``target``, or None."""
        return next((col for col, tgt in self.columns.items() if tgt == target), None)

    def columns_for(self, target: str) -> list[str]:
        """Give every column mapped to ``target`` (used for "extra" and "ignore")."""
        return [col for col, tgt in self.columns.items() if tgt == target]

    def to_dict(self) -> dict[str, Any]:
        """Give the mapping and suggestions as JSON-serialisable values."""
        return {"columns": dict(self.columns), "suggestions": [asdict(s) for s in self.suggestions]}


def normalise_name(name: str) -> str:
    """Give a column label in comparable form: lower case, units and punctuation removed."""
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", str(name).lower())
    name = re.sub(r"[^0-9a-z]+", " ", name.replace("_", " "))
    return " ".join(name.split())


def name_candidates(column: str) -> list[tuple[str, float, str]]:
    """Give (target, confidence, reason) for every target the column's label suggests."""
    words = normalise_name(column).split()
    compact = "".join(words)
    found: list[tuple[str, float, str]] = []
    for target, names in SYNONYMS.items():
        if compact in names:
            found.append((target, names[compact], f"the column name {column!r} means {target}"))
            continue
        hits = [names[w] for w in words if names.get(w, 0) >= 0.8 and len(words) > 1]
        if hits:
            reason = f"the column name {column!r} contains a word meaning {target}"
            found.append((target, round(max(hits) * 0.8, 2), reason))
    return found


def content_candidates(values: pd.Series, decimal_mark: str) -> list[tuple[str, float, str]]:
    """Give targets suggested by the column's values: dates, or money amounts."""
    sample = values[values.str.len() > 0].head(CONTENT_SAMPLE)
    if sample.empty:
        return []
    if _date_shaped(sample):
        order, _ = detect_date_order(sample)
        dates, _ = parse_dates(sample, order)
    else:
        dates = pd.Series(pd.NaT, index=sample.index)
    if dates.notna().mean() >= CONTENT_SHARE:
        reason = "most values are dates"
        return [("sale_date", 0.6, reason), ("stocked_on", 0.4, reason)]
    cents, _ = amounts_to_cents(sample, decimal_mark)
    has_decimals = sample.str.contains(r"[.,]\d{2}$|[$€£]", regex=True).mean() >= 0.5
    if pd.notna(cents).mean() >= CONTENT_SHARE and has_decimals:
        return [("unit_price", 0.4, "most values are money amounts")]
    return []


def _date_shaped(sample: pd.Series) -> bool:
    """Say whether most values could be dates at all (digits, 6 to 40 characters), a cheap
    test that spares text columns the trial of every date format."""
    lengths = sample.str.len()
    shaped = sample.str.contains(r"\d", regex=True) & (lengths >= 6) & (lengths <= 40)
    return bool(shaped.mean() >= CONTENT_SHARE)


def suggest_mapping(
    frame: pd.DataFrame, decimal_mark: str = ".", keep_extra_columns: Iterable[str] = ()
) -> ColumnMapping:
    """Suggest a target for each column of the raw text frame.

    Name matches come first; columns whose names say nothing are judged by their values.
    Unmatched columns are ignored, or kept as extra attributes when listed in
    ``keep_extra_columns``.
    """
    candidates: list[tuple[float, str, str, str]] = []
    per_column: dict[str, list[str]] = {}
    for column in frame.columns:
        found = _column_candidates(column, frame[column], decimal_mark)
        per_column[column] = [target for target, _, _ in found]
        candidates += [(conf, column, target, reason) for target, conf, reason in found]
    candidates.sort(key=lambda item: -item[0])
    chosen: dict[str, tuple[str, float, str]] = {}
    taken: set[str] = set()
    for confidence, column, target, reason in candidates:
        if column not in chosen and (target not in taken or target == f.IGNORE):
            chosen[column] = (target, confidence, reason)
            taken.add(target)
    keep = set(keep_extra_columns)
    return _build_mapping(frame, chosen, per_column, keep)


def _column_candidates(
    column: str, values: pd.Series, decimal_mark: str
) -> list[tuple[str, float, str]]:
    """Give the candidates for one column: our own columns, then name, then content."""
    if normalise_name(column) in OWN_COLUMNS:
        return [(f.IGNORE, 1.0, "added by the rejected-rows download")]
    if len(values) and not (values.str.len() > 0).any():
        return [(f.IGNORE, 1.0, "the column is empty")]
    return name_candidates(column) or content_candidates(values, decimal_mark)


def _build_mapping(
    frame: pd.DataFrame,
    chosen: dict[str, tuple[str, float, str]],
    per_column: dict[str, list[str]],
    keep: set[str],
) -> ColumnMapping:
    """Turn the greedy choice into a ColumnMapping with one suggestion per column."""
    columns: dict[str, str] = {}
    suggestions: list[ColumnSuggestion] = []
    for column in frame.columns:
        if column in keep:
            target, confidence, reason = f.EXTRA, 1.0, "kept as an extra attribute"
        elif column in chosen:
            target, confidence, reason = chosen[column]
        else:
            target, confidence, reason = f.IGNORE, 0.0, "no field matches this column"
        others = tuple(t for t in per_column[column] if t != target)
        columns[column] = target
        suggestions.append(ColumnSuggestion(column, target, confidence, reason, others))
    return ColumnMapping(columns, suggestions)


def resolve_mapping(
    suggested: ColumnMapping, chosen: Mapping[str, str] | ColumnMapping | None
) -> ColumnMapping:
    """Apply the user's choices over the suggestion and check the result.

    ``chosen`` may name every column or only the corrected ones; a field the user gives to a
    column is taken from whichever column the suggestion had given it to.
    """
    if chosen is None:
        return suggested
    choice = chosen.columns if isinstance(chosen, ColumnMapping) else dict(chosen)
    _check_choice(suggested, choice)
    columns = dict(suggested.columns)
    for column, target in choice.items():
        if target not in (f.EXTRA, f.IGNORE):
            for other, other_target in columns.items():
                if other_target == target and other not in choice:
                    columns[other] = f.IGNORE
        columns[column] = target
    _check_unique(columns)
    return ColumnMapping(columns, suggested.suggestions)


def _check_choice(suggested: ColumnMapping, choice: Mapping[str, str]) -> None:
    """Refuse columns the file lacks and targets that do not exist."""
    valid = {*f.MAPPABLE_TARGETS, f.EXTRA, f.IGNORE}
    for column, target in choice.items():
        if column not in suggested.columns:
            raise IngestError(
                f"The mapping names a column {column!r} that the file does not have; "
                f"its columns are {list(suggested.columns)}."
            )
        if target not in valid:
            raise IngestError(
                f"{target!r} is not a field we can map {column!r} to; "
                f"choose one of {sorted(valid)}."
            )


def _check_unique(columns: Mapping[str, str]) -> None:
    """Refuse a mapping that gives one field two columns."""
    seen: dict[str, str] = {}
    for column, target in columns.items():
        if target in (f.EXTRA, f.IGNORE):
            continue
        if target in seen:
            raise IngestError(
                f"Both {seen[target]!r} and {column!r} are mapped to {target}; "
                "a field can take only one column. Set one of them to ignore."
            )
        seen[target] = column


def missing_required(mapping: ColumnMapping, defaults: Mapping[str, str]) -> list[str]:
    """Give the required fields with neither a column nor a default.

    Sale date may come from year + month; quantity defaults to one unit per row; unit price
    may come from a line total, or defaults to zero (reported), so neither is ever missing.
    """
    missing = []
    for name in ("sale_date", "make", "model", "region"):
        if mapping.source_of(name) or name in defaults:
            continue
        if name == "sale_date" and mapping.source_of(f.YEAR) and mapping.source_of(f.MONTH):
            continue
        missing.append(name)
    return missing


def require_fields(mapping: ColumnMapping, defaults: Mapping[str, str]) -> None:
    """Raise MappingError naming the required fields that lack a column and a default."""
    missing = missing_required(mapping, defaults)
    if missing:
        labels = ", ".join(f.FIELDS_BY_NAME[name].label.lower() for name in missing)
        raise MappingError(
            f"The file has no column for {labels}. Choose a column for each on the mapping "
            'form, or give a default value (for example region "Main").',
            missing,
        )
