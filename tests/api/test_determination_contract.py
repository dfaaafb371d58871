"""The /check contract: its response model is declared in OpenAPI and what the server sends validates against it;
a reform that makes the pack invalid is a 422 with the reason, never a 500."""

from chipcontrols.model.determination import RecordedDetermination

HQ = "part_742.headquarters_rule"
BAD_POLICY = {"id": "bad-policy", "title": "A misspelt review policy",
              "changes": [{"kind": "set", "path": f"provisions.{HQ}.review_policy", "value": "case_by_cse"}]}


def test_check_declares_its_response_model_and_answers_in_it(api):
    client = api.as_("viewer")
    schema = client.get("/openapi.json").json()
    ok = schema["paths"]["/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/RecordedDetermination")
    node = schema["components"]["schemas"]["TraceNode"]["properties"]
    assert {"decisive", "children", "parent", "version"} <= set(node)
    answer = client.post("/check", json={"chip": "H100", "to": "CN", "date": "2024-06-01", "exporter": "X",
                                         "end_user_hq": "CN", "owned_by_listed_party": False})
    assert answer.status_code == 200
    determination = RecordedDetermination.model_validate(answer.json())
    assert determination.outcome == "license_required"
    assert "part_742.license_3a090_2023" in determination.items[0].decided_by


def test_a_bad_reform_over_http_is_422_not_500(api):
    answer = api.as_("viewer").post("/policy/whatif", json={"reforms": [BAD_POLICY], "date": "2024-06-01"})
    assert answer.status_code == 422, answer.text
    assert "review_policy" in answer.json()["error"]["message"] and "case_by_case" in answer.json()["error"]["message"]
