"""Cleaning: money, quantities, dates, required values, duplicates and the row accounting."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from autosales.ingest import frame_to_csv

from .conftest import HEADER

GOOD = ["24/02/2024", "Toyota", "Corolla", "North", "1", "21990.00"]


def _row(**changes: str) -> list[str]:
    row = dict(zip(HEADER, GOOD, strict=True))
    row.update(changes)
    return list(row.values())


@pytest.mark.parametrize(
    ("price", "cents"),
    [
        ('"$1,234.56"', 123456),
        ("1234.5", 123450),
        ('"1,234.56 $"', 123456),
        ("£12", 1200),
        ("USD 99.99", 9999),
        ("1234.565", 123457),
    ],
)
def test_prices_in_point_files_become_exact_cents(run, make_csv, price: str, cents: int) -> None:
    result = run(make_csv([_row(Price=price), GOOD]))
    assert result.frame["unit_price_cents"].tolist()[0] == cents


@pytest.mark.parametrize(
    ("price", "cents"),
    [("1.234,56 €", 123456), ("kr 1 234,50", 123450), ("12,5", 1250), ("€ 3.000", 300000)],
)
def test_prices_in_decimal_comma_files_become_exact_cents(
    run, make_csv, price: str, cents: int
) -> None:
    rows = [_row(Price=price), _row(Price="999,99", Model="Yaris")]
    result = run(make_csv(rows, delimiter=";"))
    assert result.profile.decimal_mark == ","
    assert result.frame["unit_price_cents"].tolist()[0] == cents


@pytest.mark.parametrize(
    ("price", "reason"),
    [
        ("", "unit price is missing"),
        ("call us", "unit price is not a number"),
        ("-5", "unit price is negative"),
        ("1000000000", "unit price is above 999,999,999.99"),
    ],
)
def test_bad_prices_reject_the_row_with_a_reason(run, make_csv, price: str, reason: str) -> None:
    result = run(make_csv([_row(Price=price), GOOD]))
    assert result.report.rejected_rows["reason"].tolist() == [reason]
    assert result.report.rejected_rows["line"].tolist() == [2]


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [
        ("2.5", "quantity is not a whole number"),
        ("0", "quantity must be at least 1"),
        ("-1", "quantity must be at least 1"),
        ("", "quantity is missing"),
    ],
)
def test_bad_quantities_are_rejected(run, make_csv, quantity: str, reason: str) -> None:
    result = run(make_csv([_row(Qty=quantity), GOOD]))
    assert result.report.rejected_rows["reason"].tolist() == [reason]


def test_quantity_written_with_a_decimal_zero_is_whole(run, make_csv) -> None:
    result = run(make_csv([_row(Qty="2.0"), _row(Qty='"1,000"')]))
    assert result.frame["quantity"].tolist() == [2, 1000]
    assert str(result.frame["quantity"].dtype) == "int64"


def test_day_first_dates_are_detected_from_values_over_twelve(run, make_csv) -> None:
    result = run(make_csv([_row(Date="03/04/2024"), _row(Date="13/04/2024")]))
    assert result.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 4, 3), dt.date(2024, 4, 13)]
    assert result.profile.date_order == "DMY"
    assert result.report.warnings == []


def test_month_first_dates_are_detected(run, make_csv) -> None:
    result = run(make_csv([_row(Date="03/04/2024 0:00"), _row(Date="04/13/2024 0:00")]))
    assert result.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 3, 4), dt.date(2024, 4, 13)]
    assert result.profile.date_order == "MDY"


def test_ambiguous_dates_are_read_day_first_with_a_warning(run, make_csv) -> None:
    result = run(make_csv([_row(Date="03/04/2024")]))
    assert result.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 4, 3)]
    assert "read day-first" in result.report.warnings[0]
    chosen = run(make_csv([_row(Date="03/04/2024")]), date_order="MDY")
    assert chosen.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 3, 4)]


@pytest.mark.parametrize(
    "text", ["2024-02-24", "24.02.2024", "24-Feb-2024", "2024-02-24T10:30:00", "24/02/24"]
)
def test_several_date_formats_are_read(run, make_csv, text: str) -> None:
    result = run(make_csv([_row(Date=text)]))
    assert result.frame["sale_date"].dt.date.tolist() == [dt.date(2024, 2, 24)]


def test_future_dates_are_rejected_unless_allowed(run, make_csv) -> None:
    data = make_csv([_row(Date="01/07/2025"), GOOD])
    assert run(data).report.rejected_rows["reason"].tolist() == ["sale date is in the future"]
    assert run(data, allow_future=True).report.rejected == 0


def test_dates_before_1990_and_unreadable_dates_are_rejected(run, make_csv) -> None:
    result = run(make_csv([_row(Date="31/12/1989"), _row(Date="soon"), GOOD]))
    assert result.report.rejected_rows["reason"].tolist() == [
        "sale date is before 1990, which is not plausible",
        "sale date is not a date we can read (expected like 24/02/2018)",
    ]


def test_a_row_with_several_problems_lists_them_all(run, make_csv) -> None:
    result = run(make_csv([_row(Make="", Qty="x"), GOOD]))
    assert result.report.rejected_rows["reason"].tolist() == [
        "make is missing; quantity is not a whole number"
    ]


def test_text_longer_than_the_field_allows_is_rejected(run, make_csv) -> None:
    result = run(make_csv([_row(Model="X" * 65), GOOD]))
    assert result.report.rejected_rows["reason"].tolist() == ["model is longer than 64 characters"]


def test_file_without_quantity_holds_one_unit_per_row(run, make_csv) -> None:
    header = ["Date", "Make", "Model", "Region", "Price"]
    result = run(make_csv([["24/02/2024", "Kia", "Ceed", "North", "100"]], header))
    assert result.frame["quantity"].tolist() == [1]
    assert "No quantity column: each row counts as 1 unit(s)." in result.report.warnings


def test_unit_price_comes_from_line_total_when_absent(run, make_csv) -> None:
    header = ["Date", "Make", "Model", "Region", "Qty", "Line Total"]
    rows = [["24/02/2024", "Kia", "Ceed", "North", "3", "100.00"]]
    result = run(make_csv(rows, header))
    assert result.frame["unit_price_cents"].tolist() == [3333]
    assert any("line total divided by the quantity" in w for w in result.report.warnings)


def test_file_without_price_is_imported_at_zero_with_a_warning(run, make_csv) -> None:
    header = ["Date", "Make", "Model", "Region"]
    result = run(make_csv([["24/02/2024", "Kia", "Ceed", "North"]], header))
    assert result.frame["unit_price_cents"].tolist() == [0]
    assert "No price column: revenue will be zero; units analysis only." in result.report.warnings


def test_optional_fields_are_parsed_or_left_empty(run, make_csv) -> None:
    header = [*HEADER, "Unit Cost", "Stock-in Date", "VIN", "Colour"]
    rows = [[*GOOD, "19000", "01/01/2024", "JTD123", "Red"], [*_row(Model="Yaris"), "", "", "", ""]]
    frame = run(make_csv(rows, header)).frame
    assert frame["unit_cost_cents"].tolist()[0] == 1900000
    assert frame["unit_cost_cents"].isna().tolist() == [False, True]
    assert frame["stocked_on"].dt.date.tolist()[0] == dt.date(2024, 1, 1)
    assert frame["vin"].isna().tolist() == [False, True]
    assert frame["customer"].isna().all()


def test_extra_columns_are_kept_when_asked(run, make_csv) -> None:
    rows = [[*GOOD, "Shipped"], [*_row(Model="Yaris"), ""]]
    result = run(make_csv(rows, [*HEADER, "STATUS"]), keep_extra_columns=["STATUS"])
    assert result.frame["extra"].tolist() == [{"STATUS": "Shipped"}, None]


def test_duplicates_are_skipped_and_shown_or_kept_on_request(run, make_csv) -> None:
    data = make_csv(
        [
            GOOD,
            _row(Model="Yaris"),
            GOOD,
            [" 24/02/2024", "toyota ", "Corolla", "North", "1", "21990"],
        ]
    )
    result = run(data)
    report = result.report
    assert (report.rows_read, report.rows_clean, report.duplicates_in_file) == (4, 2, 2)
    assert report.duplicate_rows[["line", "duplicate_of"]].to_dict("list") == {
        "line": [4, 5],
        "duplicate_of": [2, 2],
    }
    kept = run(data, keep_duplicates=True).report
    assert (kept.rows_clean, kept.duplicates_in_file, kept.duplicates_skipped) == (4, 2, 0)


def test_every_row_is_clean_duplicate_or_rejected_in_random_files(run, make_csv) -> None:
    choices = {
        "Date": ["24/02/2024", "13/01/2023", "", "31/02/2024", "01/01/1980", "01/01/2030"],
        "Make": ["Toyota", "toyota", " VW", "", "X" * 70],
        "Model": ["Corolla", "Golf"],
        "Region": ["North", ""],
        "Qty": ["1", "2", "0", "2.5", "", "abc"],
        "Price": ["100", "$1,000.50", "-1", "", "free"],
    }
    generator = random.Random(7)
    for _ in range(12):
        rows = [
            [generator.choice(choices[c]) for c in HEADER] for _ in range(generator.randint(1, 30))
        ]
        report = run(make_csv(rows), keep_duplicates=generator.random() < 0.3).report
        assert report.rows_read == len(rows)
        assert report.rows_read == report.rows_clean + report.duplicates_skipped + report.rejected
        assert len(report.rejected_rows) == report.rejected


def test_rejected_rows_download_re_imports_cleanly_after_the_fix(run, make_csv) -> None:
    first = run(make_csv([GOOD, _row(Qty="two", Model="Yaris"), _row(Price="", Model="Aygo")]))
    assert first.report.rejected == 2
    download = frame_to_csv(first.report.rejected_rows).decode("utf-8-sig")
    fixed = download.replace(",two,", ",2,").replace(",,4,", ",15000,4,")
    second = run(fixed.encode("utf-8-sig"))
    assert (second.report.rows_clean, second.report.rejected) == (2, 0)
    assert second.frame["model"].tolist() == ["Yaris", "Aygo"]
    assert second.frame["unit_price_cents"].tolist() == [2199000, 1500000]


def test_year_and_month_columns_make_the_first_of_the_month(run) -> None:
    lines = [
        "Year;Month;Make;Model;Region",
        "2024;Jan;Kia;Ceed;N",
        "2024;2;Kia;Ceed;N",
        "2024;13;x;y;N",
    ]
    result = run("\n".join(lines).encode())
    dates = result.frame["sale_date"].dt.date.tolist()
    assert dates == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    assert result.report.rejected_rows["reason"].tolist() == [
        "year or month is missing or not valid"
    ]


@pytest.mark.parametrize(
    ("defaults", "message"),
    [
        ({"region": "x" * 65}, "default region is longer than 64 characters"),
        ({"region": "Main", "quantity": "two"}, "default quantity must be a whole number"),
        ({"region": "Main", "unit_price": "-1"}, "default unit price must be a number"),
    ],
)
def test_unusable_defaults_are_refused(run, defaults: dict, message: str) -> None:
    from autosales.ingest import IngestError

    with pytest.raises(IngestError, match=message):
        run(b"Date,Make,Model\n24/02/2024,Kia,Ceed\n", defaults=defaults)
