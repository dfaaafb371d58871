"""Every page served for real on loopback; each shows what the public function returns."""

import httpx

import chipcontrols


def get(url, **params):
    return httpx.get(url, params=params, timeout=60)


def test_check_page_renders_the_engine_answer_and_its_json_twin(web_url):
    page = get(web_url + "/", chip="H800 SXM", to="CN", date="2023-03-01", exporter="NVIDIA")
    assert page.status_code == 200 and "NO LICENSE REQUIRED" in page.text and "87 FR 62186" in page.text
    twin = get(web_url + "/", chip="H800 SXM", to="CN", date="2023-03-01", exporter="NVIDIA", json=1)
    assert twin.json() == chipcontrols.check(chip="H800 SXM", to="CN", date="2023-03-01", exporter="NVIDIA")


def test_bad_input_is_a_400_page_with_the_message_and_the_fix(web_url):
    page = get(web_url + "/", chip="H100", to="China", date="2024-06-01")
    assert page.status_code == 400
    assert "not an ISO 3166-1 alpha-2 country code" in page.text and "How to fix" in page.text
    assert get(web_url + "/", chip="H100", to="CN", date="2024-13-01", json=1).json()["error"]["code"] == "invalid_input"


def test_catalog_rules_timeline_pages(web_url):
    assert "H20 (HGX)" in get(web_url + "/chips", date="2024-06-01").text
    assert "D:5" in get(web_url + "/rules", date="2024-06-01").text
    assert "2023-11-17" in get(web_url + "/timeline").text


def test_policy_pages(web_url):
    loopholes = get(web_url + "/loopholes", date="2024-06-01", destination="CN")
    assert loopholes.status_code == 200 and "H20 (HGX)" in loopholes.text and "data:image/png;base64" in loopholes.text
    form = get(web_url + "/whatif")
    assert "h20" in form.text.lower()
    reform = httpx.post(web_url + "/whatif", data={"reform_text": "id: x\ntitle: y\nchanges: [{kind: nope}]", "date": ""},
                        timeout=60)
    assert reform.status_code == 400 and "Error" in reform.text
    stock = get(web_url + "/stock", country="CN")
    assert stock.status_code == 200 and "data:image/png;base64" in stock.text


def test_stock_page_refuses_a_bad_life(web_url):
    page = get(web_url + "/stock", country="CN", life="five")
    assert page.status_code == 400 and "whole number" in page.text


def test_check_page_passes_the_parent_headquarters(web_url):
    asked = get(web_url + "/", chip="H100", to="MY", date="2024-06-01", end_user_hq="MY", exporter="X", json=1).json()
    assert asked["outcome"] == "indeterminate"
    answered = get(web_url + "/", chip="H100", to="MY", date="2024-06-01", end_user_hq="MY", ultimate_parent_hq="CN",
                   exporter="X", listed_owner="no", json=1).json()
    assert answered["outcome"] == "license_required"
