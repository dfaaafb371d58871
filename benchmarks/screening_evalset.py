"""Build the labelled screening evaluation set from the real list files (deterministic, seed 7).

Output: benchmarks/data/screening_eval.csv with columns
    query, kind (company/person), cls (variant class or hard_negative/clean), label (1 = on the list, 0 = not),
    base_uid, base_name
Positives are variants of real list names (CSL extract + OFAC SDN), one row per class per base entry;
hard negatives keep a listed name's region/industry/legal words (or a person's surname) and swap the
distinctive part for a word that is on no list; clean names are synthetic names checked to be on no list.
The "hanzi" class is synthetic: the list gives no Chinese characters, so a pinyin trade name is rendered
with characters read with the same syllables (checked by round trip through pypinyin) and industry /
legal words with their usual Chinese terms. It tests our Han->pinyin path, not translation.

Run: PYTHONPATH=src python benchmarks/screening_evalset.py [../shared/data/lists]
The held-out set (never looked at while tuning the matcher):
     PYTHONPATH=src python benchmarks/screening_evalset.py --seed 2027 --out benchmarks/data/screening_eval_holdout.csv
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

from chipcontrols.screening.normalise import normalise, person_tokens
from chipcontrols.screening.store import read_list_file
from chipcontrols.screening.vocabulary import GENERIC_WORDS, LEGAL_TOKENS, REGION_WORDS, STOP_WORDS

OUT = Path(__file__).parent / "data" / "screening_eval.csv"
SEED = 7
N_COMPANIES, N_PERSONS, N_CLEAN = 300, 150, 2000

COMPANY_CLASSES = ["exact", "legal_form", "abbreviation", "word_order", "region_word", "pinyin_spacing", "hanzi",
                   "typo", "transliteration", "homoglyph"]
PERSON_CLASSES = ["exact", "word_order", "initials", "typo", "transliteration", "homoglyph", "dropped_middle"]

LEGAL_SWAPS = [(r"\bco\.?,? ?ltd\.?", "Company Limited"), (r"\bcompany limited\b", "Co., Ltd."), (r"\blimited\b", "Ltd"),
               (r"\bltd\.?", "Limited"), (r"\bcorporation\b", "Corp."), (r"\bcorp\.?", "Corporation"),
               (r"\bincorporated\b", "Inc"), (r"\binc\.?", "Incorporated"), (r"\bllc\b", "Limited Liability Company"),
               (r"\bgmbh\b", "Gesellschaft mit beschrankter Haftung"), (r"\booo\b", "LLC"), (r"\bcompany\b", "Co.")]
ABBREV = [("international", "Intl"), ("technology", "Tech"), ("technologies", "Techs"), ("company", "Co"),
          ("corporation", "Corp"), ("electronics", "Elec"), ("electronic", "Elec"), ("industrial", "Indl"),
          ("trading", "Trdg"), ("science and technology", "Sci & Tech"), ("group", "Grp"), ("engineering", "Eng"),
          ("research institute", "Res. Inst."), ("institute", "Inst"), ("development", "Dev"), ("manufacturing", "Mfg"),
          ("equipment", "Equip"), ("import and export", "Imp & Exp"), ("university", "Univ"), ("aviation", "Avn")]
REGIONS = ["Shenzhen", "Hong Kong", "Beijing", "Shanghai", "Guangzhou", "Moscow", "Dubai"]
WADE = [("zh", "ch"), ("x", "hs"), ("q", "ch'"), ("ong", "ung"), ("j", "ch"), ("z", "ts")]
TRANSLIT = [("mohammed", "muhammad"), ("muhammad", "mohammed"), ("mohammad", "muhammed"), ("ahmed", "ahmad"),
            ("ahmad", "ahmed"), ("abdul", "abdel"), ("yusuf", "yousef"), ("hussein", "husayn"), ("ou", "u"), ("kh", "h"),
            ("ii", "iy"), ("iy", "y"), ("yi", "i"), ("ei", "ey"), ("ya", "ia"), ("yu", "iu"), ("ie", "ye"), ("v", "w"),
            ("oo", "u"), ("ee", "i"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("sch", "sh")]
HOMO = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "i": "і", "A": "А", "E": "Е", "O": "О", "C": "С", "P": "Р"}
GLOSS_BACK = {"technology": "技术", "technologies": "技术", "information": "信息", "electronics": "电子", "electronic": "电子",
              "trading": "贸易", "international": "国际", "industrial": "实业", "group": "集团", "semiconductor": "半导体",
              "microelectronics": "微电子", "communication": "通信", "communications": "通信", "network": "网络",
              "software": "软件", "holdings": "控股", "holding": "控股", "development": "发展", "equipment": "设备",
              "instrument": "仪器", "instruments": "仪器", "engineering": "工程", "aviation": "航空", "aerospace": "航天",
              "university": "大学", "china": "中国", "materials": "材料", "systems": "系统", "logistics": "物流",
              "investment": "投资", "manufacturing": "制造", "precision": "精密", "energy": "能源", "data": "数据"}
CLEAN_WORDS = ["Apex", "Summit", "Harbor", "Crescent", "Meadow", "Granite", "Falcon", "Willow", "Beacon", "Cobalt",
               "Juniper", "Maple", "Orchid", "Quartz", "Saffron", "Tundra", "Vertex", "Zephyr", "Lumen", "Nimbus",
               "Aurora", "Bramble", "Cedar", "Dune", "Ember", "Fjord", "Glacier", "Horizon", "Iris", "Jasper",
               "Kestrel", "Lagoon", "Mistral", "Nectar", "Onyx", "Prism", "Quill", "Ridge", "Sparrow", "Thistle"]
CLEAN_GENERIC = ["Technology", "Electronics", "Trading", "Logistics", "Precision Machinery", "Software", "Components",
                 "Semiconductor", "Optical", "Industrial", "Data Systems", "Import and Export", "Materials", "Instruments"]
CLEAN_LEGAL = ["Co., Ltd.", "Limited", "LLC", "GmbH", "Inc.", "Pte. Ltd.", "Corporation", "S.A.", "OOO", "Company Limited", ""]
FIRST = ["James", "Maria", "Wei", "Li", "Olga", "Ahmed", "Fatima", "Carlos", "Yuki", "Priya", "Hans", "Elena", "Omar",
         "Chen", "Anna", "Ivan", "Sofia", "David", "Mei", "Rahul", "Lucas", "Amira", "Kenji", "Nadia", "Pablo", "Ingrid"]
LAST = ["Thompson", "Garcia", "Zhang", "Liu", "Petrova", "Haddad", "Nakamura", "Sharma", "Muller", "Rossi", "Novak",
        "Okafor", "Silva", "Kowalski", "Andersen", "Huang", "Tanaka", "Moreau", "Fischer", "Costa", "Lindqvist", "Park"]


def word_class(word: str) -> str:
    """The class a word has inside a name (no whole-name fallback)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if w in LEGAL_TOKENS:
        return "legal"
    if w in STOP_WORDS:
        return "stop"
    if w in REGION_WORDS:
        return "region"
    if w in GENERIC_WORDS:
        return "generic"
    return "name"


