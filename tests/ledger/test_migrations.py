import pytest
import sqlalchemy as sa
from alembic import command

from chipcontrols.ledger import Ledger, SchemaNotReady
from chipcontrols.ledger.models import Base


def test_upgrade_creates_every_table_and_downgrade_removes_them(ledger_url):
    ledger = Ledger(ledger_url)
    with pytest.raises(SchemaNotReady, match="chipcontrols db upgrade"):
        ledger.require_schema()
    assert ledger.upgrade() == "0001"
    assert ledger.upgrade() == "0001"  # idempotent
    with ledger.engine.connect() as c:
        assert set(Base.metadata.tables) <= set(sa.inspect(c).get_table_names())
    with ledger.engine.begin() as c:
        command.downgrade(ledger._alembic_config(c), "base")
    with ledger.engine.connect() as c:
        assert not set(Base.metadata.tables) & set(sa.inspect(c).get_table_names())
    assert ledger.upgrade() == "0001"
    ledger.dispose()


def test_determinations_are_immutable_in_the_database(ledger):
    from chipcontrols.ledger import determinations

    with ledger.transaction() as s:
        stored = determinations.check_and_record(s, "tester", chip="H100", to="CN", date="2026-03-01", end_user_hq="CN")
    det_id = stored["determination_id"]
    for sql in (f"UPDATE determinations SET outcome = 'no_license_required' WHERE id = {det_id}",
                f"DELETE FROM determinations WHERE id = {det_id}"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with ledger.engine.begin() as c:
                c.exec_driver_sql(sql)
    with ledger.reader() as s:
        assert determinations.get(s, det_id)["outcome"] == "license_required"
