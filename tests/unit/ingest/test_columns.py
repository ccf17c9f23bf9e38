"""Column matching: names, synonyms, content, user corrections and required fields."""

from __future__ import annotations

import pandas as pd
import pytest

from autosales.ingest import IngestError, MappingError, preview
from autosales.ingest.columns import resolve_mapping, suggest_mapping


def _frame(columns: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype=str)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Company", "make"),
        ("Brand", "make"),
        ("Manufacturer", "make"),
        ("Price ($)", "unit_price"),
        ("Amount", "unit_price"),
        ("Sale Price", "unit_price"),
        ("PRICEEACH", "unit_price"),
        ("SALES", "line_total"),
        ("Line Total", "line_total"),
        ("Dealer_Region", "region"),
        ("Territory", "region"),
        ("ORDERDATE", "sale_date"),
        ("Sale Date", "sale_date"),
        ("QUANTITYORDERED", "quantity"),
        ("Qty", "quantity"),
        ("Units", "quantity"),
        ("ORDERNUMBER", "order_ref"),
        ("Order No", "order_ref"),
        ("CUSTOMERNAME", "customer"),
        ("Customer Name", "customer"),
        ("Stock No.", "vin"),
        ("Unit Cost (€)", "unit_cost"),
        ("Stock-in date", "stocked_on"),
    ],
)
def test_column_names_match_their_field(header: str, target: str) -> None:
    mapping = suggest_mapping(_frame({header: ["x"]}))
    assert mapping.columns[header] == target
    assert mapping.suggestions[0].reason


def test_unnamed_date_column_is_matched_by_content() -> None:
    mapping = suggest_mapping(_frame({"When": ["24/02/2024", "13/03/2024"], "Make": ["Kia", "VW"]}))
    suggestion = mapping.suggestions[0]
    assert (suggestion.target, suggestion.reason) == ("sale_date", "most values are dates")
    assert suggestion.confidence < 0.9


def test_each_field_takes_one_column_the_strongest() -> None:
    mapping = suggest_mapping(_frame({"City": ["Oslo"], "Region": ["North"], "Country": ["NO"]}))
    assert mapping.columns == {"City": "ignore", "Region": "region", "Country": "ignore"}
    assert "region" in mapping.suggestions[0].alternatives


def test_productline_is_offered_as_make_or_body_style() -> None:
    mapping = suggest_mapping(_frame({"PRODUCTLINE": ["Classic Cars"]}))
    suggestion = mapping.suggestions[0]
    assert suggestion.target == "make"
    assert suggestion.alternatives == ("body_style",)


def test_user_correction_moves_a_field_to_another_column() -> None:
    suggested = suggest_mapping(_frame({"City": ["Oslo"], "Region": ["North"]}))
    resolved = resolve_mapping(suggested, {"City": "region"})
    assert resolved.columns == {"City": "region", "Region": "ignore"}


def test_user_mapping_giving_a_field_two_columns_is_refused() -> None:
    suggested = suggest_mapping(_frame({"A": ["1"], "B": ["2"]}))
    with pytest.raises(IngestError, match="Both 'A' and 'B' are mapped to make"):
        resolve_mapping(suggested, {"A": "make", "B": "make"})


@pytest.mark.parametrize(
    ("choice", "message"),
    [({"Nope": "make"}, "does not have"), ({"A": "colour_of_sky"}, "not a field")],
)
def test_user_mapping_with_unknown_names_is_refused(choice: dict, message: str) -> None:
    suggested = suggest_mapping(_frame({"A": ["1"]}))
    with pytest.raises(IngestError, match=message):
        resolve_mapping(suggested, choice)


def test_missing_required_fields_are_named_unless_a_default_is_given(run) -> None:
    data = b"Date,Make,Model,Qty,Price\n24/02/2024,Kia,Ceed,1,100\n"
    with pytest.raises(MappingError, match="no column for region") as caught:
        run(data)
    assert caught.value.missing == ["region"]
    result = run(data, defaults={"region": "Main"})
    assert result.frame["region"].tolist() == ["Main"]


def test_rejected_download_columns_are_ignored_on_re_upload() -> None:
    mapping = preview(b"Date,Make,line,reason\n24/02/2024,Kia,3,quantity is missing\n").mapping
    assert mapping.columns["line"] == "ignore"
    assert mapping.columns["reason"] == "ignore"


def test_preview_returns_first_twenty_rows_and_notes() -> None:
    rows = "".join(f"0{1 + i % 9}/03/2024,Kia,Ceed,North\n" for i in range(50))
    result = preview(("Date,Make,Model,Region\n" + rows).encode())
    assert len(result.rows) == 20
    assert result.profile.row_count == 50
    assert result.missing_required == []
    assert "No quantity column: each row counts as one unit." in result.notes
    assert "No price column: revenue will be zero; units analysis only." in result.notes
    assert result.profile.date_order == "DMY (assumed)"
