import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ledger_backends import _home, ledger, ledger_url, other_ledger_url, pytest_terminal_summary  # noqa: E402,F401
