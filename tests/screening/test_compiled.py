"""The screening hot path is compiled at install (setup.py, mypyc) and must answer exactly as its Python source.

The installed package is what the rest of the suite tests (to run the suite from src/ instead, set
CHIPCONTROLS_PURE_PYTHON=1); here the same queries are screened once more by the plain source, in a separate
interpreter, and the two JSON answers must be identical.
"""

import json
import os
import random
import shutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

from chipcontrols.screening import bundled_index
from chipcontrols.screening.engine import screen_with

SRC = Path(__file__).resolve().parents[2] / "src"
COMPILED = ["engine", "index", "normalise", "phonetic", "records", "scorer"]  # as setup.py lists them

_SCREEN_IN_SOURCE = """
import json, sys
from chipcontrols.screening import bundled_index
from chipcontrols.screening.engine import screen_with
import chipcontrols.screening.index as index_module
queries = json.load(sys.stdin)
index = bundled_index()
answers = [[screen_with(index, q).to_dict(), screen_with(index, q, limit=50, include_below=True).to_dict()] for q in queries]
print(json.dumps({"index_module": index_module.__file__, "answers": answers}))
"""


def _queries(n: int) -> list[str]:
    """List names and what users type instead: lower case, words reversed, a letter lost, a legal form added."""
    rng = random.Random(3)
    names = [rec.display for rec in bundled_index().names]
    out = []
    for name in rng.sample(names, n):
        words = name.split()
        cut = rng.randrange(len(name))
        out += [name, name.lower(), " ".join(reversed(words)), name[:cut] + name[cut + 1:], name + " Co., Ltd."]
    return [q for q in out if any(ch.isalnum() for ch in q)] + ["Northwind Garden Supplies GmbH", "Hua Wei Technologies"]


def test_the_installed_hot_path_is_compiled_unless_asked_not_to_be():
    pure = os.environ.get("CHIPCONTROLS_PURE_PYTHON") == "1"  # the build setting setup.py reads
    for name in COMPILED:
        module_file = import_module(f"chipcontrols.screening.{name}").__file__
        assert module_file.endswith(".py") == pure, (name, module_file)


def test_compiled_and_source_screen_alike(tmp_path):
    queries = _queries(700)
    source = tmp_path / "source"
    shutil.copytree(SRC / "chipcontrols", source / "chipcontrols", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    done = subprocess.run([sys.executable, "-c", _SCREEN_IN_SOURCE], input=json.dumps(queries), capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(source)), check=True, timeout=600)
    from_source = json.loads(done.stdout)
    assert from_source["index_module"] == str(source / "chipcontrols" / "screening" / "index.py")
    index = bundled_index()
    installed = [[screen_with(index, q).to_dict(), screen_with(index, q, limit=50, include_below=True).to_dict()] for q in queries]
    assert len(queries) > 3000
    assert sum(bool(answer[0]["hits"]) for answer in installed) > 2000  # mostly hits: the explanations are compared too
    assert json.loads(json.dumps(installed)) == from_source["answers"]
