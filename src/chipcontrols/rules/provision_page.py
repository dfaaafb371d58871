"""A page per provision that a lawyer can review: its dated text and parameters with citations, the sentences it
produces, and its scenario table (inputs, expected outcome, why), run against the engine as the page is made.

The scenario files live beside the tests (tests/rules/data/<pack path>/NAME.yaml, the provision's data file name);
a page made without them says so rather than showing an empty table.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from chipcontrols.errors import InputError
from chipcontrols.rules.pack import RulesPack, default_pack, references

TEMPLATES = Path(__file__).parent / "templates"


def scenarios_dir_default() -> Path | None:
    """The repository's scenario folder when run from a checkout (the installed package does not ship tests)."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        folder = base / "tests" / "rules" / "data" / "us_ear"
        if folder.is_dir():
            return folder
    return None


def provision_page(provision_id: str, *, pack: RulesPack | None = None, scenarios_dir: Path | None = None) -> dict:
    """Everything the page shows, as data (the CLI's --json)."""
    import chipcontrols

    pack = pack or default_pack()
    provision = pack.provisions.get(provision_id) or next(
        (p for p in pack.provisions.values() if provision_id in (p.id.split(".")[-1], file_stem(pack, p.id))), None)
    if provision is None:
        raise InputError(f"No provision '{provision_id}' in the rules pack.",
                         hint=f"Use one of: {', '.join(sorted(pack.provisions))}.")
    stem = file_stem(pack, provision.id)
    cited = {provision.citation, *(w.citation for w in provision.enforcement)}
    settings = provision.settings.model_dump(mode="json")
    cited |= {ref for _, kind, ref in references(provision.settings) if kind == "citation"}
    parameters = []
    for name, value in settings.items():
        if name.endswith("_parameter") and value in pack.parameters:
            parameter = pack.parameters[value]
            parameters.append({"id": parameter.id, "description": parameter.description, "unit": parameter.unit,
                               "values": [v.model_dump(mode="json") for v in parameter.values]})
            cited |= {v.citation for v in parameter.values}
    scenarios, sentences, folder = [], {}, scenarios_dir or scenarios_dir_default()
    scenario_file = folder / "provisions" / f"{stem}.yaml" if folder else None
    if scenario_file is not None and scenario_file.is_file():
        spec = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
        defaults = spec.get("defaults", {})
        for raw_case in spec["cases"]:
            case = {**defaults, **raw_case}  # defaults may give any key, as in the scenario runner
            facts = {k: v for k, v in {**defaults.get("with", {}), **raw_case.get("with", {})}.items() if v is not None}
            result = chipcontrols.check(chip=case.get("chip") or case.get("specs"), to=case["to"],
                                        date=str(case["date"]), rules=pack, **facts)
            for node in result["trace"]:
                if node["rule_id"] == provision.id:
                    sentences.setdefault(node["sentence"], node["status"])
            expected = case["expect"].get("outcome")
            scenarios.append({"name": case["name"], "chip": str(case.get("chip") or "raw specs"), "to": case["to"],
                              "date": str(case["date"]), "facts": facts, "expect": case["expect"],
                              "outcome": result["outcome"], "review_policy": result["items"][0]["review_policy"],
                              "agrees": expected is None or expected == result["outcome"],
                              "why": case.get("note") or ""})
    return {
        "id": provision.id, "file": f"rules/data/us_ear/provisions/{stem}.yaml", "title": provision.title,
        "logic": provision.logic, "effective": provision.effective.isoformat(),
        "compliance": provision.compliance.isoformat() if provision.compliance else None,
        "ends": provision.ends.isoformat() if provision.ends else None, "confirmed": provision.confirmed,
        "note": provision.note, "citation": provision.citation,
        "enforcement": [w.model_dump(mode="json", by_alias=True) for w in provision.enforcement],
        "settings": settings, "parameters": parameters,
        "sentences": [{"sentence": s, "status": status} for s, status in sentences.items()],
        "scenarios": scenarios,
        "scenario_file": f"tests/rules/data/us_ear/provisions/{stem}.yaml" if scenario_file else None,
        "scenarios_found": bool(scenarios),
        "citations": {cid: {**pack.citations[cid].model_dump(mode="json"), "primary": pack.citations[cid].is_primary()}
                      for cid in sorted(cited) if cid in pack.citations},
        "rules_pack_version": pack.info.version, "rules_pack_hash": pack.content_hash,
    }


def render_html(page: dict) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("provision.html").render(page=page)


def file_stem(pack: RulesPack, provision_id: str) -> str:
    """The data file name of a provision (part_742.headquarters_rule -> part_742_hq_rule)."""
    return Path(pack.source_files.get(f"provisions.{provision_id}", provision_id.replace(".", "_"))).stem


def write_all(folder: Path, *, pack: RulesPack | None = None, scenarios_dir: Path | None = None) -> list[Path]:
    """Write every provision's page (NAME.html, the data file's name) and an index (index.html) into a folder."""
    pack = pack or default_pack()
    folder.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for provision_id in sorted(pack.provisions, key=lambda pid: file_stem(pack, pid)):
        page = provision_page(provision_id, pack=pack, scenarios_dir=scenarios_dir)
        path = folder / f"{file_stem(pack, provision_id)}.html"
        path.write_text(render_html(page), encoding="utf-8")
        written.append(path)
        rows.append(page)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    index = folder / "index.html"
    index.write_text(env.get_template("provisions_index.html").render(pages=rows, pack=pack), encoding="utf-8")
    return [index, *written]
