"""Candidate retrieval: an inverted index over list-name tokens, weighted by how rare each token is.

No all-pairs scan: a query touches only the postings of its own name words (plus their one-edit and
phonetic neighbours, and spacing joins/splits), accumulates rarity weight per list name, and keeps the few
names whose weight could still reach the alert threshold. Region/industry/legal words are not used to
retrieve (they would pull in thousands of names) unless a query has nothing else.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from dataclasses import dataclass

from chipcontrols.screening.normalise import GENERIC, LEGAL, NAME, STOP, Normalised, normalise, person_tokens
from chipcontrols.screening.phonetic import skeleton
from chipcontrols.screening.records import ListEntry
from chipcontrols.screening.scorer import CLASS_FACTOR, Prepared, token_similarity

PERSON_KINDS = {"person"}
SPLIT_PART = 0.5
EXPANSION_CACHE_SIZE = 20_000  # query words whose expansions are kept


@dataclass(frozen=True)
class IndexedName:
    entry: int  # position in ScreeningIndex.entries
    role: str  # primary / alias / weak
    display: str
    norm: Normalised
    person: bool
    kind: str


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class ScreeningIndex:
    """All names of all entries of one snapshot, ready to screen against."""

    def __init__(self, entries: list[ListEntry], snapshot: dict | None = None):
        self.entries = entries
        self.snapshot = snapshot or {}
        self.address_index = None  # see engine._address_index
        self.names: list[IndexedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for e_idx, entry in enumerate(entries):
            person = entry.kind in PERSON_KINDS
            seen: set[str] = set()
            for name, role in entry.all_names():
                norm = person_tokens(name) if person else normalise(name)
                if not norm.tokens or (norm.text, role == "weak") in seen:
                    continue
                seen.add((norm.text, role == "weak"))
                n_id = len(self.names)
                self.names.append(IndexedName(e_idx, role, name, norm, person, entry.kind))
                for tok in set(norm.tokens):
                    postings[tok].append(n_id)
        self.postings = dict(postings)
        total = max(len(self.names), 1)
        self.idf = {t: math.log(1.0 + total / (len(ids) + 0.5)) for t, ids in self.postings.items()}
        self.max_idf = math.log(1.0 + total / 0.5)
        self._neighbours: dict[str, set[str]] = defaultdict(set)  # one-deletion keys -> vocabulary tokens
        self._sounds: dict[str, set[str]] = defaultdict(set)  # phonetic skeleton -> vocabulary tokens
        self.compact: dict[str, list[int]] = defaultdict(list)
        self._expansion_cache: dict[str, tuple[dict[str, float], dict[int, float]]] = {}
        self._prefixes: dict[str, set[str]] = defaultdict(set)  # "elec" -> electronic, electric ... (abbreviations)
        for tok in self.postings:
            if len(tok) >= 5 and tok.isalpha():
                for k in (3, 4, 5):
                    if k < len(tok):
                        self._prefixes[tok[:k]].add(tok)
            if len(tok) >= 4 and not tok.isdigit():
                self._neighbours[tok].add(tok)
                for d in _deletes(tok):
                    self._neighbours[d].add(tok)
                self._sounds[skeleton(tok)].add(tok)
        for n_id, name in enumerate(self.names):
            if name.norm.compact:
                self.compact[name.norm.compact].append(n_id)
        # each list name ready for the scorer (weights, lookups), by name id
        self.prepared = [Prepared(n.norm, self.person_weight if n.person else self.weight) for n in self.names]
        self.is_person = [n.person for n in self.names]
        # (weight of a name's name words, weight of its other words), for the list-side bound in candidates()
        self.name_weight_split = [
            (sum(w for w, c in zip(p.weights, p.classes) if c == NAME), sum(w for w, c in zip(p.weights, p.classes) if c != NAME))
            for p in self.prepared
        ]
        # The index is built once and then only read: move it out of the cyclic garbage collector's sight.
        # Full collections then stop walking ~10^5 objects (about 20% faster screening), and forked batch
        # workers stop copying pages the collector would touch.
        gc.freeze()

    # -- weights -----------------------------------------------------------------------------------
    def weight(self, token: str, cls: str) -> float:
        return self.idf.get(token, self.max_idf) * CLASS_FACTOR[cls]

    def person_weight(self, token: str, cls: str) -> float:
        return self.idf.get(token, self.max_idf) * (0.3 if cls == STOP else 1.0)

    # -- retrieval ---------------------------------------------------------------------------------
    def _own_expansions(self, tok: str) -> tuple[dict[str, float], dict[int, float]]:
        """The vocabulary tokens one query word could be, with a similarity, and the best similarity each list
        name reaches through them. Depends on the word alone, so it is cached (bounded) across queries."""
        cached = self._expansion_cache.get(tok)
        if cached is not None:
            return cached
        vocab = self.postings
        exp: dict[str, float] = {}
        if tok in vocab:
            exp[tok] = 1.0
        if len(tok) >= 4 and not tok.isdigit():
            cands = set(self._neighbours.get(tok, ()))
            for d in _deletes(tok):
                cands |= self._neighbours.get(d, set())
            for c in cands | self._sounds.get(skeleton(tok), set()):
                if c != tok and c not in exp:
                    sim = token_similarity(tok, c, False)[0]  # keep only what the scorer will accept
                    if sim:
                        exp[c] = sim
            if tok not in vocab and len(tok) <= 5:  # abbreviation of a listed word: "elec", "intl"
                for c in self._prefixes.get(tok, ()):
                    exp.setdefault(c, 0.8)  # the scorer's "abbreviation" similarity
            if tok not in vocab and len(tok) >= 6:  # written together, listed apart: "huawei" / "hua wei"
                for cut in range(2, len(tok) - 1):
                    left, right = tok[:cut], tok[cut:]
                    if left in vocab and right in vocab:
                        exp.setdefault(left, SPLIT_PART)  # half each: a name needs both halves
                        exp.setdefault(right, SPLIT_PART)
        best = self._best_per_name(exp)
        if len(self._expansion_cache) >= EXPANSION_CACHE_SIZE:
            self._expansion_cache.clear()  # bounded memory; results never depend on what is cached
        self._expansion_cache[tok] = (exp, best)
        return exp, best

    def _best_per_name(self, exp: dict[str, float]) -> dict[int, float]:
        """List name -> the best similarity any of these vocabulary tokens gives it (split halves add up)."""
        best: dict[int, float] = {}
        halves: dict[int, float] = {}
        postings = self.postings
        for tok, sim in exp.items():
            if sim == SPLIT_PART:
                for n_id in postings[tok]:
                    halves[n_id] = halves.get(n_id, 0.0) + SPLIT_PART
                continue
            if not best and sim == 1.0:
                best = dict.fromkeys(postings[tok], 1.0)
                continue
            for n_id in postings[tok]:
                if best.get(n_id, 0.0) < sim:
                    best[n_id] = sim
        for n_id, sim in halves.items():
            if best.get(n_id, 0.0) < sim:
                best[n_id] = min(sim, 1.0)
        return best

    def expansions(self, tokens: tuple[str, ...], classes: tuple[str, ...] | None = None) -> list[tuple[dict[str, float], dict[int, float]]]:
        """For each query token: the vocabulary tokens that could be it (with a similarity), and the best
        similarity per list name. Legal forms and stop words are not expanded (they never retrieve)."""
        vocab = self.postings
        joined_at: list[dict[str, bool]] = [{} for _ in tokens]  # "zhong xing" -> "zhongxing" on each part
        for i in range(len(tokens)):
            for k in (2, 3, 4):  # written apart, listed together
                if i + k <= len(tokens):
                    joined = "".join(tokens[i : i + k])
                    if joined in vocab:
                        for j in range(i, i + k):
                            joined_at[j].setdefault(joined, j > i)  # the first part keeps its own reading of it
        out = []
        for i, tok in enumerate(tokens):
            if classes is not None and classes[i] in (LEGAL, STOP):
                own, best = {}, {}
            else:
                own, best = self._own_expansions(tok)
            if joined_at[i]:
                exp, best = dict(own), dict(best)
                for joined, overrides in joined_at[i].items():
                    if overrides or joined not in exp:
                        exp[joined] = 1.0
                        for n_id in vocab[joined]:
                            best[n_id] = 1.0
                own = exp
            out.append((own, best))
        return out

    def candidates(self, norm: Normalised, limit: int = 25, min_cover: float = 0.45, threshold: float | None = None,
                   query_share: float = 0.6, margin: float = 0.15) -> list[int]:
        """Names worth scoring: those holding enough of the query's rarity weight. With `threshold`, company
        names whose optimistic score (query side and list side) stays `margin` below it are not scored."""
        tokens, classes = norm.tokens, norm.classes
        expansions = self.expansions(tokens, classes)
        weights = [self.weight(t, c) for t, c in zip(tokens, classes)]
        for i, t in enumerate(tokens):  # a word not on the list weighs what the listed words it may stand for weigh
            if t not in self.postings and classes[i] not in (LEGAL, STOP):
                if expansions[i][0]:
                    weights[i] = max(self.weight(x, classes[i]) for x in expansions[i][0])
                else:  # perhaps an abbreviation or a far misspelling: let the scorer judge it
                    weights[i] *= CLASS_FACTOR[GENERIC]
            elif len(t) <= 4 and classes[i] == NAME and any(len(x) > 4 for x in tokens if x != t):
                weights[i] *= CLASS_FACTOR[GENERIC]  # "Trdg", "Elec", "Intl": may abbreviate a listed word
        total = sum(weights) or 1.0
        use = [c == NAME for c in classes]
        if not any(use):
            use = [c not in (LEGAL, STOP) for c in classes]
        free = sum(w for w, u, c in zip(weights, use, classes) if not u and c != LEGAL)  # unretrieved weight, assumed matched
        acc: dict[int, float] = {}
        for i, (exp, best) in enumerate(expansions):
            if not use[i] or not exp:
                continue
            w = weights[i]
            if not acc:
                acc = {n_id: 0.0 + w * sim for n_id, sim in best.items()}
                continue
            get = acc.get
            for n_id, sim in best.items():
                acc[n_id] = get(n_id, 0.0) + w * sim
        bar = min_cover * total - free
        picked = [n for n, v in acc.items() if v >= bar]
        if threshold is not None:
            keep = []
            is_person, split = self.is_person, self.name_weight_split
            for n in picked:
                if is_person[n]:
                    keep.append(n)
                    continue
                name_w, other_w = split[n]
                q_ub = min(1.0, (acc[n] + free) / total)
                c_ub = min(1.0, (min(acc[n], name_w) + other_w) / ((name_w + other_w) or 1.0))
                if query_share * q_ub + (1 - query_share) * c_ub >= threshold - margin:
                    keep.append(n)
            picked = keep
        picked.sort(key=lambda n: (-acc[n], n))
        picked = picked[:limit]
        for n_id in self.compact.get(norm.compact, ()):
            if n_id not in picked:
                picked.append(n_id)
        return picked
