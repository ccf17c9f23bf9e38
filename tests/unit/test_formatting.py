"""Figures in sentences the analysis wrote, shown in the user's own number format."""

from __future__ import annotations

import pytest

from autosales.formatting import Preferences, format_share, numbers_in

GERMAN = Preferences(number_format="1.234,56")
SWISS = Preferences(number_format="1'234.56")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (
            "Revenue rose 12.5% (2,782,772 to 3,395,214).",
            "Revenue rose 12,5% (2.782.772 to 3.395.214).",
        ),
        ("It sold 1,234.", "It sold 1.234."),
        (
            "A sample of 50,000 of the 1,000,000 sales.",
            "A sample of 50.000 of the 1.000.000 sales.",
        ),
        ("Lift 2.35, confidence 0.61", "Lift 2,35, confidence 0,61"),
    ],
)
def test_figures_in_a_sentence_take_the_users_separators(written: str, shown: str) -> None:
    assert numbers_in(written, GERMAN) == shown


@pytest.mark.parametrize(
    "text",
    ["Sales in 2024-02 peaked on 2024-02-24.", "The BMW X5 2.0i and version 3.5.1", "12 units"],
)
def test_dates_names_and_plain_integers_are_left_alone(text: str) -> None:
    assert numbers_in(text, GERMAN) == text


def test_other_formats_and_the_default(text: str = "1,234,567.8 and 0.5") -> None:
    assert numbers_in(text, SWISS) == "1'234'567.8 and 0.5"
    assert numbers_in(text, Preferences()) == text
    assert numbers_in(None, GERMAN) == ""


def test_a_share_is_a_percentage_in_the_users_format() -> None:
    assert format_share(0.125, 1, GERMAN) == "12,5%"
