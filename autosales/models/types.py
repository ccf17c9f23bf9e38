"""Column types shared by the models, chosen to behave the same on SQLite and MariaDB."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, Integer, Numeric
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments an INTEGER PRIMARY KEY; MariaDB gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# Money: exact decimals with two places, up to 999,999,999.99.
Money = Numeric(12, 2, asdecimal=True)

MONEY_MAX = Decimal("999999999.99")


def utc_now() -> datetime:
    """Give the current time in UTC, naive, as every DateTime column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime stored naive in UTC; aware values are converted, naive ones taken as UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
