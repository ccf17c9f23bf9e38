"""Comparisons side by side: like-for-like periods, makes and regions, and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from autosales.compare.periods import DateRange, custom_ranges, preset_ranges
from autosales.models import User

TODAY = date(2025, 3, 15)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"TODAY": lambda: TODAY}


@pytest.fixture
def dealer(
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    """Planted sales: two in 1-15 March, one on 16 February (outside like for like), and more."""
    user = make_user()
    sale = sale_row
    add_sales(
        user,
        [
            sale(date(2025, 3, 2), "Toyota", "North", 2, "20000"),
            sale(date(2025, 3, 15), "Kia", "South", 1, "15000"),
            sale(date(2025, 2, 10), "Toyota", "North", 1, "20000"),
            sale(date(2025, 2, 16), "Kia", "North", 5, "15000"),
            sale(date(2024, 6, 1), "Volvo", "South", 1, "40000"),
        ],
    )
    login(user)
    return user


def sale_row(day: date, make: str, region: str, quantity: int, price: str) -> dict[str, Any]:
    return {"sale_date": day, "make": make, "model": f"{make} one", "region": region,
            "quantity": quantity, "unit_price": Decimal(price)}  # fmt: skip


def cells(html: str, measure: str) -> list[str]:
    row = html.split(f'data-measure="{measure}"')[1].split("</tr>")[0]
    return [part.split("</td>")[0] for part in row.split('class="num')[1:]]


def test_this_month_so_far_is_set_against_the_same_days_of_last_month() -> None:
    pair = preset_ranges("month", date(2025, 3, 15))

    assert pair.first == DateRange(date(2025, 3, 1), date(2025, 3, 15))
    assert pair.second == DateRange(date(2025, 2, 1), date(2025, 2, 15))
    assert "same days of last month" in pair.note


@pytest.mark.parametrize(
    ("preset", "today", "second"),
    [
        ("month", date(2025, 3, 31), DateRange(date(2025, 2, 1), date(2025, 2, 28))),
        ("year", date(2024, 2, 29), DateRange(date(2023, 1, 1), date(2023, 2, 28))),
        ("30days", date(2025, 3, 30), DateRange(date(2025, 1, 30), date(2025, 2, 28))),
    ],
)
def test_presets_clamp_to_shorter_months_and_years(
    preset: str, today: date, second: DateRange
) -> None:
    assert preset_ranges(preset, today).second == second


def test_a_custom_range_reaching_today_cuts_the_second_to_as_many_days() -> None:
    pair = custom_ranges(
        DateRange(date(2025, 3, 1), date(2025, 3, 31)),
        DateRange(date(2024, 3, 1), date(2024, 3, 31)),
        today=date(2025, 3, 10),
    )

    assert pair.first.end == date(2025, 3, 10)
    assert pair.second == DateRange(date(2024, 3, 1), date(2024, 3, 10))


def test_month_against_last_month_is_like_for_like(client: FlaskClient, dealer: User) -> None:
    html = client.get("/compare/?kind=periods&preset=month").get_data(as_text=True)

    assert cells(html, "revenue")[:4] == [
        '">55,000.00',
        '">20,000.00',
        '">+35,000.00',
        ' up">+175.0%',
    ]
    assert cells(html, "units")[:2] == ['">3', '">1']
    assert "same days of last month" in html
    assert 'data-bokeh-target="comparison-chart"' in html


def test_custom_ranges_with_a_make_filter(client: FlaskClient, dealer: User) -> None:
    query = (
        "kind=periods&preset=custom&a_from=2025-02-01&a_to=2025-02-28"
        "&b_from=2024-06-01&b_to=2024-06-30&make=Kia"
    )

    html = client.get(f"/compare/?{query}").get_data(as_text=True)

    assert cells(html, "revenue")[:2] == ['">75,000.00', '">0.00']
    assert "There are no sales from 2024-06-01 to 2024-06-30 with these filters." in html


def test_make_against_make_gives_figures_shares_and_change(
    client: FlaskClient, dealer: User
) -> None:
    html = client.get("/compare/?kind=makes&makes=Toyota&makes=Kia").get_data(as_text=True)

    kia = html.split('data-name="Kia"')[1].split("</tr>")[0]
    assert "90,000.00" in kia  # 15,000 + 5 x 15,000
    assert "50.0%" in kia  # of 180,000
    assert "+50.0%" in kia  # against Toyota's 60,000
    assert "Revenue by region" in html


def test_region_against_region_over_a_range(client: FlaskClient, dealer: User) -> None:
    html = client.get(
        "/compare/?kind=regions&regions=South&regions=North&from=2025-01-01&to=2025-12-31"
    ).get_data(as_text=True)

    south = html.split('data-name="South"')[1].split("</tr>")[0]
    north = html.split('data-name="North"')[1].split("</tr>")[0]
    assert "15,000.00" in south and "10.0%" in south  # of 150,000
    assert "135,000.00" in north and "+800.0%" in north


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=periods&preset=custom&a_from=2025-03-20&a_to=2025-03-01&b_from=2025-02-01&b_to=2025-02-10",
         "the from date 2025-03-20 is after the to date 2025-03-01"),
        ("kind=periods&preset=custom&a_from=2025-03-01&a_to=2025-03-10",
         "need all four dates"),
        ("kind=periods&preset=custom&a_from=March&a_to=2025-03-10&b_from=2025-02-01&b_to=2025-02-10",
         "&#39;March&#39; is not a date like 2025-03-31"),
        ("kind=makes&makes=Toyota&makes=Trabant", "no sales of a make called &#39;Trabant&#39;"),
        ("kind=makes&makes=Toyota", "Pick between 2 and 6 makes"),
        ("kind=regions&" + "&".join(f"regions=R{n}" for n in range(7)), "you picked 7"),
        ("kind=periods&region=Atlantis", "no sales of a region called &#39;Atlantis&#39;"),
    ],
)  # fmt: skip
def test_bad_input_is_explained_not_an_error(
    client: FlaskClient, dealer: User, query: str, message: str
) -> None:
    response = client.get(f"/compare/?{query}")

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert "comparison-chart" not in response.get_data(as_text=True)


def test_no_sales_in_the_range_says_so(client: FlaskClient, dealer: User) -> None:
    html = client.get("/compare/?kind=periods&preset=30days&make=Volvo").get_data(as_text=True)

    assert "There are no sales from 2025-02-14 to 2025-03-15 with these filters." in html


def test_an_htmx_request_gets_the_result_alone(client: FlaskClient, dealer: User) -> None:
    response = client.get("/compare/?kind=periods&preset=year", headers={"HX-Request": "true"})

    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="comparison"')
    assert "<form" not in html


def test_another_accounts_sales_are_never_included(
    client: FlaskClient,
    dealer: User,
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
) -> None:
    add_sales(make_user(), [sale_row(date(2025, 3, 3), "Toyota", "North", 9, "99999")])

    month = client.get("/compare/?kind=periods&preset=month").get_data(as_text=True)
    makes = client.get("/compare/?kind=makes&makes=Toyota&makes=Kia").get_data(as_text=True)

    assert cells(month, "revenue")[0] == '">55,000.00'
    assert "99,999" not in month and "99,999" not in makes


def test_the_page_needs_a_sign_in(client: FlaskClient) -> None:
    assert client.get("/compare/").status_code == 302
