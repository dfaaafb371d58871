"""Orders end to end over HTTP, with real determinations from chipcontrols.check."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa


def _setup_ae(api, units=10):
    officer, analyst = api.as_("officer"), api.as_("analyst")
    party = analyst.post("/parties", json={"name": "Gulf Cloud", "country": "AE", "hq_country": "AE",
                                           "ultimate_parent_country": "AE"}).json()
    officer.post("/licenses", json={"number": "D-AE-1", "valid_from": "2026-01-01", "valid_to": "2026-12-31",
                                    "destinations": ["AE"], "chips": ["H100"], "units": units})
    return party


def _order(api, party, quantity=1, **extra):
    body = {"reference": f"PO-{uuid.uuid4().hex[:8]}", "destination": "AE", "consignee_id": party["id"],
            "lines": [{"chip": "H100", "quantity": quantity, "unit_value_usd": 25000}], "ship_date": "2026-03-01",
            "license_number": "D-AE-1", **extra}
    response = api.as_("analyst").post("/orders", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_order_life_cycle_with_a_stored_determination(api, ledger):
    party = _setup_ae(api)
    order = _order(api, party, quantity=4)
    officer = api.as_("officer")
    approved = officer.post(f"/orders/{order['reference']}/approve")
    assert approved.status_code == 200, approved.text
    det = api.as_("viewer").get(f"/determinations/{approved.json()['determination_id']}").json()
    assert det["outcome"] == "license_required" and det["inputs"]["end_user_hq"] == "AE"
    assert det["result"]["trace"] and det["rules_pack_version"] == "{rules_pack}@{rules_pack_version}".format(**det["result"]["provenance"])
    shipped = officer.post(f"/orders/{order['reference']}/ship", json={"on": "2026-03-02"}).json()
    assert shipped["status"] == "shipped"
    lic = api.as_("viewer").get("/licenses/D-AE-1")
    assert lic.json()["units"] == {"authorized": 10, "reserved": 0, "used": 4, "remaining": 6}, lic.text
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with ledger.engine.begin() as c:
            c.exec_driver_sql("UPDATE determinations SET outcome = 'no_license_required'")
    audit = api.as_("viewer").get("/audit").json()
    recorded = [r for r in audit if r["action"] == "determination.record"]
    assert recorded and recorded[0]["rules_pack_version"] == det["rules_pack_version"]
    assert {r["rules_pack_version"] for r in audit} == {det["rules_pack_version"]}  # every record names its rules
    assert api.as_("viewer").get("/audit/verify").json()["ok"] is True


def test_license_required_but_none_attached_is_refused_and_writes_nothing(api, ledger):
    party = _setup_ae(api)
    order = _order(api, party, license_number=None)
    refused = api.as_("officer").post(f"/orders/{order['reference']}/approve")
    assert refused.status_code == 409 and refused.json()["error"]["reason"] == "license_required"
    with ledger.reader() as s:
        assert s.execute(sa.text("SELECT COUNT(*) FROM determinations")).scalar() == 0
        assert s.execute(sa.text("SELECT status FROM orders")).scalar() == "draft"
    last = api.as_("viewer").get("/audit").json()[-1]  # the refusal itself is a decision on the record
    assert last["action"] == "refused" and last["actor"] == "officer-key" and last["data"]["error"]["reason"] == "license_required"


def test_nac_25_day_clock(api):
    analyst, officer = api.as_("analyst"), api.as_("officer")
    party = analyst.post("/parties", json={"name": "Shenzhen Gaming", "country": "CN", "hq_country": "CN"}).json()
    order = analyst.post("/orders", json={"reference": "PO-NAC", "destination": "CN", "consignee_id": party["id"],
                                          "lines": [{"chip": "RTX 4090", "quantity": 10}], "ship_date": "2024-06-10",
                                          "license_exception": "NAC"}).json()
    assert officer.post("/orders/PO-NAC/approve").status_code == 200
    no_notice = officer.post("/orders/PO-NAC/ship", json={"on": "2024-06-10"})
    assert no_notice.status_code == 409 and no_notice.json()["error"]["reason"] == "nac_not_notified"
    noted = analyst.post("/orders/PO-NAC/nac-notification", json={"notified_on": "2024-06-01", "confirmation": "A123456"})
    assert noted.json()["nac_earliest_ship_date"] == "2024-06-26"
    early = officer.post("/orders/PO-NAC/ship", json={"on": "2024-06-25"})
    assert early.status_code == 409 and early.json()["error"]["earliest_ship_date"] == "2024-06-26"
    assert officer.post("/orders/PO-NAC/ship", json={"on": "2024-06-26"}).json()["status"] == "shipped"
    assert order["license_exception"] == "NAC"


def test_check_endpoint_and_recording_a_determination(api):
    body = {"chip": "H100", "to": "CN", "date": "2026-03-01", "end_user_hq": "CN"}
    plain = api.as_("viewer").post("/check", json=body)
    assert plain.status_code == 200 and plain.json()["outcome"] == "license_required" and "determination_id" not in plain.json()
    assert api.as_("viewer").post("/check", json={**body, "record": True}).status_code == 403
    recorded = api.as_("analyst").post("/check", json={**body, "record": True}).json()
    assert api.as_("viewer").get(f"/determinations/{recorded['determination_id']}").json()["outcome"] == "license_required"
    unknown = api.as_("viewer").post("/check", json={**body, "chip": "H1OO"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_chip"
    bad_date = api.as_("viewer").post("/check", json={**body, "date": "2026-13-01"})
    assert bad_date.status_code == 422 and "date" in bad_date.json()["error"]["message"]
    assert api.as_("viewer").post("/classify", json={"chip": "H100", "date": "2026-03-01"}).json()["eccn"] == "3A090.a"
    assert len(api.as_("viewer").get("/chips").json()) >= 60 and api.as_("viewer").get("/timeline").json()
    assert api.as_("viewer").get("/rules", params={"date": "2024-01-01"}).json()


def _race(api, refs, path, body=None):
    barrier = threading.Barrier(len(refs))
    officer_key = api.keys["officer"]

    def client(ref):
        with httpx.Client(base_url=api.base, headers={"X-API-Key": officer_key}, timeout=120) as c:
            barrier.wait()
            key = {"Idempotency-Key": f"{path}-{ref}"}
            first = c.post(f"/orders/{ref}/{path}", headers=key, json=body)
            retry = c.post(f"/orders/{ref}/{path}", headers=key, json=body)  # a retried request must not count twice
            assert retry.status_code == first.status_code or first.status_code == 409
            return first

    with ThreadPoolExecutor(max_workers=len(refs)) as pool:
        return list(pool.map(client, refs))


def test_sixty_http_clients_race_for_the_last_license_units(api):
    party = _setup_ae(api, units=25)
    refs = [_order(api, party)["reference"] for _ in range(60)]
    answers = _race(api, refs, "approve")
    assert sorted({a.status_code for a in answers}) == [200, 409]
    assert sum(a.status_code == 200 for a in answers) == 25
    assert all(a.json()["error"]["reason"] == "exhausted" for a in answers if a.status_code == 409)
    assert api.as_("viewer").get("/licenses/D-AE-1").json()["units"] == {"authorized": 25, "reserved": 25, "used": 0, "remaining": 0}


def test_sixty_http_clients_race_for_the_last_cap_headroom(api):
    party = _setup_ae(api, units=1000)
    api.as_("officer").post("/caps", json={"name": "ae-2026", "scope": "country", "key": "AE", "period_start": "2026-01-01",
                                           "period_end": "2026-12-31", "limit_h100e": 31})
    refs = [_order(api, party)["reference"] for _ in range(60)]
    answers = _race(api, refs, "approve")
    assert sum(a.status_code == 200 for a in answers) == 31
    cap = api.as_("viewer").get("/caps").json()[0]
    assert cap["reserved_tpp"] == cap["limit_tpp"] and cap["headroom_tpp"] == 0
    approved = [ref for ref, a in zip(refs, answers) if a.status_code == 200]
    shipped = _race(api, approved, "ship", {"on": "2026-03-02"})  # 31 clients ship at once; consumption settles exactly
    assert all(a.status_code == 200 for a in shipped)
    cap = api.as_("viewer").get("/caps").json()[0]
    assert cap["consumed_tpp"] == cap["limit_tpp"] and cap["reserved_tpp"] == 0 and cap["headroom_tpp"] == 0
    assert api.as_("viewer").get("/audit/verify").json()["ok"] is True


def test_us_sales_raise_what_may_go_to_china_under_the_2026_rule(api):
    officer, analyst = api.as_("officer"), api.as_("analyst")
    assert officer.post("/caps/policies", json={"policy": "h200_rule_2026", "chip": "H200"}).status_code == 201
    us = analyst.post("/parties", json={"name": "US Cloud", "country": "US"}).json()
    cn = analyst.post("/parties", json={"name": "CN Cloud", "country": "CN", "hq_country": "CN"}).json()
    officer.post("/licenses", json={"number": "D-CN-H200", "valid_from": "2026-01-15", "valid_to": "2026-12-31",
                                    "destinations": ["CN"], "chips": ["H200"], "units": 1000})

    def order(ref, dest, party, qty, **extra):
        body = {"reference": ref, "destination": dest, "consignee_id": party["id"], "ship_date": "2026-02-01",
                "lines": [{"chip": "H200", "quantity": qty}], **extra}
        assert analyst.post("/orders", json=body).status_code == 201

    order("CN-1", "CN", cn, 5, license_number="D-CN-H200")
    refused = officer.post("/orders/CN-1/approve")
    assert refused.status_code == 409 and refused.json()["error"]["reason"] == "cap_exceeded"
    order("US-1", "US", us, 10)
    approved = officer.post("/orders/US-1/approve").json()  # domestic: no determination, but counted
    assert approved["determination_id"] is None and "not an export" in approved["warnings"][0]
    officer.post("/orders/US-1/ship", json={"on": "2026-02-01"})
    assert officer.post("/orders/CN-1/approve").status_code == 200  # 5 <= 50% of 10
    cap = api.as_("viewer").get("/caps").json()[0]
    assert cap["reference_units"] == 10 and cap["headroom_units"] == 0
