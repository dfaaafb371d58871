"""Hypothesis: any order with at least one bad field gets a 4xx in the one error shape, and writes nothing."""

import json

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipcontrols.catalog import default_catalog
from chipcontrols.errors import UnknownChipError
from chipcontrols.ledger import Ledger

from api_server import api_for

def _number(text: str) -> bool:
    """Numbers sent as strings ("5") are accepted, as pydantic's lax mode does: not bad input."""
    try:
        float(text)
        return True
    except ValueError:
        return False


def _resolves(name: str) -> bool:
    try:
        default_catalog().get(name)
        return True
    except UnknownChipError:
        return False


GOOD = {"reference": "PO-1", "destination": "AE", "lines": [{"chip": "H100", "quantity": 2, "unit_value_usd": 100.0}],
        "ship_date": "2026-03-01"}
BAD_FIELDS = st.one_of(
    st.tuples(st.just("quantity"), st.integers(max_value=0) | st.text(max_size=5).filter(lambda t: not _number(t))
              | st.floats(allow_nan=True).filter(lambda f: f != f or f <= 0 or f != int(f) if abs(f) < 1e300 else True)),
    st.tuples(st.just("unit_value_usd"), st.floats(max_value=-0.01) | st.text(min_size=1, max_size=5).filter(lambda t: not _number(t))),
    st.tuples(st.just("chip"), st.text(max_size=20).filter(lambda t: not _resolves(t))),
    st.tuples(st.just("ship_date"), st.sampled_from(["03/01/2026", "2026-13-01", "2026-02-30", "tomorrow", "", "20260301x"])),
    st.tuples(st.just("destination"), st.text(max_size=4).filter(lambda t: len(t) != 2 or not t.isalpha()) | st.just("XX")),
    st.tuples(st.just("lines"), st.just([]) | st.just("H100") | st.just([{"quantity": 1}])),
)


def _counts(ledger):
    with ledger.reader() as s:
        return tuple(s.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in ("orders", "order_lines", "audit_log"))


def test_bad_orders_write_nothing(tmp_path):
    ledger = Ledger(f"sqlite:///{tmp_path}/ledger.sqlite")
    ledger.upgrade()
    with api_for(ledger) as api:
        client = api.as_("analyst")
        before = _counts(ledger)

        @given(bad=BAD_FIELDS)
        @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def property_(bad):
            field, value = bad
            body = {**GOOD, "lines": [dict(GOOD["lines"][0])]}
            if field in ("quantity", "unit_value_usd", "chip"):
                body["lines"][0][field] = value
            else:
                body[field] = value
            raw = json.dumps(body, allow_nan=True)  # NaN/Infinity literals too: a lax client might send them
            response = client.post("/orders", content=raw, headers={"Content-Type": "application/json"})
            assert 400 <= response.status_code < 500, (body, response.text)
            error = response.json()["error"]
            assert error["code"] in ("invalid_input", "unknown_chip", "malformed_json") and error["message"] and error["hint"]

        property_()
        assert _counts(ledger) == before
        assert client.post("/orders", json=GOOD).status_code == 201  # and the good one still goes in
    ledger.dispose()
