"""Screen a party against a list snapshot: retrieve, score, explain, decide.

Decision rule (also in docs/screening.md):
* confirmed_match: the party's normalised name equals a list name or a (non-weak) alias of the entry —
  same tokens once legal forms, punctuation, case, script, spacing and word order are normalised — and the
  country given (if any) is one of the entry's countries (or the entry has none).
* possible_match: any other hit scoring at or above ALERT_THRESHOLD (0.80), or an address match at or
  above ADDRESS_THRESHOLD.
* clear: nothing at or above the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from chipcontrols.errors import InputError
from chipcontrols.screening.address import AddressIndex, address_tokens
from chipcontrols.screening.countries import to_code
from chipcontrols.screening.index import IndexedName, ScreeningIndex
from chipcontrols.screening.records import ListEntry
from chipcontrols.screening.normalise import Normalised, normalise, person_tokens
from chipcontrols.screening.scorer import NameScore, PersonQuery, Prepared, compare

ALERT_THRESHOLD: Final = 0.80
ADDRESS_THRESHOLD: Final = 0.80
WEAK_ALIAS_CAP: Final = 0.85  # an acronym or quoted nickname alone can alert, never confirm
CRAFT_EXTRA_WORDS_CAP: Final = 0.75  # a vessel/aircraft name alerts only when the query has no words it lacks
COUNTRY_MISMATCH_PENALTY: Final = 0.10
ADDRESS_BONUS: Final = 0.05
ALGORITHM: Final = "chipcontrols-screening/1"
_STATUS_ORDER: Final = {"confirmed_match": 0, "possible_match": 1, "below_threshold": 2}
_ROLE_RANK: Final = {"primary": 0, "alias": 1, "weak": 2, "address": 3}


@dataclass
class Hit:
    score: float
    status: str  # confirmed_match / possible_match / below_threshold
    entry: dict
    matched_name: str
    role: str
    explanation: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"score": self.score, "status": self.status, "matched_name": self.matched_name, "name_role": self.role,
                "entry": self.entry, "explanation": self.explanation}


@dataclass
class ScreenResult:
    query: dict
    status: str
    hits: list[Hit]
    snapshot: dict
    settings: dict

    def to_dict(self) -> dict:
        return {"query": self.query, "status": self.status, "hits": [h.to_dict() for h in self.hits],
                "snapshot": self.snapshot, "settings": self.settings}


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InputError("The party name is empty.", hint='Give the name as written on the order, e.g. "Hefei Bitland Information Technology Co Ltd".')
    if len(name) > 1000:
        raise InputError(f"The party name is {len(name)} characters long.", hint="Give one party name (at most 1,000 characters), not a document.")
    return name


def screen_with(index: ScreeningIndex, name: object, country: str | None = None, address: str | None = None,
                limit: object = 10, threshold: float = ALERT_THRESHOLD, kind: str | None = None,
                include_below: bool = False) -> ScreenResult:
    # `name` and `limit` are typed `object` and checked here: a compiled module would otherwise refuse a
    # None or a float with a bare TypeError instead of saying what is wrong
    name = _check_name(name)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InputError(f"limit {limit!r} is not a positive whole number.", hint="Give how many hits to return, e.g. 10.")
    cc = None
    if country:
        cc = to_code(country)
        if cc is None:
            raise InputError(f"Unknown country '{country}'.", hint="Use an ISO 3166 two-letter code such as CN, HK, RU, or an English country name.")
    q_company = normalise(name)
    if not q_company.tokens:
        raise InputError(f"The party name '{name}' has no letters or digits to match.", hint="Check the input column.")
    # the name read as a company and as a person, each ready to score (and to bound the candidates with); the
    # person reading is built only if a person name comes up
    p_company = Prepared(q_company, index.weight, listed=False)
    person_query = PersonQuery(name, index.person_weight)
    by_entry: dict[int, tuple[float, IndexedName, NameScore]] = {}
    memo: dict[tuple[str, bool], NameScore] = {}
    # a name is skipped only if the scorer could not give it the threshold less what the address can add
    for n_id in index.candidates(q_company, threshold=None if include_below else threshold, margin=ADDRESS_BONUS,
                                 company_query=p_company, person_query=person_query):
        listed = index.names[n_id]
        if kind == "company" and listed.person or kind == "person" and not listed.person:
            continue
        memo_key = (listed.norm.text, listed.person)  # the CSL repeats names across entries: score each once
        ns = memo.get(memo_key)
        if ns is None:
            if listed.person:
                ns = compare(person_query.prepared(), index.prepared[n_id], index.person_weight, person=True)
            else:
                ns = compare(p_company, index.prepared[n_id], index.weight)
            memo[memo_key] = ns
        score = ns.score
        if listed.role == "weak":
            score = min(score, WEAK_ALIAS_CAP)
        if listed.kind in ("vessel", "aircraft") and ns.unmatched_query:
            score = min(score, CRAFT_EXTRA_WORDS_CAP)  # "Dune Logistics GmbH" is not the ship DUNE
        prev = by_entry.get(listed.entry)
        if prev is None or score > prev[0] or (score == prev[0] and listed.role == "primary"):
            by_entry[listed.entry] = (score, listed, ns)
    addr_q = address_tokens(address) if address else {}
    addr_hits = {}
    if addr_q:
        addr_index = _address_index(index)
        addr_hits = addr_index.best_by_entry(addr_q, 0.5)
    # Decide every entry (score, status) first, then rank, keep one hit per party (_party_key) and explain only the
    # hits returned: most candidates end below the threshold, and the CSL repeats an entry once per address block.
    decided: list[tuple[tuple[int, float, int, str, str], int, float, str, bool, bool]] = []
    for e_idx in set(by_entry) | set(addr_hits):
        entry = index.entries[e_idx]
        named = by_entry.get(e_idx)  # None: an address hit alone
        score = named[0] if named is not None else 0.0
        country_ok = not (cc and entry.countries and cc not in entry.countries)
        if not country_ok:
            score -= COUNTRY_MISMATCH_PENALTY
        a_hit = addr_hits.get(e_idx)
        if a_hit is not None and named is not None:
            score += ADDRESS_BONUS * a_hit[0]
        address_alert = a_hit is not None and a_hit[0] >= ADDRESS_THRESHOLD
        score = round(max(0.0, min(score, 1.0)), 4)
        exact = named is not None and named[2].exact and named[1].role != "weak"
        if exact and country_ok:
            status = "confirmed_match"
        elif score >= threshold or address_alert:
            status = "possible_match"
        else:
            status = "below_threshold"
        if status == "below_threshold" and not include_below:
            continue
        if named is None:
            assert a_hit is not None
            score, role = round(a_hit[0], 4), "address"  # an address hit alone scores its address similarity
        else:
            role = named[1].role
        rank = (_STATUS_ORDER[status], -score, _ROLE_RANK[role], entry.source, entry.uid)
        decided.append((rank, e_idx, score, status, country_ok, address_alert))
    decided.sort(key=lambda d: d[0])
    hits: list[Hit] = []
    parties: set[tuple[str, str]] = set()
    for _, e_idx, score, status, country_ok, address_alert in decided:
        entry = index.entries[e_idx]
        party = _party_key(entry.source, entry.entity_number, entry.name)
        if party in parties:
            continue
        parties.add(party)
        named = by_entry.get(e_idx)
        q_norm = person_query.prepared().norm if named is not None and named[1].person else q_company
        hits.append(_explained_hit(entry, score, status, named, q_norm, cc, country_ok, addr_hits.get(e_idx), address_alert))
        if len(hits) == limit:
            break
    status = "confirmed_match" if any(h.status == "confirmed_match" for h in hits) else (
        "possible_match" if any(h.status == "possible_match" for h in hits) else "clear")
    return ScreenResult(
        query={"name": name, "country": cc, "address": address},
        status=status,
        hits=hits,
        snapshot=index.snapshot,
        settings={"algorithm": ALGORITHM, "alert_threshold": threshold, "address_threshold": ADDRESS_THRESHOLD, "limit": limit},
    )


def _explained_hit(entry: ListEntry, score: float, status: str, named: tuple[float, IndexedName, NameScore] | None,
                   q_norm: Normalised, cc: str | None, country_ok: bool, a_hit: tuple | None, address_alert: bool) -> Hit:
    """A decided hit with its explanation: the name matched (`named`: score, list name, alignment; None for an
    address hit alone) and how, the country, the address."""
    rec = named[1] if named is not None else None
    ns = named[2] if named is not None else None
    expl: dict = {}
    if rec is not None and ns is not None:
        expl = {
            "matched_name": rec.display,
            "name_role": rec.role,
            "normalised_query": q_norm.text,
            "normalised_list_name": rec.norm.text,
            "normalisations": sorted(set(q_norm.steps) | set(rec.norm.steps) | set(ns.steps)),
            "token_pairs": [{"query": a, "list": b, "similarity": s, "how": how} for a, b, s, how in ns.pairs],
            "unmatched_query_tokens": ns.unmatched_query,
            "unmatched_list_tokens": ns.unmatched_list,
            "query_coverage": ns.query_coverage,
            "list_coverage": ns.list_coverage,
            "name_score": ns.score,
            "exact_after_normalisation": ns.exact,
        }
    if cc:
        if not country_ok:
            expl["country"] = f"{cc} is not among the entry's countries ({', '.join(entry.countries)}): -{COUNTRY_MISMATCH_PENALTY}"
        else:
            expl["country"] = f"{cc} matches the entry" if entry.countries else "the entry lists no country"
    if a_hit is not None:
        a_score, a_text, shared = a_hit
        expl["address"] = {"listed_address": a_text, "similarity": a_score, "shared_tokens": shared}
    expl["summary"] = _summary(status, expl, rec, ns, address_alert)
    return Hit(score, status, entry.to_dict(), rec.display if rec else "", rec.role if rec else "address", expl)


def _party_key(source: str, entity_number: str, name: str) -> tuple[str, str]:
    """One hit per party: the same SDN entry can come from the CSL and from OFAC's own files, and the CSL
    repeats a BIS entry once per address block, with no entity number: same source + same name = same party.
    Hits are ranked strongest first, so the first of a party is kept."""
    return source, entity_number or normalise(name).key


def _summary(status, expl, rec, ns, address_alert) -> str:
    parts = []
    if ns is not None:
        carried = [p["list"] for p in expl["token_pairs"] if p["similarity"] >= 0.7]
        parts.append(f"name matched the list's {rec.role} name '{rec.display}'" + (f" on {', '.join(carried)}" if carried else ""))
        if ns.exact:
            parts.append("identical after normalisation" + (f" ({', '.join(expl['normalisations'])})" if expl["normalisations"] else ""))
        if expl["unmatched_query_tokens"]:
            parts.append(f"query words not on the list name: {', '.join(expl['unmatched_query_tokens'])}")
    if address_alert:
        parts.append(f"address matches listed address '{expl['address']['listed_address']}'")
    if "country" in expl:
        parts.append(expl["country"])
    return "; ".join(parts)


def _address_index(index: ScreeningIndex) -> AddressIndex:
    """Built on the first screen that gives an address, then kept with the name index it belongs to."""
    if index.address_index is None:
        index.address_index = AddressIndex(index.entries)
    return index.address_index


@dataclass(frozen=True)
class MatchResult:
    score: float
    is_match: bool
    exact: bool
    kind: str
    explanation: dict

    def to_dict(self) -> dict:
        return {"score": self.score, "is_match": self.is_match, "exact": self.exact, "kind": self.kind, "explanation": self.explanation}


def match_with(index: ScreeningIndex, name1: object, name2: object, kind: str | None = None, threshold: float = ALERT_THRESHOLD) -> MatchResult:
    from chipcontrols.screening.csl_loader import guess_kind

    name1, name2 = _check_name(name1), _check_name(name2)
    if kind not in (None, "company", "person"):
        raise InputError(f"kind '{kind}' is not known.", hint='Use "company", "person" or None (guess).')
    for name in (name1, name2):
        if not normalise(name).tokens:
            raise InputError(f"The name '{name}' has no letters or digits to match.", hint="Give a name as written, e.g. 'Huawei Technologies Co., Ltd.'.")
    if kind is None:
        kind = "person" if guess_kind(name1) == "person" and guess_kind(name2) == "person" else "company"
    if kind == "person":
        a, b = person_tokens(name1), person_tokens(name2)
        ns = compare(Prepared(a, index.person_weight, listed=False), Prepared(b, index.person_weight), index.person_weight, person=True)
    else:
        a, b = normalise(name1), normalise(name2)
        ns = compare(Prepared(a, index.weight, listed=False), Prepared(b, index.weight), index.weight)
    expl = {"normalised": [a.text, b.text], "token_pairs": [{"a": x, "b": y, "similarity": s, "how": h} for x, y, s, h in ns.pairs],
            "unmatched": [ns.unmatched_query, ns.unmatched_list], "normalisations": sorted(set(a.steps) | set(b.steps) | set(ns.steps))}
    return MatchResult(ns.score, ns.score >= threshold or ns.exact, ns.exact, kind, expl)
