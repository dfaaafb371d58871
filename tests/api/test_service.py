"""The HTTP service on a real loopback server: keys, roles, one error shape, writes that write nothing on bad input."""

import json
import uuid

import pytest

from chipcontrols.ledger import audit


def _count(ledger, table):
    import sqlalchemy as sa
    with ledger.reader() as s:
        return s.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()


def _error(response, status, code):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and "hint" in error
    return error


def test_only_health_answers_without_a_key(api):
    assert api.anon.get("/health").json() == {"status": "ok", "database": "ok"}
    for path in ("/chips", "/parties", "/orders", "/caps", "/audit", "/licenses", "/openapi.json", "/rules", "/timeline"):
        _error(api.anon.get(path), 401, "unauthorized")
    _error(api.anon.get("/chips", headers={"X-API-Key": "cc_wrong"}), 401, "unauthorized")
    for path in ("/docs", "/redoc"):
        assert api.anon.get(path).status_code == 404
    spec = api.as_("viewer").get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/health" in spec["paths"] and "/orders/{reference}/ship" in spec["paths"]


def test_roles(api):
    party = {"name": "Example Cloud", "country": "AE"}
    _error(api.as_("viewer").post("/parties", json=party), 403, "forbidden")
    assert api.as_("analyst").post("/parties", json=party).status_code == 201
    lic = {"number": "D1", "valid_from": "2025-01-01", "valid_to": "2026-12-31", "destinations": ["AE"], "units": 5}
    _error(api.as_("analyst").post("/licenses", json=lic), 403, "forbidden")
    assert api.as_("officer").post("/licenses", json=lic).status_code == 201
    _error(api.as_("officer").get("/keys"), 403, "forbidden")
    assert [k["role"] for k in api.as_("admin").get("/keys").json()] == ["viewer", "analyst", "officer", "admin"]


def test_only_officers_release_a_hold(api, ledger):
    hold = api.as_("officer").post("/holds", json={"scope": "all", "reason": "subpoena"}).json()
    for role in ("viewer", "analyst", "admin"):
        _error(api.as_(role).post(f"/holds/{hold['id']}/release"), 403, "forbidden")
    released = api.as_("officer").post(f"/holds/{hold['id']}/release")
    assert released.status_code == 200 and released.json()["released_by"] == "officer-key"
    with ledger.reader() as s:
        assert [r["action"] for r in audit.list_records(s)][-2:] == ["hold.place", "hold.release"]


def test_api_keys_are_stored_hashed_and_revocable(api, ledger):
    made = api.as_("admin").post("/keys", json={"name": "erp", "role": "viewer"}).json()
    export = api.as_("admin").get("/ledger/export").text
    assert made["key"] not in export and made["key"].startswith("cc_")
    assert api.anon.get("/chips", headers={"X-API-Key": made["key"]}).status_code == 200
    api.as_("admin").post("/keys/erp/revoke")
    _error(api.anon.get("/chips", headers={"X-API-Key": made["key"]}), 401, "unauthorized")


@pytest.mark.parametrize("body, status, code, needle", [
    (b'{"name": "x", "country": ', 400, "malformed_json", "not valid JSON"),
    (b'[1, 2', 400, "malformed_json", "not valid JSON"),
])
def test_malformed_json_is_a_400_and_writes_nothing(api, ledger, body, status, code, needle):
    before = _count(ledger, "audit_log")
    response = api.as_("admin").post("/parties", content=body, headers={"Content-Type": "application/json"})
    assert needle in _error(response, status, code)["message"]
    assert _count(ledger, "audit_log") == before


def test_bad_fields_get_clear_messages_and_write_nothing(api, ledger):
    client = api.as_("admin")
    cases = [
        ({"reference": "PO-1", "destination": "AE", "lines": [{"chip": "H100", "quantity": -3}]}, "quantity"),
        ({"reference": "PO-1", "destination": "AE", "lines": [{"chip": "H100", "quantity": 1}], "ship_date": "03/01/2026"}, "ship_date"),
        ({"reference": "PO-1", "destination": "Atlantis", "lines": [{"chip": "H100", "quantity": 1}]}, "destination"),
        ({"reference": "PO-1", "destination": "AE", "lines": []}, "lines"),
        ({"reference": "PO-1", "destination": "AE", "lines": [{"chip": "H100", "quantity": 1}], "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        error = _error(client.post("/orders", json=body), 422, "invalid_input")
        assert field in error["message"], error
    unknown = _error(client.post("/orders", json={"reference": "PO-1", "destination": "AE",
                                                  "lines": [{"chip": "H1OO-typo", "quantity": 1}]}), 422, "unknown_chip")
    assert "H1OO-typo" in unknown["message"]
    assert _count(ledger, "orders") == 0 and _count(ledger, "audit_log") == 4  # only the four key creations


def test_oversized_body_is_a_413_and_writes_nothing(api, ledger):
    big = json.dumps({"name": "x" * 2_000_000, "country": "AE"})
    _error(api.as_("admin").post("/parties", content=big, headers={"Content-Type": "application/json"}), 413, "body_too_large")

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(30):
            yield b"x" * 100_000
    _error(api.as_("admin").post("/parties", content=chunks(), headers={"Content-Type": "application/json"}), 413, "body_too_large")
    assert _count(ledger, "parties") == 0


def test_unknown_route_and_method_use_the_error_shape(api):
    _error(api.as_("viewer").get("/nope"), 404, "not_found")
    _error(api.as_("viewer").delete("/parties"), 405, "method_not_allowed")
    _error(api.as_("viewer").get("/orders/PO-none"), 404, "not_found")


def test_idempotency_key_never_counts_twice(api, ledger):
    client = api.as_("officer")
    client.post("/licenses", json={"number": "D9", "valid_from": "2025-01-01", "valid_to": "2027-12-31", "destinations": ["AE"]})
    key = str(uuid.uuid4())
    first = client.post("/parties", json={"name": "Once", "country": "AE"}, headers={"Idempotency-Key": key})
    again = client.post("/parties", json={"name": "Once", "country": "AE"}, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert [p["name"] for p in client.get("/parties").json()] == ["Once"]
    _error(client.post("/parties", json={"name": "Other", "country": "AE"}, headers={"Idempotency-Key": key}),
           422, "idempotency_conflict")


def test_caps_headroom_over_http(api):
    officer = api.as_("officer")
    made = officer.post("/caps/policies", json={"policy": "ai_diffusion_tier2", "country": "IN"}).json()
    assert made["status"] == "advisory (not enforced)" and made["limit_h100e"] == 49901
    officer.post("/caps", json={"name": "internal-AE", "scope": "internal", "key": "AE", "period_start": "2026-01-01",
                                "period_end": "2026-12-31", "limit_h100e": 100})
    caps = api.as_("viewer").get("/caps", params={"on": "2026-06-01"}).json()
    assert {c["name"]: c["headroom_h100e"] for c in caps} == {"ai-diffusion-tier2-IN": 49901, "internal-AE": 100}
    assert api.as_("viewer").get("/caps", params={"on": "2028-01-01"}).json() == []  # both periods over by then
