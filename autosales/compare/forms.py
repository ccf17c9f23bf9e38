"""The comparison form: read from the URL, checked, and written back into the form's fields.

A GET form keeps its whole state in the URL, so a comparison can be bookmarked and shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import MultiDict

from autosales.compare.periods import PRESETS, DateRange

KINDS = {
    "periods": "Period against period",
    "makes": "Make against make",
    "regions": "Region against region",
}
MIN_PICKS, MAX_PICKS = 2, 6


@dataclass(frozen=True)
class ComparisonForm:
    """What the user asked to compare, as typed, and what is wrong with it."""

    kind: str = "periods"
    preset: str = "month"
    dates: dict[str, str] = field(default_factory=dict)
    make: str = ""
    region: str = ""
    picks: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    def date_value(self, name: str) -> str:
        return self.dates.get(name, "")

    def parsed_range(self, prefix: str) -> DateRange | None:
        """Give the range of fields ``<prefix>from`` and ``<prefix>to``, if both are dates."""
        start = _as_date(self.date_value(f"{prefix}from"))
        end = _as_date(self.date_value(f"{prefix}to"))
        return DateRange(start, end) if start and end else None

    @property
    def scope(self) -> tuple[date | None, date | None]:
        return _as_date(self.date_value("from")), _as_date(self.date_value("to"))


DATE_FIELDS = {
    "a_from": "First range, from",
    "a_to": "First range, to",
    "b_from": "Second range, from",
    "b_to": "Second range, to",
    "from": "From",
    "to": "To",
}


def parse_comparison(args: MultiDict[str, str]) -> ComparisonForm:
    """Read a comparison from URL arguments; every problem is explained, none raises."""
    kind = args.get("kind", "periods") if args.get("kind") in KINDS else "periods"
    preset = args.get("preset", "month") if args.get("preset") in PRESETS else "month"
    dates = {name: args.get(name, "").strip()[:10] for name in DATE_FIELDS if args.get(name)}
    picks = _picks(args.getlist("makes" if kind == "makes" else "regions"))
    problems = [*_date_problems(dates)]
    if kind == "periods" and preset == "custom":
        problems += _custom_problems(dates)
    if kind != "periods":
        problems += _pick_problems(picks, kind)
    return ComparisonForm(
        kind=kind,
        preset=preset,
        dates=dates,
        make=args.get("make", "").strip()[:64],
        region=args.get("region", "").strip()[:64],
        picks=picks,
        problems=tuple(problems),
    )


def _picks(values: list[str]) -> tuple[str, ...]:
    cleaned = (value.strip()[:64] for value in values)
    return tuple(dict.fromkeys(value for value in cleaned if value))


def _date_problems(dates: dict[str, str]) -> list[str]:
    problems = [
        f"{DATE_FIELDS[name]} '{text}' is not a date like 2025-03-31."
        for name, text in dates.items()
        if _as_date(text) is None
    ]
    for prefix, label in (("a_", "first range"), ("b_", "second range"), ("", "range")):
        start, end = (
            _as_date(dates.get(f"{prefix}from", "")),
            _as_date(dates.get(f"{prefix}to", "")),
        )
        if start and end and start > end:
            problems.append(
                f"In the {label} the from date {start} is after the to date {end}; "
                "pick a from date on or before the to date."
            )
    return problems


def _custom_problems(dates: dict[str, str]) -> list[str]:
    missing = [
        DATE_FIELDS[name] for name in ("a_from", "a_to", "b_from", "b_to") if not dates.get(name)
    ]
    if not missing:
        return []
    return [f"Two ranges of your choice need all four dates; {', '.join(missing)} is empty."]


def _pick_problems(picks: tuple[str, ...], kind: str) -> list[str]:
    noun = "makes" if kind == "makes" else "regions"
    if MIN_PICKS <= len(picks) <= MAX_PICKS:
        return []
    return [f"Pick between {MIN_PICKS} and {MAX_PICKS} {noun} to compare; you picked {len(picks)}."]


def _as_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
