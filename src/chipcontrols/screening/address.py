"""Address evidence: does the party's address share the specific parts (numbers, street and building
names) of a listed address? The Entity List names addresses of high diversion risk, so an address can
raise an alert on its own."""

from __future__ import annotations

from collections import defaultdict

from chipcontrols.screening.normalise import STOP, normalise

_WEAK = {"road", "rd", "street", "st", "avenue", "ave", "district", "floor", "fl", "room", "rm", "unit", "building",
         "bldg", "no", "block", "flat", "city", "province", "tower", "center", "centre", "industrial", "zone", "park",
         "new", "territories", "plaza", "house", "area", "lane", "village", "town", "county"}


def address_tokens(text: str) -> dict[str, float]:
    norm = normalise(text)
    out: dict[str, float] = {}
    for tok, cls in zip(norm.tokens, norm.classes):
        if cls == STOP or len(tok) < 2 and not tok.isdigit():
            continue
        out[tok] = 2.0 if any(ch.isdigit() for ch in tok) else (0.3 if tok in _WEAK or cls == "region" else 1.0)
    return out


def address_similarity(query: dict[str, float], listed: dict[str, float]) -> tuple[float, list[str]]:
    """Share of the query address's weight found in the listed address (both sides need real overlap)."""
    if not query or not listed:
        return 0.0, []
    shared = [t for t in query if t in listed]
    q = sum(query.values())
    l_ = sum(listed.values())
    s = sum(query[t] for t in shared)
    return round(min(s / q, 1.0) * 0.7 + min(s / l_, 1.0) * 0.3, 4), shared


class AddressIndex:
    def __init__(self, entries):
        self.tokens: list[tuple[int, str, dict[str, float]]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for e_idx, entry in enumerate(entries):
            for addr in entry.addresses:
                toks = address_tokens(addr)
                a_id = len(self.tokens)
                self.tokens.append((e_idx, addr, toks))
                for t, w in toks.items():
                    if w >= 1.0:
                        self.postings[t].append(a_id)

    def best_by_entry(self, query: dict[str, float], min_score: float) -> dict[int, tuple[float, str, list[str]]]:
        hits: dict[int, int] = defaultdict(int)
        for t, w in query.items():
            if w >= 1.0 and len(self.postings.get(t, ())) < 500:
                for a_id in self.postings.get(t, ()):
                    hits[a_id] += 1
        out: dict[int, tuple[float, str, list[str]]] = {}
        for a_id, n in hits.items():
            if n < 2:
                continue
            e_idx, addr, toks = self.tokens[a_id]
            score, shared = address_similarity(query, toks)
            if score >= min_score and score > out.get(e_idx, (0.0,))[0]:
                out[e_idx] = (score, addr, shared)
        return out
