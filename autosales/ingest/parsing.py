"""Typed conversion of text columns: dates, money amounts and whole numbers.

Each function works on the distinct values of a column (``pandas.factorize``) and maps the
results back, so a million rows with a few thousand distinct dates cost a few thousand parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DATE_FORMATS: dict[str, tuple[str, ...]] = {
    "YMD": ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"),
    "DMY": (
        "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y", "%d-%m-%y",
        "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d %B %Y", "%d. %B %Y",
    ),
    "MDY": (
        "%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y", "%m/%d/%y", "%m-%d-%y",
        "%b %d %Y", "%b %d, %Y", "%B %d %Y", "%B %d, %Y",
    ),
}  # fmt: skip
_TIME_SUFFIX = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?Z?)$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_CURRENCY = re.compile(r"(?i)(?:usd|eur|gbp|nok|sek|dkk|chf|kr\.?|[$€£¥₹\s\u00a0\u202f'’])")
# ASCII digits: RE2 (Arrow) reads \d as [0-9], while Python also matches other scripts' digits.
_PLAIN_POINT = r"-?[0-9]+(?:\.[0-9]{1,2})?"
_PLAIN_COMMA = r"-?[0-9]+(?:,[0-9]{1,2})?"


def map_distinct(series: pd.Series, parse: Callable[[pd.Series], Any]) -> np.ndarray:
    """Apply ``parse`` to the distinct values of ``series`` and spread the results back.

    ``parse`` receives the distinct values as a Series (same dtype) and gives one result per
    value (a NumPy array, possibly two-dimensional). Missing values get the first result; callers
    mask them themselves.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = parse(pd.Series(uniques))
    if not len(results):
        return np.full(len(series), np.nan)
    return np.asarray(results)[np.where(codes < 0, 0, codes)]


