"""Legal facts live in the rules pack, not in Python: no Federal Register cite, no legal date and no destination code
in the code outside tests and the catalog importer, unless the line says why it must be there.

Read with the ast, so docstrings and comments (which may describe the law) are not counted: only values the code
computes with or prints. A justified line carries a comment starting `# in code:` with the reason.
"""

import ast
import re
from pathlib import Path

import pycountry

SRC = Path(__file__).resolve().parents[2] / "src" / "chipcontrols"
FR_CITE = re.compile(r"\b\d{2,3} FR \d+")
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
COUNTRY = re.compile(r"^[A-Z]{2}$")
MARK = "# in code:"
# Example values in hints and help texts teach the input format; they decide nothing.
EXAMPLE = re.compile(r"\be\.g\.|\bsuch as\b|YYYY-MM-DD|\bexample\b", re.IGNORECASE)
# "NO" (a yes/no answer) and "GB" (gigabytes) are country codes too; in this code they never mean the country.
COUNTRIES = {c.alpha_2 for c in pycountry.countries} - {"NO", "GB"}


def docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def findings(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    docs = docstring_nodes(tree)
    found = []

    def flag(node: ast.AST, what: str) -> None:
        end = getattr(node, "end_lineno", node.lineno)
        if not any(MARK in lines[i - 1] for i in range(node.lineno, end + 1)):
            found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            value = node.value
            if FR_CITE.search(value) and not EXAMPLE.search(value):
                flag(node, f"Federal Register cite {FR_CITE.search(value).group()!r}")
            if ISO_DATE.search(value) and not EXAMPLE.search(value):
                flag(node, f"date {ISO_DATE.search(value).group()!r}")
            if COUNTRY.match(value) and value in COUNTRIES:
                flag(node, f"country code {value!r}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "date" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, int):
            flag(node, f"date({node.args[0].value}, ...)")
    return found


def python_files() -> list[Path]:
    # The screening package reads the official lists' own formats (their country columns, their dates): list data,
    # not legal rules. Migrations record their creation date.
    skip = ("screening", "migrations")
    return [p for p in sorted(SRC.rglob("*.py")) if not any(part in skip for part in p.relative_to(SRC).parts)]


def test_no_legal_fact_is_written_in_python_without_a_reason():
    problems = [f for path in python_files() for f in findings(path)]
    assert not problems, "Move these to the rules pack, or say why they stay (# in code: ...):\n" + "\n".join(problems)


def test_the_check_would_catch_a_new_fact(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('from datetime import date\nMACAU = "MO"\nSTART = date(2023, 1, 18)\nCITE = "88 FR 2821"\n'
                      'KEPT = "US"  # in code: the jurisdiction itself\n')
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        found = findings(sample)
    finally:
        SRC = saved
    assert len(found) == 3 and not any("KEPT" in f or ":5:" in f for f in found)
