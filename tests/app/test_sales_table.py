"""The sales table: filters in the URL, sorting, paging, search suggestions, exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from flask.testing import FlaskClient

from autosales.models import User


@pytest.fixture
def dealer(
    make_user: Callable[..., User],
    add_sales: Callable[..., list[int]],
    login: Callable[[User], None],
) -> User:
    user = make_user(email="dealer@example.com")
    add_sales(
        user,
        [
            {
                "sale_date": date(2025, 1, 5),
                "make": "Toyota",
                "model": "Corolla",
                "unit_price": Decimal("21000.00"),
                "customer": "Ada Lovelace",
            },
            {
                "sale_date": date(2025, 2, 9),
                "make": "Toyota",
                "model": "RAV4",
                "region": "South",
                "unit_price": Decimal("33000.00"),
                "customer": '=HYPERLINK("http://x")',
            },
            {
                "sale_date": date(2025, 3, 1),
                "make": "Volvo",
                "model": "XC60",
                "unit_price": Decimal("52000.00"),
                "quantity": 2,
            },
        ],
    )
    other = make_user(email="other@example.com")
    add_sales(other, [{"make": "Lada", "model": "Niva", "customer": "Secret Buyer"}])
    login(user)
    return user


def rows_in(page: str) -> int:
    return page.count('<tr id="sale-')


def test_the_table_lists_the_accounts_own_sales_newest_first(
    client: FlaskClient, dealer: User
) -> None:
    page = client.get("/sales/").get_data(as_text=True)

    assert rows_in(page) == 3
    assert page.index("XC60") < page.index("RAV4") < page.index("Corolla")
    assert "Lada" not in page and "Secret Buyer" not in page
    assert "Showing 1–3 of 3 sales" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("make=Toyota", {"Corolla", "RAV4"}),
        ("from=2025-02-01&to=2025-02-28", {"RAV4"}),
        ("price_min=30000", {"RAV4", "XC60"}),
        ("price_max=25,000", {"Corolla"}),
        ("q=lovelace", {"Corolla"}),
        ("region=South", {"RAV4"}),
    ],
)
def test_filters_in_the_url_limit_the_rows(
    client: FlaskClient, dealer: User, query: str, expected: set[str]
) -> None:
    page = client.get(f"/sales/?{query}").get_data(as_text=True)

    shown = {model for model in ("Corolla", "RAV4", "XC60") if f"<td>{model}</td>" in page}
    assert shown == expected
    assert "matching the filters" in page


def test_nonsense_filter_values_are_reported_not_a_500(client: FlaskClient, dealer: User) -> None:
    response = client.get("/sales/?from=yesterday&price_min=lots&page=-4&sort=password_hash")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "is not a date like 2025-03-31" in page
    assert "is not an amount like 25000" in page
    assert rows_in(page) == 3


def test_sorting_by_price_ascending(client: FlaskClient, dealer: User) -> None:
    page = client.get("/sales/?sort=unit_price&dir=asc").get_data(as_text=True)

    assert page.index("Corolla") < page.index("RAV4") < page.index("XC60")
    assert 'aria-sort="ascending"' in page


def test_paging_keeps_the_filters_in_its_links(client: FlaskClient, dealer: User) -> None:
    page = client.get("/sales/?per_page=25&make=Toyota").get_data(as_text=True)

    assert rows_in(page) == 2
    assert "Page 1 of" not in page  # one page only: no pager


def test_htmx_filter_requests_get_only_the_table(client: FlaskClient, dealer: User) -> None:
    response = client.get(
        "/sales/?make=Volvo", headers={"HX-Request": "true", "HX-Target": "sales-table"}
    )

    page = response.get_data(as_text=True)
    assert "<html" not in page
    assert rows_in(page) == 1


def test_search_suggestions_come_from_the_accounts_own_sales(
    client: FlaskClient, dealer: User
) -> None:
    options = client.get("/sales/suggest/search?q=o").get_data(as_text=True)
    makes = client.get("/sales/suggest/make?make=v").get_data(as_text=True)

    assert '<option value="Toyota">' in options
    assert "Lada" not in options and "Niva" not in options
    assert makes.strip() == '<option value="Volvo">'


def test_csv_export_is_an_attachment_of_the_filtered_rows_with_formulas_neutralised(
    client: FlaskClient, dealer: User
) -> None:
    response = client.get("/sales/export.csv?make=Toyota")

    text = response.data.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert lines[0].startswith("sale_date,make,model,region,quantity,unit_price")
    assert len(lines) == 3
    assert "'=HYPERLINK" in text
    assert "Lada" not in text


def test_xlsx_export_holds_numbers_as_numbers(client: FlaskClient, dealer: User) -> None:
    response = client.get("/sales/export.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("sale_date", "make", "model")
    assert len(rows) == 4
    prices = sorted(float(row[5]) for row in rows[1:])
    assert prices == [21000.0, 33000.0, 52000.0]


def test_the_csv_template_can_be_downloaded_without_signing_in(client: FlaskClient) -> None:
    response = client.get("/sales/template.csv")

    assert response.status_code == 200
    assert response.data.decode("utf-8-sig").startswith("sale_date,make,model,region")
