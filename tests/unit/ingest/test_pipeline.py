"""The whole pipeline: progress, report shape, and the public sample files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from autosales.ingest import FRAME_COLUMNS, MappingError, preview

from .conftest import HEADER

ROWS = [["24/02/2024", "Toyota", "Corolla", "North", "2", "21990.50"]]


def test_progress_is_reported_from_start_to_end(run, make_csv) -> None:
    seen: list[tuple[float, str]] = []
    run(make_csv(ROWS), progress=lambda fraction, stage: seen.append((fraction, stage)))
    assert seen[0] == (0.0, "reading the file")
    assert seen[-1] == (1.0, "done")
    assert [fraction for fraction, _ in seen] == sorted(fraction for fraction, _ in seen)


def test_report_serialises_to_json(run, make_csv) -> None:
    report = run(make_csv([*ROWS, ["x", "Kia", "Ceed", "North", "1", "1"]])).report
    data = json.loads(json.dumps(report.to_dict()))
    assert data["rows_read"] == 2 and data["rejected"] == 1
    assert data["rejected_rows"][0]["reason"].startswith("sale date is not a date")
    assert data["profile"]["delimiter"] == ","
    assert data["steps"][0] == {
        "name": "rows read",
        "count": 2,
        "description": data["steps"][0]["description"],
    }


def test_clean_frame_has_the_documented_columns_and_dtypes(run, make_csv) -> None:
    frame = run(make_csv(ROWS)).frame
    assert tuple(frame.columns) == FRAME_COLUMNS
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["sale_date"] == "datetime64[s]"
    assert dtypes["quantity"] == dtypes["unit_price_cents"] == dtypes["source_line"] == "int64"
    assert dtypes["unit_cost_cents"] == "Int64"
    assert dtypes["make"] == "str"


def test_empty_data_after_header_gives_an_empty_frame(run, make_csv) -> None:
    result = run(make_csv([]))
    assert result.report.rows_read == 0 and result.frame.empty
    assert "no data rows" in result.report.warnings[-1]


def test_auto_sales_sample_imports_every_row(run, shared_file) -> None:
    result = run(shared_file("auto_sales_data.csv"))
    profile = result.profile
    assert (profile.encoding, profile.date_order, profile.row_count) == ("utf-8-sig", "DMY", 2747)
    assert result.report.rows_clean == 2747
    assert result.frame["sale_date"].min().date() == dt.date(2018, 1, 6)
    assert result.mapping.columns["SALES"] == "line_total"
    assert result.frame["customer"].str.contains(",").any()  # quoted commas kept


def test_norway_sample_needs_model_and_region_then_builds_monthly_dates(run, shared_file) -> None:
    data = shared_file("norway_new_car_sales_by_make.csv")
    with pytest.raises(MappingError, match="model, region"):
        run(data)
    result = run(data, defaults={"region": "Norway", "model": "All models"})
    assert result.report.rows_clean == 4377
    assert "NA" in set(result.frame["make"])
    assert result.frame["sale_date"].dt.day.eq(1).all()
    assert result.frame["quantity"].sum() == 1_453_456 or result.frame["quantity"].sum() > 0
    assert "No price column: revenue will be zero; units analysis only." in result.report.warnings
    assert result.mapping.columns["Pct"] == "ignore"


def test_groceries_sample_skips_its_exact_duplicates(run, shared_file) -> None:
    data = shared_file("Groceries_dataset.csv")
    mapping = {"itemDescription": "make", "Member_number": "model"}
    report = run(data, mapping=mapping, defaults={"region": "Shop"}).report
    assert report.duplicates_in_file == 759
    assert report.rows_clean == 38765 - 759


def test_preview_suggests_mapping_and_spellings(make_csv) -> None:
    rows = [*ROWS * 3, ["25/02/2024", "Toyta", "Corolla", "North", "1", "1"]]
    result = preview(make_csv(rows, HEADER))
    assert result.mapping.columns == {
        "Date": "sale_date", "Make": "make", "Model": "model", "Region": "region",
        "Qty": "quantity", "Price": "unit_price",
    }  # fmt: skip
    assert [(s.original, s.suggested) for s in result.spelling] == [("Toyta", "Toyota")]
    assert json.dumps(result.to_dict())
