"""Importing a dealer export: preview, confirm, report, rejected rows, duplicates, undo."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from autosales.extensions import db
from autosales.ingest import fingerprint_values, run_pipeline, with_fingerprints
from autosales.models import ImportBatch, Sale, User, owner_scope
from autosales.models.sale import OPTIONAL_FIELDS, REQUIRED_FIELDS
from autosales.sales import store
from autosales.sales.store import store_sales_frame

# A European export: semicolons, decimal commas, day-first dates, a currency sign, one bad row
# (a date that does not exist) and one row twice.
DEALER_CSV = (
    "Date;Company;Model;Dealer_Region;Qty;Price (€);Customer\r\n"
    "24/02/2024;Toyota;Corolla;North;1;24.500,00;Ann\r\n"
    "25/02/2024;VW;Golf;South;2;€ 28.990,50;Ben\r\n"
    "26/02/2024;Volkswagen;Golf;South;1;29.100,00;Cy\r\n"
    "31/02/2024;Kia;Ceed;East;1;19.000,00;Dee\r\n"
    "27/02/2024;Toyota;Yaris;North;1;18.250,00;Eve\r\n"
    "27/02/2024;Toyota;Yaris;North;1;18.250,00;Eve\r\n"
).encode("cp1252")


@pytest.fixture
def user(make_user: Callable[..., User], login: Callable[[User], None]) -> User:
    account = make_user()
    login(account)
    return account


def upload(client: FlaskClient, data: bytes, name: str = "export.csv") -> Any:
    return client.post(
        "/imports/",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def confirm(client: FlaskClient, preview_url: str, **form: str) -> Any:
    return client.post(preview_url, data=form)


def stored(app: Flask, user: User) -> list[Sale]:
    with app.app_context(), owner_scope(user.id):
        rows = list(db.session.execute(select(Sale).order_by(Sale.sale_date, Sale.id)).scalars())
        db.session.expunge_all()
        return rows


def test_preview_shows_what_was_detected_and_stores_nothing(
    app: Flask, client: FlaskClient, user: User
) -> None:
    response = upload(client, DEALER_CSV)
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 303
    assert "semicolon" in page
    assert "Decimal mark</dt><dd>comma" in page
    assert "day first" in page
    assert 'name="map:Company"' in page
    assert '<option value="make" selected>' in page
    assert "VW" in page and "Volkswagen" in page
    assert stored(app, user) == []


def test_confirmed_import_stores_rows_and_accounts_for_every_one(
    app: Flask, client: FlaskClient, user: User
) -> None:
    preview_url = upload(client, DEALER_CSV).headers["Location"]

    done = confirm(client, preview_url, **{"spell:make:VW": "Volkswagen"})
    page = client.get(done.headers["Location"]).get_data(as_text=True)

    rows = stored(app, user)
    assert "<strong>6</strong> rows read" in page
    assert "<strong>4</strong> stored" in page
    assert "<strong>1</strong> duplicates skipped" in page
    assert "<strong>1</strong> rejected" in page
    assert [row.make for row in rows].count("Volkswagen") == 2
    assert rows[0].unit_price == Decimal("24500.00")
    assert rows[1].unit_price == Decimal("28990.50")


def test_rejected_rows_download_with_their_reason(
    app: Flask, client: FlaskClient, user: User
) -> None:
    preview_url = upload(client, DEALER_CSV).headers["Location"]
    show_url = confirm(client, preview_url).headers["Location"]

    download = client.get(f"{show_url}/rejected.csv")

    text = download.data.decode("utf-8-sig")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "reason" in text.splitlines()[0]
    assert "31/02/2024" in text
    assert len(text.strip().splitlines()) == 2


def test_importing_the_same_file_twice_doubles_nothing(
    app: Flask, client: FlaskClient, user: User
) -> None:
    confirm(client, upload(client, DEALER_CSV).headers["Location"])

    second = confirm(client, upload(client, DEALER_CSV).headers["Location"])
    page = client.get(second.headers["Location"]).get_data(as_text=True)

    assert len(stored(app, user)) == 4
    assert "<strong>0</strong> stored" in page
    assert "already stored by an earlier import" in page


# Rows over three dates, the second file overlapping the first by two rows on two dates.
EARLIER_EXPORT = (
    "Date,Make,Model,Region,Quantity,Price\n"
    "2024-03-01,Toyota,Corolla,North,1,24500\n"
    "2024-03-02,Kia,Ceed,East,1,19000\n"
    "2024-03-03,Ford,Focus,South,2,21000\n"
)
LATER_EXPORT = (
    "Date,Make,Model,Region,Quantity,Price\n"
    "2024-03-02,Kia,Ceed,East,1,19000\n"
    "2024-03-03,Ford,Focus,South,2,21000\n"
    "2024-03-03,Ford,Focus,South,1,21000\n"
    "2024-03-04,Volvo,XC40,West,1,41000\n"
)


@pytest.mark.parametrize(
    ("whole_scan_rows", "batch", "bulk_from_rows"),
    [(0, 900, 10**9), (10**6, 2, 10**9), (0, 900, 1)],
    ids=["date-span-scan", "batches", "date-span-scan-bulk-store"],
)
def test_an_overlapping_export_stores_only_the_new_rows_and_counts_the_rest(
    app: Flask,
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
    whole_scan_rows: int,
    batch: int,
    bulk_from_rows: int,
) -> None:
    from autosales.sales import importing

    monkeypatch.setattr(importing, "WHOLE_SCAN_ROWS", whole_scan_rows)
    monkeypatch.setattr(importing, "FINGERPRINT_BATCH", batch)
    monkeypatch.setattr(store, "BULK_FROM_ROWS", bulk_from_rows)
    owner, neighbour = make_user(), make_user()
    with app.app_context():
        with owner_scope(neighbour.id):
            importing.import_file("later.csv", LATER_EXPORT.encode(), importing.ImportChoices())
        with owner_scope(owner.id):
            importing.import_file("earlier.csv", EARLIER_EXPORT.encode(), importing.ImportChoices())
            second = importing.import_file(
                "later.csv", LATER_EXPORT.encode(), importing.ImportChoices()
            )

    assert (second["rows_read"], second["rows_stored"], second["duplicates"]) == (4, 2, 2)
    assert [(sale.make, sale.quantity) for sale in stored(app, owner)] == [
        ("Toyota", 1), ("Kia", 1), ("Ford", 2), ("Ford", 1), ("Volvo", 1),
    ]  # fmt: skip
    assert len(stored(app, neighbour)) == 4


def test_undo_removes_exactly_the_rows_of_that_import(
    app: Flask,
    client: FlaskClient,
    user: User,
    add_sales: Callable[..., list[int]],
) -> None:
    add_sales(user, [{"make": "Typed", "model": "By hand"}])
    show_url = confirm(client, upload(client, DEALER_CSV).headers["Location"]).headers["Location"]
    import_id = int(show_url.rstrip("/").split("/")[-1])

    response = client.post(f"/imports/{import_id}/undo")

    assert response.status_code == 303
    assert [sale.make for sale in stored(app, user)] == ["Typed"]
    with app.app_context(), owner_scope(user.id):
        assert db.session.get(ImportBatch, import_id).status == "undone"


def test_a_file_without_region_or_price_asks_for_them_then_imports(
    app: Flask, client: FlaskClient, user: User
) -> None:
    norway = b"Year,Month,Make,Quantity,Pct\n2016,1,Toyota,2884,22.8\n2016,1,NA,14,0.1\n"
    preview_url = upload(client, norway, "norway.csv").headers["Location"]

    refused = confirm(client, preview_url, **{"map:Pct": "ignore"})
    accepted = confirm(
        client,
        preview_url,
        **{
            "map:Pct": "ignore",
            "default:region": "Norway",
            "default:model": "All models",
            "default:unit_price": "0",
        },
    )

    rows = stored(app, user)
    assert refused.status_code == 422
    assert "Still needed" in refused.get_data(as_text=True)
    assert accepted.status_code == 303
    assert sorted((row.make, row.quantity) for row in rows) == [("NA", 14), ("Toyota", 2884)]
    assert {row.region for row in rows} == {"Norway"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "xlsx"),
    ],
)
def test_unusable_files_get_a_clear_message_and_store_nothing(
    app: Flask, client: FlaskClient, user: User, data: bytes, message: str
) -> None:
    # An empty file is refused at upload; others when the preview reads them.
    response = client.get(upload(client, data, "sales.csv").headers["Location"])

    assert response.status_code in (200, 422)
    assert message.lower() in response.get_data(as_text=True).lower()
    assert stored(app, user) == []


def test_an_upload_over_the_size_limit_gets_the_friendly_413(
    app: Flask, client: FlaskClient, user: User
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024

    response = upload(client, b"x" * 4096)

    assert response.status_code == 413
    assert "Split the export into smaller files" in response.get_data(as_text=True)


@pytest.mark.parametrize("suffix", ["/preview", "", "/rejected.csv"])
def test_another_accounts_import_is_a_404(
    client: FlaskClient,
    user: User,
    make_user: Callable[..., User],
    login: Callable[[User], None],
    suffix: str,
) -> None:
    preview_url = upload(client, DEALER_CSV).headers["Location"]
    show_url = confirm(client, preview_url).headers["Location"]
    import_id = show_url.rstrip("/").split("/")[-1]
    client.post("/auth/logout")
    login(make_user(email="intruder@example.com"))

    assert client.get(f"/imports/{import_id}{suffix}").status_code == 404
    assert client.post(f"/imports/{import_id}/undo").status_code == 404


def test_the_quota_refuses_an_import_that_would_overflow_it(
    app: Flask, client: FlaskClient, user: User
) -> None:
    app.config["MAX_SALES_PER_ACCOUNT"] = 3

    show_url = confirm(client, upload(client, DEALER_CSV).headers["Location"]).headers["Location"]
    page = client.get(show_url).get_data(as_text=True)

    assert "over the limit of 3" in page
    assert stored(app, user) == []
    with app.app_context(), owner_scope(user.id):
        assert db.session.execute(select(func.count(ImportBatch.id))).scalar() == 1


def test_the_command_line_imports_with_a_mapping_and_prints_the_report_as_json(
    app: Flask, runner: Any, make_user: Callable[..., User], tmp_path: Any
) -> None:
    user = make_user(email="cli@example.com")
    path = tmp_path / "export.csv"
    path.write_bytes(DEALER_CSV)

    result = runner.invoke(
        args=["sales", "import", "cli@example.com", str(path), "--map", "Customer=extra"]
    )

    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert (report["rows_read"], report["rows_stored"], report["rejected"]) == (6, 4, 1)
    assert stored(app, user)[0].extra == {"Customer": "Ann"}


def test_the_command_line_export_writes_the_accounts_sales(
    runner: Any, make_user: Callable[..., User], add_sales: Callable[..., list[int]], tmp_path: Any
) -> None:
    user = make_user(email="out@example.com")
    add_sales(user, [{"make": "Opel"}, {"make": "Fiat"}])
    path = tmp_path / "out.csv"

    result = runner.invoke(args=["sales", "export", "out@example.com", str(path)])

    assert result.exit_code == 0, result.output
    assert "wrote 2 sales" in result.output
    assert len(path.read_bytes().decode("utf-8-sig").strip().splitlines()) == 3


@pytest.mark.parametrize("bulk_from_rows", [1, 10**9], ids=["bulk", "row-by-row"])
def test_bulk_and_plain_storage_keep_the_same_sales(
    app: Flask,
    client: FlaskClient,
    user: User,
    monkeypatch: pytest.MonkeyPatch,
    bulk_from_rows: int,
) -> None:
    monkeypatch.setattr(store, "BULK_FROM_ROWS", bulk_from_rows)

    confirm(
        client, upload(client, DEALER_CSV).headers["Location"], **{"spell:make:VW": "Volkswagen"}
    )

    rows = stored(app, user)
    assert [
        (row.sale_date.isoformat(), row.make, row.model, row.region, row.quantity,
         row.unit_price, row.customer)
        for row in rows
    ] == [
        ("2024-02-24", "Toyota", "Corolla", "North", 1, Decimal("24500.00"), "Ann"),
        ("2024-02-25", "Volkswagen", "Golf", "South", 2, Decimal("28990.50"), "Ben"),
        ("2024-02-26", "Volkswagen", "Golf", "South", 1, Decimal("29100.00"), "Cy"),
        ("2024-02-27", "Toyota", "Yaris", "North", 1, Decimal("18250.00"), "Eve"),
    ]  # fmt: skip
    assert {(row.unit_cost, row.stocked_on, row.extra) for row in rows} == {(None, None, None)}
    for row in rows:
        assert row.import_id is not None
        assert row.fingerprint == fingerprint_values(
            {name: getattr(row, name) for name in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, "extra")}
        )


def test_a_bulk_insert_refused_in_a_later_chunk_stores_nothing(
    app: Flask, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "BULK_FROM_ROWS", 1)
    monkeypatch.setattr(store, "JSON_CHUNK_ROWS", 2)
    frame = run_pipeline(DEALER_CSV).frame
    # The last sale by date goes in the last chunk; the table's check refuses it.
    frame.loc[frame["sale_date"].idxmax(), "quantity"] = 0

    with app.app_context(), owner_scope(user.id):
        with pytest.raises(DBAPIError, match="quantity_positive"):  # MariaDB: OperationalError
            store_sales_frame(frame, owner_id=user.id)
        db.session.rollback()

        assert db.session.execute(select(func.count(Sale.id))).scalar() == 0


# Text a hand-built INSERT would get wrong: quotes, backslashes, percent signs, control
# characters, SQL in a name, characters outside the BMP, spaces at the ends.
AWKWARD_TEXT = [
    'O\'Brien "Bob" \\ 50% off %s %(name)s',
    "Zoë Ångström 東京 🚗",
    "line\nbreak\ttab\r\x1a end",
    "'); DELETE FROM sales; --",
]


@pytest.mark.parametrize("bulk_from_rows", [1, 10**9], ids=["bulk", "row-by-row"])
def test_stored_values_come_back_exactly_as_given(
    app: Flask, user: User, monkeypatch: pytest.MonkeyPatch, bulk_from_rows: int
) -> None:
    monkeypatch.setattr(store, "BULK_FROM_ROWS", bulk_from_rows)
    monkeypatch.setattr(store, "JSON_CHUNK_ROWS", 3)  # two chunks, the last one short
    frame = run_pipeline(DEALER_CSV).frame.iloc[:4].copy()
    frame["customer"] = [*AWKWARD_TEXT[:3], None]
    frame["salesperson"] = ["  spaced  ", AWKWARD_TEXT[3], "", "\\"]
    frame["unit_price_cents"] = [0, 1, 99, 99_999_999_999]
    frame["unit_cost_cents"] = pd.array([None, 5, 100, 99_999_999_999], dtype="Int64")
    frame["extra"] = [{"Note": AWKWARD_TEXT[0]}, {"Note": AWKWARD_TEXT[1]}, None, None]
    # Rows in date order, so the rows read back pair with the rows given.
    frame["sale_date"] = pd.to_datetime(["2024-02-24", "2024-02-25", "2024-02-26", "2024-02-27"])

    with app.app_context(), owner_scope(user.id):
        store_sales_frame(frame, owner_id=user.id)
        db.session.commit()
    rows = stored(app, user)

    assert [(row.customer, row.salesperson, row.order_ref, row.extra) for row in rows] == [
        (AWKWARD_TEXT[0], "  spaced  ", None, {"Note": AWKWARD_TEXT[0]}),
        (AWKWARD_TEXT[1], AWKWARD_TEXT[3], None, {"Note": AWKWARD_TEXT[1]}),
        (AWKWARD_TEXT[2], "", None, None),
        (None, "\\", None, None),
    ]
    assert [(row.unit_price, row.unit_cost) for row in rows] == [
        (Decimal("0.00"), None),
        (Decimal("0.01"), Decimal("0.05")),
        (Decimal("0.99"), Decimal("1.00")),
        (Decimal("999999999.99"), Decimal("999999999.99")),
    ]
    assert [row.fingerprint for row in rows] == with_fingerprints(frame)["fingerprint"].tolist()
