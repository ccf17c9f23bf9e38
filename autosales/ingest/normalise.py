"""Make and model spellings: automatic whitespace and case fixes, suggested merges.

Only fixes that change nothing but spaces or letter case are applied automatically. Aliases
("VW") and near-duplicates ("Toyta") are offered as :class:`SpellingSuggestion` for the user to
confirm; confirmed choices come back as a mapping that :func:`apply_spelling` applies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from autosales.ingest.parsing import map_distinct_text

FUZZY_RATIO = 0.85
FUZZY_MAX_DISTINCT = 500  # beyond this many spellings the pairwise comparison is skipped

KNOWN_MAKES: tuple[str, ...] = (
    "Acura", "Alfa Romeo", "Aston Martin", "Audi", "Bentley", "BMW", "Buick", "BYD", "Cadillac",
    "Chevrolet", "Chrysler", "Citroen", "Cupra", "Dacia", "Dodge", "DS", "Ferrari", "Fiat",
    "Ford", "Genesis", "GMC", "Honda", "Hyundai", "Infiniti", "Jaguar", "Jeep", "Kia",
    "Lamborghini", "Land Rover", "Lexus", "Lincoln", "Maserati", "Mazda", "Mercedes-Benz", "MG",
    "MINI", "Mitsubishi", "Nissan", "Opel", "Peugeot", "Polestar", "Porsche", "Ram", "Renault",
    "Saab", "Seat", "Skoda", "Smart", "Subaru", "Suzuki", "Tesla", "Toyota", "Volkswagen",
    "Volvo",
)  # fmt: skip
ALIASES: dict[str, str] = {
    "vw": "Volkswagen",
    "v.w.": "Volkswagen",
    "volkswagon": "Volkswagen",
    "merc": "Mercedes-Benz",
    "mercedes": "Mercedes-Benz",
    "mercedes benz": "Mercedes-Benz",
    "benz": "Mercedes-Benz",
    "chevy": "Chevrolet",
    "landrover": "Land Rover",
    "alfa": "Alfa Romeo",
    "citroën": "Citroen",
    "škoda": "Skoda",
    "vauxhall": "Opel",
}
_KNOWN_BY_KEY = {make.casefold(): make for make in KNOWN_MAKES}


@dataclass(frozen=True, slots=True)
class SpellingSuggestion:
    """A proposed rewrite of one spelling in ``field`` ("make" or "model"), with the number of
    rows that carry it and why it is proposed."""

    field: str
    original: str
    suggested: str
    count: int
    reason: str


def spelling_key(value: str) -> str:
    """Give the comparison key of a spelling: spaces collapsed, case folded."""
    return " ".join(value.split()).casefold()


def collapse_spaces(values: pd.Series) -> pd.Series:
    """Trim cells and collapse runs of whitespace to one space."""

    def parse(uniques: pd.Series) -> list[str]:
        return [" ".join(str(value).split()) for value in uniques]

    return map_distinct_text(values, parse)


def display_forms(values: pd.Series, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Give, per spelling key, the form to show: a known name, else the commonest variant
    that is not all lower case, else the variant with a capital first letter."""
    counts = values[values != ""].value_counts()  # commonest first
    cased: dict[str, str] = {}
    plain: dict[str, str] = {}
    for value in counts.index:
        text = str(value)
        key = text.casefold()
        if text != text.lower():
            cased.setdefault(key, text)
        plain.setdefault(key, text[:1].upper() + text[1:])
    forms = {key: cased.get(key, shown) for key, shown in plain.items()}
    if known:
        forms.update({key: known[key] for key in forms if key in known})
    return forms


def unify_case(values: pd.Series, field: str) -> pd.Series:
    """Rewrite each spelling to its display form ("corolla" and "Corolla" -> "Corolla")."""
    forms = display_forms(values, _KNOWN_BY_KEY if field == "make" else None)

    def parse(uniques: pd.Series) -> list[str]:
        return [forms.get(str(value).casefold(), str(value)) for value in uniques]

    return map_distinct_text(values, parse)