def map_distinct_text(series: pd.Series, parse: Callable[[pd.Series], Any]) -> pd.Series:
    """Like :func:`map_distinct` for text results: gives a ``str`` Series (missing stays NaN).

    The distinct results are turned into a string array once and spread with ``take``, which
    keeps large columns in pandas' compact string storage.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = pd.array(list(parse(pd.Series(uniques))), dtype="str")
    taken = results.take(codes, allow_fill=True)
    return pd.Series(taken, index=series.index, dtype="str")


def strip_time(values: pd.Series) -> pd.Series:
    """Remove a trailing time of day ("0:00", "T10:30:00", "3:05 PM") from date text."""
    return values.str.strip().str.replace(_TIME_SUFFIX, "", regex=True)


def detect_date_order(values: pd.Series) -> tuple[str, bool]:
    """Give the date order ("DMY", "MDY" or "YMD") and whether the values proved it.

    Numeric dates vote day-first when their first number exceeds 12 and month-first when their
    second does; four-digit first numbers mean year-first. With no vote, day-first is assumed.
    """
    distinct = pd.Series(strip_time(values.drop_duplicates().head(5000)).unique(), dtype=object)
    parts = distinct.str.extract(_NUMERIC_DATE).dropna().astype(int)
    if parts.empty:
        order = _order_from_formats(distinct)
        return order or "DMY", order is not None
    if (parts[0] > 31).mean() > 0.5:
        return "YMD", True
    day_first = int((parts[0] > 12).sum())
    month_first = int((parts[1] > 12).sum())
    if day_first == month_first == 0:
        return "DMY", False
    return ("DMY" if day_first >= month_first else "MDY"), True


def _order_from_formats(distinct: pd.Series) -> str | None:
    """Give the order whose formats parse most of the non-numeric date texts, if any does."""
    sample = distinct.head(200)
    best, best_count = None, 0
    for order in ("YMD", "DMY", "MDY"):
        parsed, _ = parse_dates(sample, order)
        count = int(parsed.notna().sum())
        if count > best_count:
            best, best_count = order, count
    return best


def parse_dates(values: pd.Series, order: str) -> tuple[pd.Series, str | None]:
    """Parse date text with the formats of ``order`` (ISO dates always accepted).

    Gives midnight timestamps (datetime64[s], NaT where no format fits) and the format that
    parsed most values. A time of day is dropped: sales are counted per day.
    """

    def parse(uniques: pd.Series) -> np.ndarray:
        text = strip_time(uniques.astype("str"))
        result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
        for fmt in (*DATE_FORMATS[order], *(DATE_FORMATS["YMD"] if order != "YMD" else ())):
            todo = result.isna() & (text != "")
            if not todo.any():
                break
            parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
            result[todo] = parsed.astype("datetime64[s]")
            usage[fmt] = usage.get(fmt, 0) + int(parsed.notna().sum())
        return result.to_numpy()

    usage: dict[str, int] = {}
    parsed = pd.Series(map_distinct(values, parse), index=values.index, dtype="datetime64[s]")
    best = max(usage, key=lambda fmt: usage[fmt]) if any(usage.values()) else None
    return parsed, best


def clean_amount_text(text: str) -> str:
    """Remove currency symbols and codes, spaces and apostrophe thousands separators."""
    return _CURRENCY.sub("", text.strip())


def parse_amount(text: str, decimal_mark: str = ".") -> Decimal | None:
    """Give the exact Decimal for an amount such as "€ 1.234,56", "$1,234.56" or "12,5".

    With both separators present the last one is the decimal mark. With one kind present, a
    separator seen more than once, or once before exactly three digits in a file whose decimal
    mark is the other one, separates thousands; otherwise it is the decimal mark.
    """
    text = clean_amount_text(text)
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text or "." in text:
        separator = "," if "," in text else "."
        tail = text.rsplit(separator, 1)[1]
        thousands = text.count(separator) > 1 or (len(tail) == 3 and separator != decimal_mark)
        decimal = "" if thousands else separator
    else:
        decimal = ""
    thousands_mark = {"": ",.", ",": ".", ".": ","}[decimal]
    for mark in thousands_mark:
        text = text.replace(mark, "")
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amounts_to_cents(values: pd.Series, decimal_mark: str) -> tuple[np.ndarray, np.ndarray]:
    """Give amounts in cents (float, NaN where not a number) and a mask of values rounded.

    Plain amounts (ASCII digits, at most two decimals) are read in one vectorised pass over
    the column; the others, distinct values only, go through :func:`parse_amount` and are
    rounded half-up to the cent.
    """
    cents = np.full(len(values), np.nan)
    rounded = np.zeros(len(values), dtype=bool)
    if not len(values):
        return cents, rounded
    plain, plain_cents = plain_amounts_to_cents(values, decimal_mark)
    cents[plain] = plain_cents
    if not plain.all():
        others = values[~plain].fillna("")
        careful = map_distinct(others, lambda uniques: _careful_cents(uniques, decimal_mark))
        cents[~plain] = careful[:, 0]
        rounded[~plain] = careful[:, 1] == 1
    return cents, rounded


def plain_amounts_to_cents(values: pd.Series, decimal_mark: str) -> tuple[np.ndarray, np.ndarray]:
    """Give a mask of the plain amounts ("-1234.5", or "1234,5" with a decimal comma: ASCII
    digits, at most two decimals, spaces around allowed) and their cents, in the mask's order.

    Arrow does the trimming, matching and float parsing in C; ``rint(amount * 100)`` is exact
    for two decimals, as for the careful path, up to about 10**13.
    """
    text = pc.utf8_trim_whitespace(pa.array(values, from_pandas=True).cast(pa.large_string()))
    pattern = _PLAIN_POINT if decimal_mark == "." else _PLAIN_COMMA
    plain = pc.fill_null(pc.match_substring_regex(text, f"^{pattern}$"), False)
    kept = pc.filter(text, plain)
    if decimal_mark != ".":
        kept = pc.replace_substring(kept, ",", ".")
    amounts = pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False)
    return plain.to_numpy(zero_copy_only=False), np.rint(amounts * 100)


def _careful_cents(uniques: pd.Series, decimal_mark: str) -> np.ndarray:
    """Give (cents, rounded flag) rows for amounts the plain path could not read."""
    texts = uniques.astype("str").str.strip()
    return np.array([_slow_cents(text, decimal_mark) for text in texts], dtype=float).reshape(-1, 2)


def _slow_cents(text: str, decimal_mark: str) -> tuple[float, float]:
    """Give (cents, rounded flag) for one amount through exact Decimal arithmetic."""
    value = parse_amount(text, decimal_mark)
    if value is None:
        return np.nan, 0.0
    cents = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if abs(cents) >= 10**15:
        return np.nan, 0.0
    return float(cents), float(cents != value * 100)


def whole_numbers(values: pd.Series, decimal_mark: str) -> np.ndarray:
    """Give whole numbers as floats (NaN where the text is not a whole number).

    "2", "2.0" and "1,000" are whole; "2.5" and "two" are not.
    """

    def parse(uniques: pd.Series) -> np.ndarray:
        text = uniques.astype("str").str.strip()
        digits = text.str.fullmatch(r"-?\d{1,15}")
        result = np.full(len(text), np.nan)
        result[digits.to_numpy()] = pd.to_numeric(text[digits]).to_numpy(dtype=float)
        for position in np.flatnonzero(~digits.to_numpy()):
            value = parse_amount(text.iloc[position], decimal_mark)
            if value is not None and value == value.to_integral_value() and abs(value) < 10**15:
                result[position] = float(value)
        return result

    return map_distinct(values, parse)