CHINESE = {"CN", "HK", "MO", "TW"}


def syllable_table():
    from pypinyin import lazy_pinyin, pinyin_dict
    from pypinyin.contrib.tone_convert import to_normal

    table: dict[str, str] = {}
    for cp, reading in sorted(pinyin_dict.pinyin_dict.items()):
        if "," in reading or not 0x4E00 <= cp <= 0x9FFF:
            continue
        syl = to_normal(reading)
        if syl.isascii() and syl.isalpha() and syl not in table and lazy_pinyin(chr(cp)) == [syl]:
            table[syl] = chr(cp)
    return table


SYL: dict[str, str] = {}


def segment(word: str) -> list[str] | None:
    """Split a pinyin word into syllables (longest first with backtracking), or None."""
    word = word.lower()
    if not word:
        return []
    for k in range(min(6, len(word)), 0, -1):
        if word[:k] in SYL:
            rest = segment(word[k:])
            if rest is not None:
                return [word[:k], *rest]
    return None


def company_variant(cls: str, name: str, rng: random.Random, chinese: bool) -> str | None:
    if cls in ("pinyin_spacing", "hanzi") and not chinese:
        return None  # pinyin rules only make sense for Chinese parties
    words = name.split()
    low = name.lower()
    if cls == "exact":
        return name
    if cls == "legal_form":
        for pat, rep in LEGAL_SWAPS:
            if re.search(pat, low):
                return re.sub(pat, rep, name, count=1, flags=re.I)
        return name.rstrip(" .,") + rng.choice([" Co., Ltd.", " Limited", " LLC", " Corp."])
    if cls == "abbreviation":
        for long, short in ABBREV:
            if long in low:
                return re.sub(re.escape(long), short, name, count=1, flags=re.I)
        return None
    if cls == "word_order":
        sig = [i for i, w in enumerate(words) if word_class(w) in ("name", "generic")]
        if len(sig) < 2:
            return None
        i, j = sig[0], sig[1]
        words[i], words[j] = words[j], words[i]
        out = " ".join(words)
        return out if out != name else None
    if cls == "region_word":
        for w in words:
            if word_class(w) == "region":
                return re.sub(r"\s+", " ", name.replace(w, "", 1)).strip()
        return rng.choice(REGIONS) + " " + name
    if cls == "pinyin_spacing":
        for i, w in enumerate(words):
            seg = segment(re.sub(r"[^a-z]", "", w.lower())) if len(w) >= 6 else None
            if seg and len(seg) >= 2 and word_class(w) == "name":
                words[i] = " ".join(s.capitalize() for s in seg)
                return " ".join(words)
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if segment(a.lower()) and segment(b.lower()) and len(a) <= 5 and len(b) <= 5:
                return " ".join(words[:i] + [a + b.lower()] + words[i + 2 :])
        return None
    if cls == "hanzi":
        out = []
        for w in re.findall(r"[A-Za-z]+", name):
            lw = w.lower()
            if lw in GLOSS_BACK:
                out.append(GLOSS_BACK[lw])
            elif lw in ("co", "company", "ltd", "limited", "corp", "corporation"):
                if not out or not out[-1].endswith("有限公司"):
                    out.append("有限公司")
            elif lw in ("and", "of"):
                continue
            else:
                seg = segment(lw)
                if seg:
                    out.append("".join(SYL[s] for s in seg))
                else:
                    out.append(f" {w} ")  # Latin brand words stay Latin, as Chinese names often write them
        latin = sum(1 for o in out if o.startswith(" "))
        return re.sub(r"\s+", " ", "".join(out)).strip() if out and latin <= 1 and latin < len(out) else None
    if cls == "typo":
        cands = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and word_class(w) == "name"]
        return typo_in_one(words, cands or [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()], rng)
    if cls == "transliteration":
        for i, w in enumerate(words):
            lw = w.lower()
            if chinese and segment(lw) and len(lw) >= 4 and word_class(w) == "name":
                for a, b in WADE:
                    if a in lw:
                        words[i] = lw.replace(a, b, 1).capitalize()
                        return " ".join(words)
        return translit(name)
    if cls == "homoglyph":
        return homoglyph(name, rng)
    raise ValueError(cls)


