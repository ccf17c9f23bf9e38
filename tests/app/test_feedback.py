"""Feedback: sent from any page by a signed-in user, mailed to the operator, listed on the CLI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from autosales.extensions import db
from autosales.models import Feedback, User, owner_scope
from tests.smtp import Mailbox, body_of, smtp_server  # noqa: F401 - the fixture, for these tests

OPERATOR = "operator@example.com"


@pytest.fixture
def dealer(make_user: Callable[..., User], login: Callable[[User], None]) -> User:
    user = make_user(email="dealer@example.com")
    login(user)
    return user


def send(client: FlaskClient, **changes: Any) -> Any:
    data = {
        "category": "problem",
        "message": "The export button does nothing.",
        "include_page": "y",
        "page": "/sales/?make=Volvo",
    }
    return client.post("/feedback/", data=data | changes)


def stored_feedback(app: Flask, user: User) -> list[Feedback]:
    with app.app_context(), owner_scope(user.id):
        records = db.session.execute(db.select(Feedback)).scalars().all()
        db.session.expunge_all()
        return list(records)


def test_every_page_links_to_the_feedback_form_naming_the_page(
    client: FlaskClient, dealer: User
) -> None:
    page = client.get("/sales/?make=Volvo").get_data(as_text=True)

    assert 'href="/feedback/?page=/sales/"' in page


def test_the_form_carries_the_page_it_was_opened_from(client: FlaskClient, dealer: User) -> None:
    page = client.get("/feedback/?page=/sales/").get_data(as_text=True)

    assert 'value="/sales/"' in page
    assert "Include the page I was on" in page


def test_a_link_from_a_page_with_a_secret_token_names_the_pattern_only(
    client: FlaskClient,
) -> None:
    page = client.get("/auth/reset/not-a-real-token").get_data(as_text=True)

    assert "not-a-real-token" not in page.split("site-footer")[-1]


def test_feedback_is_stored_with_the_page_when_ticked(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    response = send(client)

    assert response.status_code == 303
    [record] = stored_feedback(app, dealer)
    assert (record.category, record.page) == ("problem", "/sales/?make=Volvo")
    assert "reached us" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_page_is_left_out_when_the_box_is_not_ticked(
    app: Flask, client: FlaskClient, dealer: User
) -> None:
    send(client, include_page="")

    [record] = stored_feedback(app, dealer)
    assert record.page is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message": "   "}, "Type your message"),
        ({"message": "x" * 5001}, "Keep the message under 5,000 characters"),
        ({"category": "complaint"}, "Choose a problem, an idea, a question"),
    ],
)
def test_invalid_feedback_is_refused_with_a_message(
    app: Flask, client: FlaskClient, dealer: User, changes: dict[str, str], message: str
) -> None:
    response = send(client, **changes)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_feedback(app, dealer) == []


def test_another_accounts_feedback_is_not_visible(
    client: FlaskClient,
    dealer: User,
    make_user: Callable[..., User],
    login: Callable[[User], None],
) -> None:
    send(client, message="Private remark about my margins.")
    client.post("/auth/logout")
    login(make_user(email="neighbour@example.com"))

    page = client.get("/feedback/").get_data(as_text=True)

    assert "Private remark" not in page
    assert "What you sent before" not in page


def test_the_sender_sees_their_own_earlier_feedback(client: FlaskClient, dealer: User) -> None:
    send(client, message="Private remark about my margins.")

    page = client.get("/feedback/").get_data(as_text=True)

    assert "Private remark about my margins." in page


def test_feedback_needs_a_sign_in(client: FlaskClient) -> None:
    response = client.post("/feedback/", data={"category": "idea", "message": "hello"})

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


class TestMailToTheOperator:
    @pytest.fixture
    def app_config(self, app_config: dict[str, Any], smtp_server: Mailbox) -> dict[str, Any]:  # noqa: F811 - the fixture
        return app_config | {
            "MAIL_SERVER": smtp_server.host,
            "MAIL_PORT": smtp_server.port,
            "OPERATOR_EMAIL": OPERATOR,
        }

    def test_feedback_mail_reaches_the_operator(
        self,
        client: FlaskClient,
        dealer: User,
        smtp_server: Mailbox,  # noqa: F811 - the fixture
    ) -> None:
        send(client, category="idea", message="A chart of margins per salesperson, please.")

        mail = smtp_server.last_to(OPERATOR)
        assert "idea" in str(mail["Subject"])
        text = body_of(mail)
        assert "dealer@example.com" in text
        assert "A chart of margins per salesperson, please." in text
        assert "/sales/?make=Volvo" in text

    def test_a_failed_mail_still_keeps_the_feedback(
        self, app: Flask, client: FlaskClient, dealer: User
    ) -> None:
        app.config["MAIL_PORT"] = 1  # nothing listens there

        response = send(client)

        assert response.status_code == 303
        assert len(stored_feedback(app, dealer)) == 1


def test_without_an_operator_address_no_mail_is_written(
    app: Flask, client: FlaskClient, dealer: User, tmp_path: Any
) -> None:
    send(client)

    assert not (tmp_path / "outbox").exists()


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        return app_config | {
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_FEEDBACK_PER_ADDRESS": "3 per hour",
        }

    def test_the_form_is_paused_after_too_many_sends_from_one_address(
        self, client: FlaskClient, dealer: User
    ) -> None:
        statuses = [send(client).status_code for _ in range(4)]

        assert statuses == [303, 303, 303, 429]
        assert client.get("/feedback/").status_code == 200


def test_feedback_list_prints_everyones_feedback_newest_first(
    app: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    dealer: User,
    make_user: Callable[..., User],
    login: Callable[[User], None],
) -> None:
    send(client, category="question", message="How is MASE computed?")
    client.post("/auth/logout")
    login(make_user(email="second@example.com"))
    send(client, category="idea", message="Dark mode\nplease", include_page="")

    result = runner.invoke(args=["feedback", "list"])

    assert result.exit_code == 0, result.output
    newest, oldest = result.output.splitlines()
    assert newest.split("\t")[2:] == ["second@example.com", "idea", "-", "Dark mode please"]
    assert oldest.split("\t")[2:] == [
        "dealer@example.com", "question", "/sales/?make=Volvo", "How is MASE computed?"
    ]  # fmt: skip
    assert int(newest.split("\t")[0]) > int(oldest.split("\t")[0])


def test_feedback_list_says_when_there_is_none(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["feedback", "list"])

    assert result.output == "no feedback yet\n"
