import os

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own CHIPCONTROLS_HOME: no test reads or writes the user's state."""
    monkeypatch.setenv("CHIPCONTROLS_HOME", str(tmp_path / "home"))
    yield


def pytest_report_header(config):
    return f"CHIPCONTROLS_TEST_POSTGRES_URL={'set' if os.environ.get('CHIPCONTROLS_TEST_POSTGRES_URL') else 'not set'}"