def typo_in_one(words: list[str], positions: list[int], rng: random.Random) -> str | None:
    """The name with one of the words at `positions` misspelt (None when there is none to misspell)."""
    if not positions:
        return None
    i = rng.choice(positions)
    words[i] = typo(words[i], rng)
    return " ".join(words)


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "aeiourstnlm"
    if op == "sub":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :] if word[i] != word[i - 1] else word[:i] + word[i + 1 :]


def translit(name: str) -> str | None:
    """A common romanisation variant inside one name word (never in legal forms or industry words)."""
    words = name.split()
    for a, b in TRANSLIT:
        for i, w in enumerate(words):
            if word_class(w) == "name" and len(w) >= 4 and a in w.lower():
                idx = w.lower().index(a)
                new = w[:idx] + (b.upper() if w.isupper() else b) + w[idx + len(a) :]
                return " ".join(words[:i] + [new] + words[i + 1 :])
    return None


def homoglyph(name: str, rng: random.Random) -> str:
    chars = list(name)
    idx = [i for i, c in enumerate(chars) if c in HOMO]
    for i in rng.sample(idx, min(2, len(idx))):
        chars[i] = HOMO[chars[i]]
    out = "".join(chars)
    sp = [i for i, c in enumerate(out) if c == " "]
    if sp:
        i = rng.choice(sp)
        out = out[:i] + "\u200b" + out[i:]
    return out


def person_variant(cls: str, name: str, rng: random.Random) -> str | None:
    words = name.split()
    if cls == "exact":
        return name
    if cls == "word_order":
        return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) >= 2 else None
    if cls == "initials":
        return f"{words[0][0]}. {' '.join(words[1:])}" if len(words) >= 2 and len(words[0]) > 1 else None
    if cls == "typo":
        return typo_in_one(words, [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()], rng)
    if cls == "transliteration":
        return translit(name)
    if cls == "homoglyph":
        return homoglyph(name, rng)
    if cls == "dropped_middle":
        return f"{words[0]} {words[-1]}" if len(words) >= 3 else None
    raise ValueError(cls)


