"""The one renderer of a determination: which steps to show, in what words, with which citations.

The CLI, the web pages and the evidence packs read these functions; none of them picks trace nodes by rule id
itself. A determination here is the JSON form (`chipcontrols.check(...)`), so stored determinations render the same.
"""

from __future__ import annotations

# Besides the decisive steps, these statuses are worth a reader's eye: something applied, is asked, or is in the
# CFR text without being enforced.
NOTEWORTHY = ("applied", "needs_input", "not_enforced", "info")


def headline(determination: dict) -> str:
    return determination["outcome"].upper().replace("_", " ")


def words(value: str | None) -> str:
    return (value or "-").replace("_", " ")


def number(value, digits: int = 0) -> str:
    return "?" if value is None else f"{value:,.{digits}f}"


def item_line(item: dict) -> str:
    eccn = item["eccn_paragraph"] or item["eccn"] or "not 3A090"
    return (f"{item['quantity']} x {item['chip']}: ECCN {eccn} (TPP {number(item['tpp'])}, PD {number(item['pd'], 2)}) "
            f"-> {words(item['outcome'])}; review policy: {words(item['review_policy'])}; exceptions: "
            f"{', '.join(item['license_exceptions']) or 'none'}")


def exception_lines(determination: dict) -> list[str]:
    return [f"License Exception {e['name']} ({e['citation']}): " + " ".join(e["conditions"])
            for item in determination["items"] for e in item["license_exception_details"]]


def policy_notes(determination: dict) -> list[str]:
    return [f"{r['rule_id']}: {r['review_policy_note']}" for item in determination["items"]
            for r in item["requirements"] if r["review_policy_note"]]


def cite_short(determination: dict, cid: str) -> str:
    citation = determination["citations"].get(cid)
    return (citation.get("fr") or citation.get("cfr") or cid) if citation else cid


def _depth(by_id: dict, node: dict) -> int:
    level, parent = 0, node.get("parent")
    while parent is not None and parent in by_id:
        level, parent = level + 1, by_id[parent].get("parent")
    return level


def why(determination: dict, full: bool = False) -> list[dict]:
    """The trace steps to show: the decisive ones and the noteworthy ones (all of them with full=True), in trace
    order, each with its depth in the tree and its citations in short form."""
    by_id = {n.get("id"): n for n in determination["trace"]}
    shown = [n for n in determination["trace"] if full or n.get("decisive") or n["status"] in NOTEWORTHY]
    return [{**n, "depth": _depth(by_id, n),
             "cites": [cite_short(determination, c) for c in n["citations"] if c in determination["citations"]]}
            for n in shown]


def deciding(determination: dict) -> list[dict]:
    return [n for n in determination["trace"] if n.get("decisive")]


def deciding_sentence(determination: dict) -> str:
    """The sentences of the steps that decided the first item: what imposed a requirement or asked a question,
    else why nothing applies."""
    first = determination["items"][0]["chip_id"]
    nodes = [n for n in deciding(determination) if n.get("item") == first]
    active = [n for n in nodes if n["status"] in ("applied", "needs_input")]
    chosen = active or nodes
    return " ".join(n["sentence"] for n in chosen) or "No rule in force applies to this item, destination and exporter."


def text(determination: dict, full: bool = False) -> str:
    """The whole determination as plain text (a terminal without styles, a log, a test)."""
    lines = [f"{headline(determination)}  {determination['summary']}"]
    lines += [f"  {item_line(i)}" for i in determination["items"]]
    lines += exception_lines(determination) + policy_notes(determination)
    if determination["questions"]:
        lines += ["", "Facts needed"] + [f"  ? {q['question']}  ({q['why']} Answer with {q['answer_with']}.)"
                                         for q in determination["questions"]]
    lines += ["", "Why"]
    for n in why(determination, full):
        mark = "*" if n.get("decisive") else " "
        lines.append(f"{'  ' * (n['depth'] + 1)}{mark}[{n['status']}] {n['title']}: {n['sentence']} "
                     f"{', '.join(n['cites'])}".rstrip())
    if determination["assumptions"]:
        lines += ["", "Assumed"] + [f"  - {a}" for a in determination["assumptions"]]
    if determination["warnings"]:
        lines += ["", "Warnings"] + [f"  ! {w['message']}" for w in determination["warnings"]]
    lines += ["", provenance_line(determination)]
    return "\n".join(lines)


def provenance_line(determination: dict) -> str:
    p = determination["provenance"]
    return (f"rules pack {p['rules_pack_version']} ({p['rules_pack_hash']}), catalog {p['catalog_hash']}, input "
            f"{p['input_hash']}, engine {p['engine_version']}")
