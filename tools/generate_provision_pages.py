"""Write the review page of every provision into docs/provisions/ (run from the repository root).

    python tools/generate_provision_pages.py [OUT_FOLDER]

The scenario tables are run against the engine as the pages are made, from tests/rules/data/us_ear/.
"""

import sys
from pathlib import Path

from chipcontrols.rules.provision_page import write_all

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "provisions"
    for path in write_all(out, scenarios_dir=ROOT / "tests" / "rules" / "data" / "us_ear"):
        print(path)
