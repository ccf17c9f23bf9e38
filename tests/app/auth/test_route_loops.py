"""Every state-changing route needs a CSRF token; every URL naming a record is 404 to others.

Both tests discover the routes from ``app.url_map``, so routes added later are covered, and
the second fails with instructions when a new route names a record the registry below does
not know how to create.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from autosales.extensions import db
from autosales.models import ImportBatch, JobRecord, Sale, User, owner_scope
from autosales.sales.files import save_file
from tests.conftest import sale_defaults

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def state_changing_rules(app: Flask) -> list[tuple[Rule, str]]:
    return sorted(
        ((rule, method) for rule in app.url_map.iter_rules() for method in rule.methods or ()
         if method in STATE_CHANGING),
        key=lambda pair: (pair[0].rule, pair[1]),
    )  # fmt: skip


def url_with_placeholders(app: Flask, rule: Rule) -> str:
    """Build a URL for the rule with a value each converter accepts (1 for numbers)."""
    values = {
        name: 1 if isinstance(converter, NumberConverter) else "placeholder"
        for name, converter in rule._converters.items()
    }
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"WTF_CSRF_ENABLED": True}


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = False
    client.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    app.config["WTF_CSRF_ENABLED"] = True
    rules = state_changing_rules(app)
    assert len(rules) >= 10, "the discovery found too few routes"

    answers = {
        f"{method} {rule.rule}": client.open(
            url_with_placeholders(app, rule), method=method
        ).status_code
        for rule, method in rules
    }

    assert answers == dict.fromkeys(answers, 400)
    assert client.get("/dashboard").status_code == 200  # the session survived every refusal


def test_a_csrf_refusal_is_audited_and_explained(client: FlaskClient) -> None:
    response = client.post("/auth/login", data={"email": "a@example.com", "password": "x"})

    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def make_job(owner: User) -> dict[str, str]:
    with owner_scope(owner.id):
        record = JobRecord(id=str(uuid.uuid4()), kind="summary", params={}, owner_id=owner.id)
        db.session.add(record)
        db.session.commit()
        return {"job_id": record.id}


def make_sale(owner: User) -> dict[str, str]:
    with owner_scope(owner.id):
        record = Sale(**sale_defaults(), owner_id=owner.id)
        db.session.add(record)
        db.session.commit()
        return {"sale_id": str(record.id)}


def make_import(owner: User) -> dict[str, str]:
    with owner_scope(owner.id):
        rejected = save_file("rejected", b"line,reason\n2,bad date\n")
        record = ImportBatch(
            filename="export.csv", status="done", owner_id=owner.id, rejected_file_id=rejected.id
        )
        db.session.add(record)
        db.session.commit()
        return {"import_id": str(record.id)}


# How to create a record for each endpoint whose URL names one: a function of the owner that
# gives the URL's variables. Add every new record-naming route here.
RECORD_FACTORIES: dict[str, Callable[[User], dict[str, str]]] = {
    "jobs.status": make_job,
    "sales.show": make_sale,
    "sales.edit": make_sale,
    "sales.update": make_sale,
    "sales.delete": make_sale,
    "imports.preview": make_import,
    "imports.show": make_import,
    "imports.rejected": make_import,
    "imports.undo": make_import,
}
# Endpoints whose URL variables name no record of an account (files, kinds, signed tokens).
NOT_RECORDS = {
    "static",
    "assets.bokeh_static",
    "jobs.start",
    "sales.validate_field",
    "sales.suggest",
    "sales.export",
    "auth.verify_email",
    "auth.reset_password",
    "account.confirm_email",
}


def record_naming_rules(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.endpoint not in NOT_RECORDS
    ]


def test_every_url_naming_a_record_is_a_404_to_another_account(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], login: Callable[[User], None]
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # this test is about ownership, not tokens
    owner, intruder = make_user(), make_user()
    rules = record_naming_rules(app)
    unknown = sorted(rule.endpoint for rule in rules if rule.endpoint not in RECORD_FACTORIES)
    assert not unknown, (
        f"new routes name records: {unknown}. Add a factory for each to RECORD_FACTORIES in "
        f"{__name__} (or, if the variable names no account's record, to NOT_RECORDS)."
    )
    with app.test_request_context():
        requests = {}
        for rule in rules:
            method = "GET" if "GET" in (rule.methods or ()) else "POST"
            url = app.url_for(rule.endpoint, **RECORD_FACTORIES[rule.endpoint](owner))
            requests[f"{method} {rule.endpoint}"] = (method, url)
    login(intruder)

    answers = {name: client.open(url, method=method).status_code
               for name, (method, url) in requests.items()}  # fmt: skip

    assert answers == dict.fromkeys(requests, 404)
    assert answers, "no record-naming routes were found"