def main(lists: Path, seed: int = SEED, out: Path = OUT) -> None:
    SYL.update(syllable_table())
    rng = random.Random(seed)
    entries = read_list_file(lists / "csl_extract_2023-11.csv", drop_cut_last_row=True) + read_list_file(lists / "ofac_sdn_legacy")
    company_keys = {normalise(n).key for e in entries if e.kind != "person" for n, _ in e.all_names()}
    person_keys = {person_tokens(n).key for e in entries if e.kind == "person" for n, _ in e.all_names()}
    vocab = {t for e in entries for n, _ in e.all_names() for t in normalise(n).tokens}
    companies = [e for e in entries if e.kind == "company" and len(normalise(e.name).tokens) >= 2 and not e.name.isupper() or
                 (e.kind == "company" and e.feed == "ofac_sdn" and len(normalise(e.name).tokens) >= 2)]
    # weight towards the lists this product cares about: BIS lists and Chinese/HK/RU parties
    seen_names, unique = set(), []
    for e in companies:  # the CSL repeats BIS entries once per address block
        if normalise(e.name).key not in seen_names:
            seen_names.add(normalise(e.name).key)
            unique.append(e)
    chinese = [e for e in unique if set(e.countries) & CHINESE]
    bis = [e for e in unique if e not in chinese and ("Bureau of Industry" in e.source or "CMIC" in e.source)]
    other = [e for e in unique if e not in chinese and e not in bis]
    n_cn = min(150, len(chinese))
    n_bis = min(80, len(bis))
    base_companies = rng.sample(chinese, n_cn) + rng.sample(bis, n_bis) + rng.sample(other, N_COMPANIES - n_cn - n_bis)
    persons = [e for e in entries if e.kind == "person" and 2 <= len(e.name.split()) <= 4 and e.name.replace(" ", "").replace("-", "").isalpha()]
    base_persons = rng.sample(persons, N_PERSONS)
    rows = []
    for e in base_companies:
        for cls in COMPANY_CLASSES:
            q = company_variant(cls, e.name, rng, bool(set(e.countries) & CHINESE))
            if q and q.strip():
                rows.append({"query": q, "kind": "company", "cls": cls, "label": 1, "base_uid": e.uid, "base_name": e.name})
        neg = hard_negative_company(e.name, vocab, company_keys, rng)
        if neg:
            rows.append({"query": neg, "kind": "company", "cls": "hard_negative", "label": 0, "base_uid": e.uid, "base_name": e.name})
    for e in base_persons:
        for cls in PERSON_CLASSES:
            q = person_variant(cls, e.name, rng)
            if q and q.strip():
                rows.append({"query": q, "kind": "person", "cls": cls, "label": 1, "base_uid": e.uid, "base_name": e.name})
        words = e.name.split()
        for _ in range(10):
            neg = f"{rng.choice(FIRST)} {words[-1]}"
            if person_tokens(neg).key not in person_keys:
                rows.append({"query": neg, "kind": "person", "cls": "hard_negative", "label": 0, "base_uid": e.uid, "base_name": e.name})
                break
    seen = set()
    while sum(1 for r in rows if r["cls"] == "clean") < N_CLEAN:
        if rng.random() < 0.75:
            tn = rng.choice(CLEAN_WORDS) if rng.random() < 0.5 else "".join(rng.sample(sorted(SYL), 2)).capitalize()
            parts = [rng.choice(REGIONS) if rng.random() < 0.5 else "", tn, rng.choice(CLEAN_GENERIC), rng.choice(CLEAN_LEGAL)]
            q = " ".join(p for p in parts if p)
            kind, key, keys = "company", normalise(q).key, company_keys
        else:
            q = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            kind, key, keys = "person", person_tokens(q).key, person_keys
        if q in seen or key in keys:
            continue
        seen.add(q)
        rows.append({"query": q, "kind": kind, "cls": "clean", "label": 0, "base_uid": "", "base_name": ""})
    out.parent.mkdir(exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["query", "kind", "cls", "label", "base_uid", "base_name"])
        w.writeheader()
        w.writerows(rows)
    from collections import Counter

    print(f"wrote {len(rows)} rows to {out}")
    print(Counter((r["kind"], r["cls"]) for r in rows))


def hard_negative_company(name: str, vocab: set[str], keys: set[str], rng: random.Random) -> str | None:
    """Swap the most distinctive word (the longest name word) for one on no list: same region, industry
    and legal words, different company."""
    words = name.split()
    idx = [i for i, w in enumerate(words) if word_class(w) == "name" and len(re.sub(r"[^A-Za-z]", "", w)) >= 3]
    if not idx:
        return None
    i = max(idx, key=lambda k: (len(words[k]), -k))
    for _ in range(20):
        new = "".join(rng.sample(sorted(SYL), 2)).capitalize() if rng.random() < 0.5 else rng.choice(CLEAN_WORDS)
        if new.lower() in vocab:
            continue
        q = " ".join(words[:i] + [new] + words[i + 1 :])
        if normalise(q).key not in keys:
            return q
    return None


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("lists", nargs="?", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/lists")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    main(a.lists, a.seed, a.out)
