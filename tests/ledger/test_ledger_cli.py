"""The ledger verbs through the real Typer app, against SQLite and PostgreSQL."""

import json

import sqlalchemy as sa
from typer.testing import CliRunner

from chipcontrols.cli import app

runner = CliRunner()


def cli(*args, ok=True):
    result = runner.invoke(app, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def js(*args):
    return json.loads(cli(*args, "--json").stdout)


def test_order_flow_caps_audit_and_round_trip(ledger_url, tmp_path):
    db = ("--db", ledger_url)
    assert js("db", "upgrade", *db)["revision"] == "0001"
    party = js("parties", "add", "Gulf Cloud LLC", "--country", "AE", *db)
    js("licenses", "add", "D1234567", "--valid-from", "2026-01-01", "--valid-to", "2026-12-31", "--dest", "AE",
       "--chip", "H100", "--units", 100, *db)
    js("caps", "add", "internal-AE", "--scope", "internal", "--key", "AE", "--start", "2026-01-01", "--end", "2026-12-31",
       "--limit-h100e", 500, *db)
    js("orders", "add", "PO-1", "--to", "AE", "--chip", "H100", "-n", 64, "--value", 25000, "--consignee", party["id"],
       "--license", "D1234567", "--ship-date", "2026-03-01", *db)
    approved = js("orders", "approve", "PO-1", *db)
    assert approved["status"] == "approved" and approved["determination_id"]
    js("orders", "ship", "PO-1", "--on", "2026-03-02", *db)
    caps = js("caps", *db)
    assert caps[0]["headroom_h100e"] == 436 and caps[0]["consumed_tpp"] == 64 * caps[0]["h100_tpp"]
    assert js("licenses", "show", "D1234567", *db)["units"]["remaining"] == 36
    assert "OK: 7 audit records" in cli("audit", "verify", *db).stdout
    export = tmp_path / "ledger.jsonl"
    cli("ledger", "export", "--out", export, *db)
    copy = f"sqlite:///{tmp_path}/copy.sqlite"
    cli("db", "upgrade", "--db", copy)
    assert js("ledger", "import", export, "--db", copy)["imported"]["orders"] == 1
    assert js("orders", "show", "PO-1", "--db", copy)["status"] == "shipped"


def test_refusals_and_bad_input_exit_2_with_a_message(ledger_url):
    db = ("--db", ledger_url)
    cli("db", "upgrade", *db)
    bad = cli("orders", "add", "PO-X", "--to", "Atlantis", "--chip", "H100", *db, ok=False)
    assert bad.exit_code == 2 and "not an ISO 3166-1 alpha-2" in bad.output
    unknown = cli("orders", "add", "PO-X", "--to", "AE", "--chip", "H1OO-typo", *db, ok=False)
    assert unknown.exit_code == 2 and "H1OO-typo" in unknown.output
    negative = cli("orders", "add", "PO-X", "--to", "AE", "--chip", "H100", "-n", -4, *db, ok=False)
    assert negative.exit_code == 2 and "must be positive" in negative.output
    assert js("orders", "list", *db) == []
    js("orders", "add", "PO-2", "--to", "AE", "--chip", "H100", "--ship-date", "2026-03-01", *db)
    refused = cli("orders", "approve", "PO-2", *db, ok=False)  # H100 to AE needs a license; none attached
    assert refused.exit_code == 2 and "needs a license" in refused.output
    last = js("audit", "log", *db)[-1]
    assert last["action"] == "refused" and last["subject"] == "orders approve"


def test_tampering_is_named_and_only_officers_release_holds(ledger_url):
    db = ("--db", ledger_url)
    cli("db", "upgrade", *db)
    officer = js("keys", "create", "olga", "--role", "officer", *db)["key"]
    admin = js("keys", "create", "adam", "--role", "admin", *db)["key"]
    hold = js("audit", "hold", "--scope", "all", "--reason", "subpoena", *db)
    denied = cli("audit", "release", hold["id"], "--key", admin, *db, ok=False)
    assert denied.exit_code == 2 and "Only an officer" in denied.output
    assert js("audit", "release", hold["id"], "--key", officer, *db)["released_by"] == "olga"
    engine = sa.create_engine(ledger_url)
    with engine.begin() as c:
        suffix = " ON audit_log" if engine.dialect.name == "postgresql" else ""
        c.exec_driver_sql("DROP TRIGGER audit_log_no_update" + suffix)
        c.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    engine.dispose()
    tampered = cli("audit", "verify", *db, ok=False)
    assert tampered.exit_code == 1 and "first bad record is #2" in tampered.stdout


def test_missing_schema_says_how_to_fix(tmp_path):
    result = cli("parties", "list", "--db", f"sqlite:///{tmp_path}/empty.sqlite", ok=False)
    assert result.exit_code == 2 and "chipcontrols db upgrade" in result.output
