import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own CHIPCONTROLS_HOME, so snapshots never leak between tests."""
    monkeypatch.setenv("CHIPCONTROLS_HOME", str(tmp_path / "home"))
    import chipcontrols.screening as screening

    screening._CACHE.pop("store", None)
    for key in [k for k in screening._CACHE if k != "bundled"]:
        del screening._CACHE[key]
    yield tmp_path
