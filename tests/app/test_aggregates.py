"""SQL aggregates give the same periods and sums on SQLite and MariaDB."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from flask import Flask

from autosales.models import User, owner_scope
from autosales.sales import aggregates


@pytest.fixture
def owner(make_user: Callable[..., User], add_sales: Callable[..., list[int]]) -> User:
    user = make_user()
    add_sales(
        user,
        [
            {"sale_date": date(2025, 1, 31), "quantity": 1, "unit_price": Decimal("10.10")},
            {"sale_date": date(2025, 2, 1), "quantity": 2, "unit_price": Decimal("20.00")},
            {"sale_date": date(2025, 2, 2), "quantity": 1, "unit_price": Decimal("5.00")},
            {"sale_date": date(2025, 2, 3), "quantity": 3, "unit_price": Decimal("1.00")},
        ],
    )
    return user


@pytest.mark.parametrize(
    ("freq", "periods", "units"),
    [
        ("M", ["2025-01-01", "2025-02-01"], [1, 6]),
        # 2025-01-31 is a Friday: its ISO week starts on Monday 27 January.
        ("W", ["2025-01-27", "2025-02-03"], [4, 3]),
        ("D", ["2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03"], [1, 2, 1, 3]),
    ],
)
def test_totals_by_period_group_by_calendar_periods(
    app: Flask, owner: User, freq: str, periods: list[str], units: list[int]
) -> None:
    with app.app_context(), owner_scope(owner.id):
        frame = aggregates.totals_by_period(freq)

    assert list(frame["period"]) == list(pd.to_datetime(periods))
    assert list(frame["units"]) == units


def test_totals_are_exact_to_the_cent(app: Flask, owner: User) -> None:
    with app.app_context(), owner_scope(owner.id):
        totals = aggregates.sales_totals()

    assert totals.revenue == Decimal("58.10")
    assert totals.units == 7
    assert totals.sales == 4
    assert totals.average_sale == Decimal("14.53")
    assert (totals.first_date, totals.last_date) == (date(2025, 1, 31), date(2025, 2, 3))
