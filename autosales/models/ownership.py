"""The one mechanism that keeps every account's data its own.

Models that hold user data inherit :class:`Owned`. Every ORM SELECT, UPDATE and DELETE that
touches such a model is given ``owner_id = <current owner>`` automatically by a session event,
so a view cannot forget the filter. The current owner is the signed-in user during a request,
or the owner named by :func:`owner_scope` in jobs and commands. A query on owned data with no
owner in scope is refused rather than run over everyone's data; operator tools that truly need
every owner say so with ``execution_options(all_owners=True)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from flask import abort, has_request_context
from flask_login import current_user
from sqlalchemy import ForeignKey, event, select
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

from autosales.models.types import BigId

_scoped_owner: ContextVar[int | None] = ContextVar("autosales_owner", default=None)

# An owner id no account has: anonymous requests see nothing.
NOBODY = -1

T = TypeVar("T", bound="Owned")


class OwnerScopeError(RuntimeError):
    """Owned data was queried with no owner in scope."""


class Owned:
    """Mixin for models whose rows belong to one account."""

    @declared_attr
    def owner_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr passes the class
        return mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"), index=False)


def current_owner_id() -> int | None:
    """Give the owner whose data queries see now, or None when nobody is in scope."""
    scoped = _scoped_owner.get()
    if scoped is not None:
        return scoped
    if has_request_context():
        return current_user.id if current_user.is_authenticated else NOBODY
    return None


@contextlib.contextmanager
def owner_scope(owner_id: int) -> Iterator[None]:
    """Run the block with every owned query limited to ``owner_id`` (jobs, commands, tests)."""
    token = _scoped_owner.set(owner_id)
    try:
        yield
    finally:
        _scoped_owner.reset(token)


def owner_condition(model: type[Owned]) -> Any:
    """The condition the session event adds, for the few reads that bypass the ORM for speed
    (a Core statement run on the connection); refused with no owner in scope, as ORM reads are."""
    owner_id = current_owner_id()
    if owner_id is None:
        raise OwnerScopeError(f"{model.__name__} read with no owner in scope")
    return model.owner_id == owner_id


def get_owned_or_404(model: type[T], record_id: Any) -> T:
    """Give the current owner's record with this id; anyone else's, or none, is a 404."""
    from autosales.extensions import db

    record = db.session.execute(select(model).where(model.id == record_id)).scalar_one_or_none()
    if record is None:
        abort(404)
    return record


def _owned_mappers(state: ORMExecuteState) -> list[type]:
    return [
        mapper.class_
        for mapper in state.all_mappers
        if isinstance(mapper.class_, type) and issubclass(mapper.class_, Owned)
    ]


@event.listens_for(Session, "do_orm_execute")
def _limit_to_owner(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the parent query was already limited
    if state.execution_options.get("all_owners", False):
        return
    owned = _owned_mappers(state)
    if not owned:
        return
    owner_id = current_owner_id()
    if owner_id is None:
        raise OwnerScopeError(
            f"query on {', '.join(cls.__name__ for cls in owned)} with no owner in scope; "
            "wrap it in owner_scope(owner_id)"
        )
    state.statement = state.statement.options(
        with_loader_criteria(Owned, lambda cls: cls.owner_id == owner_id, include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _check_new_rows_owner(session: Session, _context: object, _instances: object) -> None:
    owner_id = current_owner_id()
    if owner_id is None:
        return
    for record in session.new:
        if not isinstance(record, Owned):
            continue
        if record.owner_id is None and owner_id != NOBODY:
            record.owner_id = owner_id
        elif record.owner_id != owner_id:
            raise OwnerScopeError(f"{type(record).__name__} for another owner created in scope")
