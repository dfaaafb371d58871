"""The policy lab: what-if reforms as data, the loophole finder, and compute stock by country.

    from chipcontrols import policy
    policy.whatif("h20_rule.yaml", date="2024-06-01")
    policy.loopholes(date="2022-12-01", destination="CN")
    policy.stock(policy.BUNDLED_SCENARIO, country="CN")

Every function returns a JSON-shaped dict (the CLI's --json prints it unchanged).
"""

from pathlib import Path

from chipcontrols.policy.compute_stock import stock
from chipcontrols.policy.loophole_finder import loopholes
from chipcontrols.policy.reform import Reform, apply_reforms, load_reform
from chipcontrols.policy.whatif import reform_pack, whatif

EXAMPLES_DIR = Path(__file__).parent / "examples"
BUNDLED_SCENARIO = Path(__file__).parent / "scenarios" / "china_public_estimates.yaml"




__all__ = ["BUNDLED_SCENARIO", "EXAMPLES_DIR", "Reform", "apply_reforms", "load_reform", "loopholes", "reform_pack",
           "stock", "whatif"]
