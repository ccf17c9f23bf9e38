"""Date arithmetic in SQL that reads the same on SQLite and MariaDB."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

FREQUENCIES = ("D", "W", "M")


class period_start(FunctionElement[date]):  # noqa: N801 - reads as the SQL function it is
    """The first day of the day, ISO week (Monday) or month a date falls in."""

    type = Date()
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any], freq: str) -> None:
        if freq not in FREQUENCIES:
            raise ValueError(f"frequency must be one of {FREQUENCIES}, not {freq!r}")
        self.freq = freq
        super().__init__(column)


@compiles(period_start, "sqlite")
def _period_start_sqlite(element: period_start, compiler: Any, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    modifiers = {"D": "", "W": ", 'weekday 0', '-6 days'", "M": ", 'start of month'"}
    return f"date({column}{modifiers[element.freq]})"


@compiles(period_start)
def _period_start_mysql(element: period_start, compiler: Any, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    if element.freq == "W":
        return f"SUBDATE({column}, WEEKDAY({column}))"
    if element.freq == "M":
        return f"SUBDATE({column}, DAYOFMONTH({column}) - 1)"
    return column


class days_between(FunctionElement[int]):  # noqa: N801 - reads as the SQL function it is
    """Whole days from ``earlier`` to ``later`` (later - earlier)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between)
def _days_between_mysql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"DATEDIFF({later}, {earlier})"
