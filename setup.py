"""Build hook for the one part that is compiled: the screening engine's hot path.

The modules below are plain, fully annotated Python. mypyc compiles them to C extensions at install time
(about 1.6x faster screening: see README, "Design decisions"); the same files run as ordinary Python from
src/ (PYTHONPATH=src) or when installed with CHIPCONTROLS_PURE_PYTHON=1 (no C compiler needed). The tests
check that both give the same answers. Everything else about the package is in pyproject.toml.
"""

import os

from setuptools import setup

COMPILED = [
    "src/chipcontrols/screening/engine.py",
    "src/chipcontrols/screening/index.py",
    "src/chipcontrols/screening/normalise.py",
    "src/chipcontrols/screening/phonetic.py",
    "src/chipcontrols/screening/records.py",
    "src/chipcontrols/screening/scorer.py",
]


def compiled_modules():
    if os.environ.get("CHIPCONTROLS_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify

    # the build environment holds only setuptools and mypy: third-party imports are typed as Any there
    return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *COMPILED], opt_level="3")


setup(ext_modules=compiled_modules())
