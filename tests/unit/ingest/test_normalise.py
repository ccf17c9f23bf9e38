"""Make/model spellings: safe fixes applied and counted, merges only suggested."""

from __future__ import annotations

import pandas as pd

from autosales.ingest.normalise import suggest_spellings

from .conftest import HEADER


def _rows(makes_models: list[tuple[str, str]]) -> list[list[str]]:
    return [
        ["24/02/2024", make, model, f"Region {i}", "1", "100"]
        for i, (make, model) in enumerate(makes_models)
    ]


def test_spaces_and_case_are_unified_and_counted(run, make_csv) -> None:
    rows = _rows([("toyota", "corolla "), ("Toyota", "Corolla"), ("bmw", "x5"), ("Kia", "Ceed")])
    result = run(make_csv(rows))
    assert result.frame["make"].tolist() == ["Toyota", "Toyota", "BMW", "Kia"]
    assert result.frame["model"].tolist() == ["Corolla", "Corolla", "X5", "Ceed"]
    steps = {step.name: step.count for step in result.report.steps}
    assert steps["spaces trimmed"] == 1
    assert steps["letter case unified"] == 4


def test_aliases_are_suggested_not_applied(run, make_csv) -> None:
    rows = _rows([("VW", "Golf"), ("Merc", "C200"), ("Chevy", "Spark"), ("Mercedes", "A180")])
    result = run(make_csv(rows))
    assert result.frame["make"].tolist() == ["VW", "Merc", "Chevy", "Mercedes"]
    suggested = {(s.original, s.suggested) for s in result.report.spelling}
    assert suggested == {
        ("VW", "Volkswagen"),
        ("Merc", "Mercedes-Benz"),
        ("Chevy", "Chevrolet"),
        ("Mercedes", "Mercedes-Benz"),
    }


def test_confirmed_spellings_are_applied_whatever_their_case(run, make_csv) -> None:
    rows = _rows([("VW", "Golf"), ("vw ", "Polo"), ("Toyta", "Yaris")])
    spelling = {"make": {"VW": "Volkswagen", "Toyta": "Toyota"}}
    result = run(make_csv(rows), spelling=spelling)
    assert result.frame["make"].tolist() == ["Volkswagen", "Volkswagen", "Toyota"]
    assert {step.name: step.count for step in result.report.steps}["spellings merged"] == 3


def test_near_duplicates_are_suggested_from_the_rarer_to_the_commoner() -> None:
    values = pd.Series(["Toyota"] * 5 + ["Toyta"] + ["Kia"] * 2, dtype=object)
    suggestions = suggest_spellings(values, "make")
    assert [(s.original, s.suggested, s.count) for s in suggestions] == [("Toyta", "Toyota", 1)]
    assert "misspelling" in suggestions[0].reason


def test_distinct_models_that_look_alike_are_not_suggested() -> None:
    values = pd.Series(["Model S", "Model X", "320i", "330i", "A3", "A4"], dtype=object)
    assert suggest_spellings(values, "model") == []


def test_na_make_is_a_real_make(run, make_csv) -> None:
    header = ["Date", *HEADER[1:]]
    result = run(make_csv(_rows([("NA", "Any")]), header))
    assert result.frame["make"].tolist() == ["NA"]
