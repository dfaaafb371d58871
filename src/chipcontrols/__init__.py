"""chipcontrols: U.S. export controls on AI chips as dated, cited rules-as-code.

    import chipcontrols
    chipcontrols.check(chip="H800", to="CN", date="2023-03-01")
"""

from chipcontrols.determine import check
from chipcontrols.reference import chips, classify, rules, timeline
from chipcontrols.errors import ChipControlsError, InputError, UnknownChipError

__version__ = "0.1.0"
__all__ = ["ChipControlsError", "InputError", "UnknownChipError", "check", "chips", "classify", "rules", "timeline"]