def apply_spelling(values: pd.Series, choices: Mapping[str, str]) -> pd.Series:
    """Rewrite spellings the user confirmed; keys match whatever their case or spacing."""
    if not choices:
        return values
    lookup = {spelling_key(original): new for original, new in choices.items()}

    def parse(uniques: pd.Series) -> list[str]:
        return [lookup.get(spelling_key(str(value)), str(value)) for value in uniques]

    return map_distinct_text(values, parse)


def suggest_spellings(values: pd.Series, field: str) -> list[SpellingSuggestion]:
    """Suggest merges for one column of spellings: known aliases, then near-duplicates.

    Near-duplicates are pairs whose difflib similarity ratio is at least FUZZY_RATIO, and
    which differ in more than a number or a one-letter word ("Model S"/"Model X" are distinct);
    the rarer spelling is proposed to become the commoner one.
    """
    distinct = values.value_counts()
    spellings = unify_case(collapse_spaces(pd.Series(distinct.index, dtype="str")), field)
    counts = (
        distinct.groupby(spellings.to_numpy()).sum().sort_values(ascending=False, kind="stable")
    )
    counts = counts[counts.index != ""]
    suggestions: list[SpellingSuggestion] = []
    merged: set[str] = set()
    if field == "make":
        for spelling, count in counts.items():
            target = ALIASES.get(spelling_key(str(spelling)))
            if target and target != spelling:
                reason = f"{spelling!r} is a common name for {target}"
                suggestions.append(
                    SpellingSuggestion(field, str(spelling), target, int(count), reason)
                )
                merged.add(str(spelling))
    common = [str(v) for v in counts.index[:FUZZY_MAX_DISTINCT] if str(v) not in merged]
    suggestions += _near_duplicates(common, counts, field)
    return suggestions


def _near_duplicates(
    spellings: list[str], counts: pd.Series, field: str
) -> list[SpellingSuggestion]:
    """Pair each spelling with a commoner similar one (``spellings`` is commonest first).

    Only spellings with the same numbers are compared: "320i" and "330i" are different models.
    """
    groups: dict[tuple[str, ...], list[str]] = {}
    for spelling in spellings:
        groups.setdefault(tuple(re.findall(r"\d+", spelling)), []).append(spelling)
    found: list[SpellingSuggestion] = []
    for group in groups.values():
        for index, rare in enumerate(group):
            common = _similar_commoner(rare, group[:index])
            if common is not None:
                ratio = difflib.SequenceMatcher(None, common.casefold(), rare.casefold()).ratio()
                reason = f"{rare!r} looks like a misspelling of {common!r} ({ratio:.0%} similar)"
                found.append(SpellingSuggestion(field, rare, common, int(counts[rare]), reason))
    return found


def _similar_commoner(rare: str, commoner: list[str]) -> str | None:
    """Give the first of ``commoner`` similar enough to ``rare``, or None."""
    matcher = difflib.SequenceMatcher(None, "", rare.casefold())
    for common in commoner:
        matcher.set_seq1(common.casefold())
        if matcher.real_quick_ratio() < FUZZY_RATIO or matcher.quick_ratio() < FUZZY_RATIO:
            continue
        if matcher.ratio() >= FUZZY_RATIO and not _meaningful_difference(rare, common):
            return common
    return None


def _meaningful_difference(first: str, second: str) -> bool:
    """Say whether two similar spellings differ in a number or in a one- or two-letter word,
    as model names do ("320i"/"330i", "Model S"/"Model X")."""
    if re.findall(r"\d+", first) != re.findall(r"\d+", second):
        return True
    words_a, words_b = first.casefold().split(), second.casefold().split()
    if len(words_a) != len(words_b):
        return False
    differing = [(a, b) for a, b in zip(words_a, words_b, strict=True) if a != b]
    return len(differing) == 1 and min(len(differing[0][0]), len(differing[0][1])) <= 2
