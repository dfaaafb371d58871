"""Candidate retrieval: an inverted index over list-name tokens, weighted by how rare each token is.

No all-pairs scan: a query touches only the postings of its own name words (plus their one-edit, phonetic,
vowel-less and abbreviation neighbours, and spacing joins/splits), accumulates rarity weight per list name,
and keeps the few names whose weight could still reach the alert threshold. Region/industry/legal words are
not used to retrieve (they would pull in thousands of names) unless a query has nothing else.

Three shortcuts keep it fast, and none may cost an alert (tests/screening/test_retrieval.py screens every
bundled list name's variants with and without them and requires the same alerts):
* every listed word's neighbours are expanded when the index is built, so a query expands only words on no list;
* MaxScore: long postings of common words are only looked up, never walked, once they cannot lift a name to
  the bar (`_max_score`);
* score bounds: a company name is scored only if the weight it shares with the query could still reach the
  threshold (with a second look at what the expansions cannot see). Person names are not bounded: a bound on
  the person reading was tried and an independent review found it dropped real alerts (names written
  together or apart, one-letter edits of short names), so every retrieved person name is scored.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import OSA

from chipcontrols.screening.normalise import GENERIC, LEGAL, NAME, STOP, Normalised, normalise, person_tokens
from chipcontrols.screening.phonetic import skeleton
from chipcontrols.screening.records import ListEntry
from chipcontrols.screening.scorer import CLASS_FACTOR, Prepared, needs_spacing_merge, devowel, token_similarity

PERSON_KINDS = {"person"}
SPLIT_PART = 0.5
EXPANSION_CACHE_SIZE = 20_000  # expansions of words on no list kept between queries
_JOINED_PARTICLES = ("al", "el", "abu", "bin", "ibn", "van", "von", "der", "de")  # as in normalise.person_tokens


class Expansion(NamedTuple):
    vocabulary: dict[str, float]  # listed words this query word could be -> similarity
    best: dict[int, float]  # list name -> the best similarity those words give it
    whole: dict[int, float]  # list names holding this word written together with its neighbours (similarity 1)


_EMPTY: dict = {}  # shared, never written


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
        self._devowelled: dict[str, set[str]] = defaultdict(set)  # "frj" -> faraj, feraj ... (vowels dropped)
        for tok in self.postings:
            if len(tok) >= 4 and tok.isalpha() and devowel(tok) != tok:
                self._devowelled[devowel(tok)].add(tok)
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
        # every listed word's spelling variants and the names they reach, so that only words on no list are
        # expanded at query time (~25 us a word, ~0.5 s and ~30 MB for the CSL + SDN vocabulary)
        self._listed_expansions = {tok: self._expand(tok) for tok in self.postings}
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
        return self.idf.get(token, self.max_idf) * (0.3 if cls in (STOP, GENERIC) else 1.0)  # GENERIC: honorifics

    # -- retrieval ---------------------------------------------------------------------------------
    def _own_expansions(self, tok: str) -> tuple[dict[str, float], dict[int, float]]:
        """The vocabulary tokens one query word could be, with a similarity, and the best similarity each list
        name reaches through them. Listed words have theirs in the index; other words (misspellings, names
        on no list) are computed and cached, bounded."""
        found = self._listed_expansions.get(tok) or self._expansion_cache.get(tok)
        if found is not None:
            return found
        found = self._expand(tok)
        if len(self._expansion_cache) >= EXPANSION_CACHE_SIZE:
            self._expansion_cache.clear()  # bounded memory; results never depend on what is cached
        self._expansion_cache[tok] = found
        return found

    def _expand(self, tok: str) -> tuple[dict[str, float], dict[int, float]]:
        vocab = self.postings
        exp: dict[str, float] = {}
        if tok in vocab:
            exp[tok] = 1.0
        if len(tok) >= 3 and tok == devowel(tok):  # inner vowels dropped: "frj" / "faraj" (the person scorer)
            for c in self._devowelled.get(tok, ()):
                exp.setdefault(c, 0.8)
        if len(tok) >= 4 and not tok.isdigit():
            stems = [tok]
            if tok not in vocab and len(tok) >= 6 and tok.endswith("s"):  # listed words are singular: "Electroincs"
                stems.append(tok[:-1])
                if tok.endswith("ies"):
                    stems.append(tok[:-3] + "y")
            cands = set()
            for stem in stems:
                cands |= self._neighbours.get(stem, set())
                for d in _deletes(stem):
                    cands |= self._neighbours.get(d, set())
            for c in cands | self._sounds.get(skeleton(tok), set()):
                if c != tok and c not in exp:
                    sim = token_similarity(tok, c, False)[0]  # keep only what the scorer will accept
                    if sim:
                        exp[c] = sim
            if tok not in vocab and len(tok) <= 5:  # abbreviation of a listed word: "elec", "intl"
                for c in self._prefixes.get(tok, ()):
                    exp.setdefault(c, 0.8)  # the scorer's "abbreviation" similarity
            for particle in _JOINED_PARTICLES:  # a particle written onto the name: "alkurd" / "al-kurd"
                if tok.startswith(particle) and len(tok) - len(particle) >= 3 and tok[len(particle):] in vocab:
                    exp.setdefault(tok[len(particle):], 1.0)
            if tok not in vocab and len(tok) >= 5:  # written together, listed apart: "huawei" / "hua wei", "alali"
                for cut in range(2, len(tok) - 1):
                    left, right = tok[:cut], tok[cut:]
                    if left in vocab and right in vocab:
                        exp.setdefault(left, SPLIT_PART)  # half each: a name needs both halves
                        exp.setdefault(right, SPLIT_PART)
        return exp, self._best_per_name(exp)

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

    def expansions(self, tokens: tuple[str, ...], needed: list[bool] | None = None) -> list[Expansion]:
        """For each query token: the vocabulary tokens that could be it (with a similarity), the best similarity
        per list name, and the names that hold it written together with its neighbours ("zhong xing" /
        "zhongxing"), which match fully. Tokens not `needed` (legal forms and stop words never retrieve)
        are not expanded."""
        vocab = self.postings
        joined_at: list[dict[str, bool]] = [{} for _ in tokens]
        for i in range(len(tokens) - 1):
            for k in (2, 3, 4):  # written apart, listed together
                if i + k <= len(tokens):
                    joined = "".join(tokens[i : i + k])
                    if joined in vocab:
                        for j in range(i, i + k):
                            joined_at[j].setdefault(joined, j > i)  # the first part keeps its own reading of it
        out = []
        for i, tok in enumerate(tokens):
            if needed is not None and not needed[i]:
                own, best = _EMPTY, _EMPTY
            else:
                own, best = self._own_expansions(tok)
            whole = _EMPTY
            if joined_at[i]:
                own = dict(own)
                whole = {}
                for joined, overrides in joined_at[i].items():
                    if overrides or joined not in own:
                        own[joined] = 1.0
                        whole.update(dict.fromkeys(vocab[joined], 1.0))
            out.append(Expansion(own, best, whole))
        return out

    def candidates(self, norm: Normalised, limit: int = 25, min_cover: float = 0.45, threshold: float | None = None,
                   query_share: float = 0.6, margin: float = 0.15) -> list[int]:
        """Names worth scoring: those holding at least `min_cover` of the query's rarity weight.

        With `threshold`, company names whose optimistic score stays `margin` below it are not scored: the
        weight the query and the list name can share (a name one edit away once spacing is ignored is always
        kept: the scorer gives those 0.9). Person names are always scored."""
        tokens, classes = norm.tokens, norm.classes
        use = [c == NAME for c in classes]
        if not any(use):
            use = [c not in (LEGAL, STOP) for c in classes]
        postings = self.postings
        # a word is expanded when it retrieves, or when it is not on the list and its weight must be borrowed
        expansions = self.expansions(tokens, [u or (t not in postings and c not in (LEGAL, STOP)) for t, c, u in zip(tokens, classes, use)])
        weights = [self.weight(t, c) for t, c in zip(tokens, classes)]
        for i, t in enumerate(tokens):  # a word not on the list weighs what the listed words it may stand for weigh
            if t not in self.postings and classes[i] not in (LEGAL, STOP):
                if expansions[i].vocabulary:
                    weights[i] = max(self.weight(x, classes[i]) for x in expansions[i].vocabulary)
                else:  # perhaps an abbreviation or a far misspelling: let the scorer judge it
                    weights[i] *= CLASS_FACTOR[GENERIC]
            elif len(t) <= 4 and classes[i] == NAME and any(len(x) > 4 for x in tokens if x != t):
                weights[i] *= CLASS_FACTOR[GENERIC]  # "Trdg", "Elec", "Intl": may abbreviate a listed word
        total = sum(weights) or 1.0
        free = sum(w for w, u, c in zip(weights, use, classes) if not u and c != LEGAL)  # unretrieved weight, assumed matched
        bar = min_cover * total - free
        retrieving = [(weights[i], x.best, x.whole) for i, x in enumerate(expansions) if use[i] and x.vocabulary]
        reachable = _max_score([(w, (best, whole)) for w, best, whole in retrieving], bar)
        # the retrieving words, for a second look at names the quick bound drops: expansions cover one edit,
        # the phonetic skeleton and some abbreviations, but the scorer also pairs words two edits apart
        # ("aviation" / "navigation"), abbreviations by letters ("grp" / "group") and listed prefixes ("air" /
        # "aircompany"); words of one or two letters pair only exactly, which retrieval already saw
        looked_up = [(tokens[i], weights[i], x.best, x.whole) for i, x in enumerate(expansions) if use[i] and len(tokens[i]) >= 3]
        free_words = {t for t, u, c in zip(tokens, use, classes) if not u and c != LEGAL}
        acc: dict[int, float] = {}
        for n_id in reachable:  # the weight each reachable name holds, summed in query order
            v = 0.0
            for w, best, whole in retrieving:
                sim = 1.0 if n_id in whole else best.get(n_id)
                if sim:
                    v += w * sim
            acc[n_id] = v
        picked = [n for n, v in acc.items() if v >= bar]
        if threshold is not None:
            keep = []
            is_person, split, names = self.is_person, self.name_weight_split, self.names
            floor = threshold - margin
            query_prepared = None  # built on the first name that needs a second look
            for n in picked:
                if is_person[n]:
                    keep.append(n)  # person names are not bounded: see the module docstring
                    continue
                name_w, other_w = split[n]
                if _company_bound(acc[n], 0.0, free, total, name_w, other_w, query_share) >= floor:
                    keep.append(n)
                    continue
                if _near_compact(norm.compact, names[n].norm.compact):
                    keep.append(n)
                    continue
                # a second look at what the quick bound cannot see: query words retrieval did not connect to this
                # name but the scorer may pair with one of its words (see looked_up), and the query's
                # unretrieved words (region, industry) that this name lists as name words ("East and West ...")
                listed = self.prepared[n]
                if query_prepared is None:
                    query_prepared = Prepared(norm, self.weight, listed=False)
                if needs_spacing_merge(query_prepared, listed):
                    keep.append(n)  # words written together on one side, apart on the other: no cheap bound
                    continue
                missed = [(word, w, 0.0 if n in whole else best.get(n, 0.0)) for word, w, best, whole in looked_up
                          if n not in whole and best.get(n, 0.0) < 1.0]
                slack = _missed_pairs(missed, listed.slots) if missed else 0.0
                extra = 0.0
                if free_words and not free_words.isdisjoint(listed.token_set):
                    extra = sum(w for t, c, w in zip(listed.tokens, listed.classes, listed.weights) if c == NAME and t in free_words)
                if (slack or extra) and _company_bound(acc[n] + slack, extra, free, total, name_w, other_w, query_share) >= floor:
                    keep.append(n)
            picked = keep
        # the best `limit` company names and the best `limit` person names: unbounded person names sharing a
        # common word ("Mohammad") must not crowd out the one company a typo'd query stands for
        ranked = sorted((-acc[n], n) for n in picked)
        is_person = self.is_person
        picked = [n for _, n in ranked if not is_person[n]][:limit] + [n for _, n in ranked if is_person[n]][:limit]
        for n_id in self.compact.get(norm.compact, ()):
            if n_id not in picked:
                picked.append(n_id)
        return picked


def _max_score(items: list[tuple[float, tuple]], bar: float) -> set[int]:
    """The names that can still reach `bar` (MaxScore): take the words heaviest first; once the words left
    weigh less than the bar, a name none of the heavier words reached cannot make it, so the long postings
    of common words ("mohammad", "trading") are only looked up, never walked. Each item is a word's weight
    and the collections of names it reaches."""
    reachable: set[int] = set()
    left = sum(w for w, _ in items)
    for w, maps in sorted(items, key=lambda item: -item[0]):
        if left < bar - 1e-9:
            break
        for names in maps:
            reachable.update(names)
        left -= w
    return reachable


def _company_bound(reached: float, listed_extra: float, free: float, total: float, name_w: float, other_w: float,
                   query_share: float) -> float:
    """An optimistic company score: the query side holds what reached the name plus its unretrieved words;
    the list side at most that much of its name words (plus `listed_extra`, name words it shares with the
    query's unretrieved words), and all its other words."""
    q_ub = min(1.0, (reached + free) / total)
    c_ub = min(1.0, (min(reached, name_w) + listed_extra + other_w) / ((name_w + other_w) or 1.0))
    return query_share * q_ub + (1 - query_share) * c_ub


def _missed_pairs(missed: list[tuple[str, float, float]], listed_slots) -> float:
    """The weight the scorer could still give to query words retrieval did not connect to this name, or
    connected at less than the scorer may pair them ("skylinksfzc" reached "skylinks" as half of a split, the
    scorer pairs them as an abbreviation): each word's weight times what its best pairing adds."""
    gained = 0.0
    for word, w, reached in missed:
        best = reached
        a0, la = word[0], len(word)
        for _, b, b0, lb in listed_slots:
            if a0 != b0 and not -2 <= la - lb <= 2:
                continue  # the scorer's own filter: no rule pairs these
            sim = token_similarity(word, b, False)[0]
            if sim > best:
                best = sim
        gained += w * (best - reached)
    return gained


def _near_compact(a: str, b: str) -> bool:
    return len(a) >= 8 and OSA.distance(a, b, score_cutoff=1) <= 1
