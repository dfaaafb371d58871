"""Ledger fixtures shared by tests/ledger and tests/api: every ledger test runs on SQLite and on a
real PostgreSQL server (found through $CHIPCONTROLS_TEST_POSTGRES_URL, which .ci/postgres.sh sets)."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from chipcontrols.ledger import Ledger

POSTGRES_ENV = "CHIPCONTROLS_TEST_POSTGRES_URL"
HOW_TO_START = ("Start one with `source .ci/postgres.sh` (installs Debian's postgresql if missing, starts it on "
                "loopback and exports CHIPCONTROLS_TEST_POSTGRES_URL), then run pytest in the same shell.")
SKIPPED_POSTGRES: list[str] = []


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but ${POSTGRES_ENV} is not: the PostgreSQL half of the ledger tests cannot run. {HOW_TO_START}",
                    pytrace=False)
    SKIPPED_POSTGRES.append(os.environ.get("PYTEST_CURRENT_TEST", "?"))
    pytest.skip(f"PostgreSQL NOT TESTED: ${POSTGRES_ENV} is unset. {HOW_TO_START}")


def fresh_schema_url(base: str) -> tuple[str, str]:
    """A new empty schema per test: isolation without creating databases (fast)."""
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(base)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"Cannot reach PostgreSQL at {base}: {exc.orig}. {HOW_TO_START}", pytrace=False)
    finally:
        engine.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIPCONTROLS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CHIPCONTROLS_DB", raising=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/ledger.sqlite"
        return
    base = postgres_base_url()
    url, schema = fresh_schema_url(base)
    yield url
    drop_schema(base, schema)


@pytest.fixture
def other_ledger_url(ledger_url, tmp_path):
    """A second, empty database on the same backend (for export/import round trips)."""
    if ledger_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/other.sqlite"
        return
    base = postgres_base_url()
    url, schema = fresh_schema_url(base)
    yield url
    drop_schema(base, schema)


@pytest.fixture
def ledger(ledger_url):
    led = Ledger(ledger_url)
    led.upgrade()
    yield led
    led.dispose()


_summary_printed: list[bool] = []


def pytest_terminal_summary(terminalreporter):
    if SKIPPED_POSTGRES and not _summary_printed:
        _summary_printed.append(True)
        terminalreporter.write_sep("!", f"POSTGRESQL NOT TESTED: {len(SKIPPED_POSTGRES)} ledger/API test(s) skipped", red=True, bold=True)
        terminalreporter.write_line(f"${POSTGRES_ENV} is unset. {HOW_TO_START}", red=True)
