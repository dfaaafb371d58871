"""Screening, compute and policy over HTTP: exactly what the Python functions return, behind a key."""

import chipcontrols
from chipcontrols import compute, policy, screening

CSL_HEADER = ("_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
              "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
              "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
              "dates_of_birth,nationalities,places_of_birth,source_information_url,ids")


def test_screen_and_check_with_parties(api):
    client = api.as_("viewer")
    hits = client.get("/screen", params={"name": "Xian Semi Electronic", "country": "CN"})
    assert hits.status_code == 200
    assert hits.json() == screening.screen("Xian Semi Electronic", "CN").to_dict()
    body = {"chip": "H20", "to": "CN", "date": "2024-06-01", "exporter": "X", "end_user_hq": "CN",
            "owned_by_listed_party": False, "parties": [{"name": "Xian Semi Electronic", "country": "CN"}]}
    answer = client.post("/check", json=body)
    assert answer.status_code == 200 and answer.json()["outcome"] == "license_required"
    assert client.get("/lists").json() == screening.status()


def test_loading_a_list_needs_admin_and_a_bad_file_writes_nothing(api):
    row = ('1,Entity List (EL) - Bureau of Industry and Security,,,,Example Listed Co,,"1 Road, Beijing, CN",'
           "88 FR 1,2023-01-01,,,For all items subject to the EAR,Presumption of denial,,,,,,,,,,,,,,,")
    body = (CSL_HEADER + "\n" + row + "\n").encode()
    viewer = api.as_("viewer").post("/lists", params={"format": "csl-csv"}, content=body)
    assert viewer.status_code == 403
    broken = api.as_("admin").post("/lists", params={"format": "csl-csv"}, content=b"not,a,csl\n1,2\n")
    assert 400 <= broken.status_code < 500 and broken.json()["error"]["message"]
    assert screening.status()["current"] is None


def test_compute_endpoints_equal_the_python_functions(api):
    client = api.as_("viewer")
    fleet = client.post("/compute/fleet", json={"lines": ["2048 x H800 SXM"], "date": "2024-03-01"})
    assert fleet.json() == compute.fleet(["2048 x H800 SXM"], date="2024-03-01")
    training = client.post("/compute/training", json={"chips": "2048 x H800 SXM", "gpu_hours": 2.788e6,
                                                      "active_params": 37e9, "tokens": 14.8e12, "price_per_gpu_hour": 2})
    assert training.status_code == 200, training.text
    assert training.json() == compute.training("2048 x H800 SXM", gpu_hours=2.788e6, active_params=37e9, tokens=14.8e12,
                                               price_per_gpu_hour=2)
    assert client.get("/compute/runs").json() == compute.runs()
    assert client.get("/compute/runs/deepseek-v3").json() == compute.run("deepseek-v3")
    assert client.get("/compute/thresholds").json() == compute.thresholds()
    bad = client.post("/compute/fleet", json={"lines": ["2048 x"]})
    assert bad.status_code == 422 and bad.json()["error"]["hint"]


def test_policy_endpoints_equal_the_python_functions(api):
    import yaml

    client = api.as_("viewer")
    import json

    # Over HTTP a reform is JSON: its dates travel as ISO strings.
    reform = json.loads(json.dumps(yaml.safe_load((policy.EXAMPLES_DIR / "h20_rule.yaml").read_text()), default=str))
    answer = client.post("/policy/whatif", json={"reforms": [reform], "date": "2024-06-01"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == policy.whatif([reform], date="2024-06-01")
    loopholes = client.get("/policy/loopholes", params={"date": "2022-12-01", "destination": "CN"})
    assert loopholes.json() == policy.loopholes("2022-12-01", "CN")
    stock = client.post("/policy/stock", json={"country": "CN", "samples": 200})
    assert stock.json() == policy.stock(policy.BUNDLED_SCENARIO, country="CN", samples=200)
    bad = client.post("/policy/whatif", json={"reforms": [{"id": "x", "title": "y", "changes": [{"kind": "nope"}]}]})
    assert bad.status_code == 422


def test_analysis_endpoints_need_a_key(api):
    assert api.anon.get("/compute/runs").status_code == 401
    assert api.anon.get("/screen", params={"name": "x"}).status_code == 401
