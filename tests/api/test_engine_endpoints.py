"""The engine endpoints are thin: over HTTP they answer exactly what the Python functions return,
for every catalog chip, and never a server error."""

import chipcontrols
from chipcontrols.catalog import default_catalog


def test_check_over_http_equals_the_python_function_for_every_chip(api):
    client = api.as_("viewer")
    for chip in default_catalog():
        for to, date in (("CN", "2023-11-20"), ("AE", "2026-03-01"), ("DE", "2022-10-10")):
            body = {"chip": chip.id, "to": to, "date": date, "end_user_hq": to, "quantity": 3}
            response = client.post("/check", json=body)
            assert response.status_code == 200, (chip.id, response.text)
            assert response.json() == chipcontrols.check(**body), chip.id


def test_classify_chips_rules_timeline_match_the_python_functions(api):
    client = api.as_("viewer")
    assert client.post("/classify", json={"chip": "H800", "date": "2023-11-20"}).json() == chipcontrols.classify("H800", "2023-11-20")
    specs = {"dense_tops": {"fp16": 400}, "die_area_mm2": 600, "datacenter": True}
    assert client.post("/classify", json={"specs": specs, "date": "2024-01-01"}).json() == chipcontrols.classify(specs, "2024-01-01")
    assert client.get("/chips", params={"date": "2024-01-01"}).json() == chipcontrols.chips("2024-01-01")
    assert client.get("/rules", params={"date": "2025-06-01"}).json() == chipcontrols.rules("2025-06-01")
    assert client.get("/timeline").json() == chipcontrols.timeline()
    both = client.post("/classify", json={"chip": "H100", "specs": specs})
    assert both.status_code == 422 and "exactly one of chip or specs" in both.json()["error"]["message"]
