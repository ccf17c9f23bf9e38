"""Sales: one row per sale line, the data every analysis is computed from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from autosales.extensions import db
from autosales.models.ownership import Owned
from autosales.models.types import BigId, Money, UTCDateTime, utc_now

# The fields of a sale row in the order forms, imports and exports use them.
REQUIRED_FIELDS = ("sale_date", "make", "model", "region", "quantity", "unit_price")
OPTIONAL_FIELDS = (
    "order_ref",
    "customer",
    "salesperson",
    "unit_cost",
    "stocked_on",
    "vin",
    "body_style",
    "colour",
    "transmission",
)


class Sale(Owned, db.Model):
    __tablename__ = "sales"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        # Date first, then fingerprint: date range queries and the duplicate check share it.
        Index("ix_sales_owner_date_fingerprint", "owner_id", "sale_date", "fingerprint"),
        Index("ix_sales_owner_make_model_date", "owner_id", "make", "model", "sale_date"),
        Index("ix_sales_owner_region_date", "owner_id", "region", "sale_date"),
        Index("ix_sales_import", "import_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sale_date: Mapped[date] = mapped_column(Date)
    make: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Money)
    order_ref: Mapped[str | None] = mapped_column(String(64))
    customer: Mapped[str | None] = mapped_column(String(128))
    salesperson: Mapped[str | None] = mapped_column(String(128))
    unit_cost: Mapped[Decimal | None] = mapped_column(Money)
    stocked_on: Mapped[date | None] = mapped_column(Date)
    vin: Mapped[str | None] = mapped_column(String(32))
    body_style: Mapped[str | None] = mapped_column(String(32))
    colour: Mapped[str | None] = mapped_column(String(32))
    transmission: Mapped[str | None] = mapped_column(String(32))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Hash of every field, to recognise a row already stored by an earlier import.
    fingerprint: Mapped[str] = mapped_column(String(32))
    import_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("import_batches.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    @property
    def revenue(self) -> Decimal:
        return self.unit_price * self.quantity

    def __repr__(self) -> str:
        return f"<Sale {self.id} {self.sale_date} {self.make} {self.model}>"
