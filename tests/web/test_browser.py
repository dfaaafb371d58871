"""A person's path through the check page, in a real headless Chromium."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def wait_for(browser, element_id: str):
    """The element once the page that holds it has loaded (a form submit navigates asynchronously)."""
    return WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.ID, element_id)))


def test_fill_the_check_form_and_read_the_answer(web_url, browser):
    browser.get(web_url + "/")
    form = browser.find_element(By.ID, "check-form")
    for name, value in {"chip": "H20", "to": "CN", "date": "2025-05-01", "exporter": "NVIDIA"}.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    form.find_element(By.TAG_NAME, "button").click()
    outcome = wait_for(browser, "outcome")
    assert outcome.text == "LICENSE REQUIRED"
    trace = browser.find_element(By.ID, "trace").text
    assert "H20" in trace and "informed" in trace
    browser.save_screenshot("/tmp/chipcontrols-check.png")


def test_unknown_chip_shows_candidates(web_url, browser):
    browser.get(web_url + "/?chip=H900&to=CN&date=2024-06-01")
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert "Unknown chip 'H900'" in alert and "H100" in alert


def test_catalog_links_to_a_check(web_url, browser):
    browser.get(web_url + "/chips?date=2024-06-01")
    browser.find_element(By.LINK_TEXT, "L4").click()
    assert wait_for(browser, "outcome").text == "LICENSE REQUIRED"
