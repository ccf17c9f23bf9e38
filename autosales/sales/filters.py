"""The filters a user sets on sales: parsed from the URL, applied to SQL, written back to URLs.

The same filter serves the sales table, exports and (later) the dashboard, so a bookmarked view
shows the same rows everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, or_
from werkzeug.datastructures import MultiDict

from autosales.models import Sale

SORTABLE = ("sale_date", "make", "model", "region", "quantity", "unit_price", "customer")
PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class SalesFilter:
    """What a view of the sales is limited to, how it is sorted, and which page it shows."""

    date_from: date | None = None
    date_to: date | None = None
    make: str = ""
    model: str = ""
    region: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    search: str = ""
    sort: str = "sale_date"
    descending: bool = True
    page: int = 1
    per_page: int = 50
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_filtered(self) -> bool:
        keys = ("date_from", "date_to", "make", "model", "region", "price_min", "price_max")
        return any(getattr(self, key) not in (None, "") for key in keys) or bool(self.search)

    def apply(self, statement: Select[Any]) -> Select[Any]:
        """Give the statement limited to the rows this filter keeps (no sorting or paging)."""
        conditions = [
            Sale.sale_date >= self.date_from if self.date_from else None,
            Sale.sale_date <= self.date_to if self.date_to else None,
            Sale.make == self.make if self.make else None,
            Sale.model == self.model if self.model else None,
            Sale.region == self.region if self.region else None,
            Sale.unit_price >= self.price_min if self.price_min is not None else None,
            Sale.unit_price <= self.price_max if self.price_max is not None else None,
            self._search_condition(),
        ]
        return statement.where(*[condition for condition in conditions if condition is not None])

    def order(self, statement: Select[Any]) -> Select[Any]:
        column = getattr(Sale, self.sort)
        primary = column.desc() if self.descending else column.asc()
        tiebreak = Sale.id.desc() if self.descending else Sale.id.asc()
        return statement.order_by(primary, tiebreak)

    def _search_condition(self) -> Any:
        if not self.search:
            return None
        pattern = f"%{escape_like(self.search)}%"
        columns = (Sale.make, Sale.model, Sale.customer, Sale.region, Sale.order_ref, Sale.vin)
        return or_(*[column.ilike(pattern, escape="\\") for column in columns])

    def query_args(self, **changes: Any) -> dict[str, str]:
        """Give the URL query that reproduces this filter, with ``changes`` applied."""
        current = replace(self, **changes) if changes else self
        pairs = {
            "from": current.date_from,
            "to": current.date_to,
            "make": current.make,
            "model": current.model,
            "region": current.region,
            "price_min": current.price_min,
            "price_max": current.price_max,
            "q": current.search,
            "sort": current.sort if current.sort != "sale_date" else None,
            "dir": None if current.descending else "asc",
            "page": current.page if current.page != 1 else None,
            "per_page": current.per_page if current.per_page != 50 else None,
        }
        return {key: str(value) for key, value in pairs.items() if value not in (None, "")}


def parse_filter(args: MultiDict[str, str]) -> SalesFilter:
    """Read a filter from URL arguments; values that make no sense are dropped and reported."""
    problems: list[str] = []
    parsed = SalesFilter(
        date_from=_parse_date(args.get("from", ""), "From date", problems),
        date_to=_parse_date(args.get("to", ""), "To date", problems),
        make=args.get("make", "").strip()[:64],
        model=args.get("model", "").strip()[:64],
        region=args.get("region", "").strip()[:64],
        price_min=_parse_money(args.get("price_min", ""), "Lowest price", problems),
        price_max=_parse_money(args.get("price_max", ""), "Highest price", problems),
        search=args.get("q", "").strip()[:100],
        sort=args.get("sort") if args.get("sort") in SORTABLE else "sale_date",
        descending=args.get("dir", "desc") != "asc",
        page=_parse_int(args.get("page", "1"), default=1, low=1),
        per_page=_per_page(args.get("per_page", "50")),
    )
    if parsed.date_from and parsed.date_to and parsed.date_from > parsed.date_to:
        problems.append("The from date is after the to date, so the dates were swapped.")
        parsed = replace(parsed, date_from=parsed.date_to, date_to=parsed.date_from)
    return replace(parsed, problems=tuple(problems))


def _parse_date(text: str, label: str, problems: list[str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{label} '{text[:20]}' is not a date like 2025-03-31; it was ignored.")
        return None


def _parse_money(text: str, label: str, problems: list[str]) -> Decimal | None:
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        problems.append(f"{label} '{text[:20]}' is not an amount like 25000; it was ignored.")
        return None
    return value


def _parse_int(text: str, *, default: int, low: int) -> int:
    try:
        return max(low, int(text))
    except ValueError:
        return default


def _per_page(text: str) -> int:
    value = _parse_int(text, default=50, low=1)
    return value if value in PAGE_SIZES else 50


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so a user's text matches only itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
