"""Monthly summaries stay equal to the sales through every way sales change, and figures read
through them are exact for any date range."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from autosales.extensions import db
from autosales.models import MonthlySummary, Sale, User, owner_scope
from autosales.sales import aggregates, entry
from autosales.sales.filters import SalesFilter
from autosales.sales.summary import DIMENSIONS, SUMS, summary_cells
from tests.app.test_imports import DEALER_CSV, confirm, upload

KEY = ["month", *DIMENSIONS]


def stored_summaries(user: User) -> pd.DataFrame:
    """The owner's summary rows, cells added up."""
    rows = db.session.execute(select(MonthlySummary)).scalars().all()
    frame = pd.DataFrame(
        [{name: getattr(row, name) for name in (*KEY, *SUMS)} for row in rows],
        columns=[*KEY, *SUMS],
    )
    frame["month"] = pd.to_datetime(frame["month"]).astype("datetime64[ns]")
    for name in SUMS:
        frame[name] = frame[name].astype(float)
    return frame.groupby(KEY).sum().sort_index()


def recomputed_from_sales(user: User) -> pd.DataFrame:
    """What the summaries should hold, computed in pandas from the sales rows."""
    sales = db.session.execute(select(Sale)).scalars().all()
    frame = pd.DataFrame(
        {
            "sale_date": [sale.sale_date for sale in sales],
            "make": [sale.make for sale in sales],
            "model": [sale.model for sale in sales],
            "region": [sale.region for sale in sales],
            "quantity": [sale.quantity for sale in sales],
            "unit_price_cents": [int(sale.unit_price * 100) for sale in sales],
            "unit_cost_cents": [
                int(sale.unit_cost * 100) if sale.unit_cost is not None else None for sale in sales
            ],
            "stocked_on": [sale.stocked_on for sale in sales],
        }
    )
    if frame.empty:
        return pd.DataFrame(columns=[*KEY, *SUMS]).set_index(KEY)
    cells = summary_cells(frame)
    cells["month"] = cells["month"].astype("datetime64[ns]")
    for name in ("revenue", "costed_revenue", "cost"):
        cells[name] = cells[name] / 100
    return cells[[*KEY, *SUMS]].astype(dict.fromkeys(SUMS, float)).groupby(KEY).sum().sort_index()


def assert_in_step(app: Flask, user: User) -> None:
    with app.app_context(), owner_scope(user.id):
        stored, expected = stored_summaries(user), recomputed_from_sales(user)
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False)


@pytest.fixture
def user(make_user: Callable[..., User], login: Callable[[User], None]) -> User:
    account = make_user()
    login(account)
    return account


def test_sales_typed_in_edited_moved_deleted_and_restored_keep_the_summaries_in_step(
    app: Flask, user: User
) -> None:
    typed = {
        "sale_date": date(2025, 3, 14), "make": "Kia", "model": "Ceed", "region": "East",
        "quantity": 2, "unit_price": Decimal("19000.50"), "unit_cost": Decimal("16000.00"),
        "stocked_on": date(2025, 1, 2),
    }  # fmt: skip
    with app.test_request_context(), owner_scope(user.id):
        sale = entry.create_sale(typed)
        other = entry.create_sale(typed | {"sale_date": date(2025, 3, 20), "quantity": 1})
        entry.update_sale(sale, typed | {"sale_date": date(2025, 4, 2), "unit_price": 100})
        token = entry.delete_sale(other)
    assert_in_step(app, user)

    with app.test_request_context(), owner_scope(user.id):
        entry.restore_sale(token)
    assert_in_step(app, user)
    with app.app_context(), owner_scope(user.id):
        march = aggregates.period_totals(date(2025, 3, 1), date(2025, 3, 31))
    assert (march.sales, march.revenue, march.cost) == (1, Decimal("19000.50"), Decimal("16000"))


def test_imports_and_their_undo_keep_the_summaries_in_step(
    app: Flask, client: FlaskClient, user: User, add_sales: Callable[..., list[int]]
) -> None:
    add_sales(user, [{"sale_date": date(2024, 2, 26), "make": "Typed", "model": "By hand"}])
    show_url = confirm(client, upload(client, DEALER_CSV).headers["Location"]).headers["Location"]
    assert_in_step(app, user)
    with app.app_context(), owner_scope(user.id):
        assert aggregates.sales_totals().sales == 5

    import_id = int(show_url.rstrip("/").split("/")[-1])
    client.post(f"/imports/{import_id}/undo")

    assert_in_step(app, user)
    with app.app_context(), owner_scope(user.id):
        totals = aggregates.sales_totals()
    assert (totals.sales, totals.revenue) == (1, Decimal("24500.00"))


@pytest.fixture
def spread(app: Flask, user: User, add_sales: Callable[..., list[int]]) -> User:
    """Sales on month edges, so a range that cuts months must read some days from the rows."""
    days = [date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 15), date(2025, 2, 28),
            date(2025, 3, 1), date(2025, 3, 31), date(2025, 4, 30)]  # fmt: skip
    add_sales(
        user,
        [
            {
                "sale_date": day,
                "quantity": index + 1,
                "unit_price": Decimal("10.00"),
                "make": "Kia" if index % 2 else "Ford",
            }
            for index, day in enumerate(days)
        ],
    )
    return user


@pytest.mark.parametrize(
    ("start", "end", "units"),
    [
        (None, None, 28),
        (date(2025, 2, 1), date(2025, 3, 31), 2 + 3 + 4 + 5 + 6),  # whole months
        (date(2025, 2, 2), date(2025, 3, 30), 3 + 4 + 5),  # both ends cut
        (date(2025, 1, 31), date(2025, 3, 1), 1 + 2 + 3 + 4 + 5),  # a day either side
        (date(2025, 2, 10), date(2025, 2, 20), 3),  # inside one month
        (date(2025, 3, 2), None, 6 + 7),
        (None, date(2025, 2, 14), 1 + 2),
    ],
)
def test_any_date_range_gives_the_exact_figures(
    app: Flask, spread: User, start: date | None, end: date | None, units: int
) -> None:
    with app.app_context(), owner_scope(spread.id):
        totals = aggregates.sales_totals(SalesFilter(date_from=start, date_to=end))
        by_make = aggregates.top_values("make", sales_filter=SalesFilter(date_from=start,
                                                                         date_to=end))  # fmt: skip

    assert totals.units == units
    assert totals.revenue == Decimal(units * 10)
    assert sum(row[2] for row in by_make) == units


def test_price_and_search_filters_still_count_single_sales(app: Flask, spread: User) -> None:
    with app.app_context(), owner_scope(spread.id):
        cheap = aggregates.sales_totals(SalesFilter(price_max=Decimal("5")))
        kia = aggregates.sales_totals(SalesFilter(search="ki"))

    assert cheap.sales == 0
    assert kia.units == 2 + 4 + 6


def test_another_accounts_summaries_are_not_counted(
    app: Flask, spread: User, make_user: Callable[..., User]
) -> None:
    stranger = make_user()

    with app.app_context(), owner_scope(stranger.id):
        totals = aggregates.sales_totals()
        makes = aggregates.top_values("make")

    assert (totals.sales, makes) == (0, [])
