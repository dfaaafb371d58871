import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "ledger"))
sys.path.insert(0, str(Path(__file__).parent))

from ledger_backends import _home, ledger, ledger_url, pytest_terminal_summary  # noqa: E402,F401

import pytest  # noqa: E402

from api_server import api_for  # noqa: E402


@pytest.fixture
def api(ledger):
    with api_for(ledger) as client:
        yield client
