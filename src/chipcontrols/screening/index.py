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
  threshold (with a second look at what the expansions cannot see), a person name only if the query's person
  reading could (`_persons_in_reach`).
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
from chipcontrols.screening.scorer import CLASS_FACTOR, PERSON_QUERY_SHARE, Prepared, devowel, token_similarity

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
        self._short_neighbours: dict[str, set[str]] | None = None  # built on first use, see _short_reach
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
        self.person_ids = frozenset(n_id for n_id, n in enumerate(self.names) if n.person)
        # person names with initials ("J. Smith") -> the letters, which pair with any word starting with them
        self.initials_of = {n_id: "".join(t for t in n.norm.core_tokens if len(t) == 1)
                            for n_id, n in enumerate(self.names) if n.person and any(len(t) == 1 for t in n.norm.core_tokens)}
        self.initial_ids = frozenset(self.initials_of)
        self._initial_letters: dict[str, frozenset[int]] = {}  # see _names_with_initial
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
                   query_share: float = 0.6, margin: float = 0.15, person_norm: Normalised | None = None) -> list[int]:
        """Names worth scoring: those holding at least `min_cover` of the query's rarity weight.

        With `threshold`, names whose optimistic score stays `margin` below it are not scored: company names
        by the weight the query and the list name can share (a name one edit away once spacing is ignored is
        always kept: the scorer gives those 0.9); person names, when `person_norm` (the query read as a
        person) is given, by the share of the query's person weight that can reach them."""
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
        if threshold is not None and person_norm is not None:
            persons = self._persons_in_reach(person_norm, threshold - margin, reachable)
            reachable = (reachable - self.person_ids) | persons  # (not -=: that walks every person name)
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
            for n in picked:
                if is_person[n]:
                    keep.append(n)  # bounded above by the person reading, when there is one
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
                missed = [(word, w) for word, w, best, whole in looked_up if n not in best and n not in whole]
                slack = _missed_pairs(missed, listed.slots, False) if missed else 0.0
                extra = 0.0
                if free_words and not free_words.isdisjoint(listed.token_set):
                    extra = sum(w for t, c, w in zip(listed.tokens, listed.classes, listed.weights) if c == NAME and t in free_words)
                if (slack or extra) and _company_bound(acc[n] + slack, extra, free, total, name_w, other_w, query_share) >= floor:
                    keep.append(n)
            picked = keep
        picked = [n for _, n in sorted((-acc[n], n) for n in picked)[:limit]]
        for n_id in self.compact.get(norm.compact, ()):
            if n_id not in picked:
                picked.append(n_id)
        return picked

    def _persons_in_reach(self, person_norm: Normalised, floor: float, retrieved: set[int]) -> set[int]:
        """Of the person names in `retrieved`, those whose person score could reach `floor`.

        The person scorer's query coverage is the weight of the query words it pairs over the weight of all
        of them, where a word paired to a different spelling weighs no more than the listed word it stands
        for. So a name can alert only if the words that can pair with it, each at its exact weight (same
        word) or at the heaviest of its spelling variants (another spelling), hold enough of that total.
        Stop words carry nothing; digits are not expanded and count as pairing everywhere; an initial pairs
        with any word starting with it, and a word with any listed initial of its first letter; a long word
        may also pair with a listed word two edits away, which expansions do not hold (checked last)."""
        persons = retrieved & self.person_ids
        if not persons:
            return persons
        tokens, classes = person_norm.tokens, person_norm.classes
        wild, total, reach = 0.0, 0.0, []
        for t, c, x in zip(tokens, classes, self.expansions(tokens, [c != STOP and len(t) > 3 for t, c in zip(tokens, classes)])):
            if c == STOP:
                continue
            w = self.person_weight(t, c)
            if t not in self.postings:
                # a word on no list only ever pairs as another spelling: it weighs at most the heaviest of them
                w = min(w, max((self.person_weight(v, c) for v, sim in x.vocabulary.items() if sim < 1.0), default=w))
            total += w
            if t.isdigit():
                wild += w
            elif len(t) == 1:
                reach.append((w, _EMPTY, None, (self._names_with_initial(t),), t, t))
            elif len(t) <= 3:
                reach.append((w, _EMPTY, None, (self._short_reach(t), x.whole), t[0], t))
            else:
                reach.append((w, self._variant_weights(t, x.vocabulary), x.best, (x.whole,), t[0], t))
        qmin = (floor - (1 - PERSON_QUERY_SHARE)) / PERSON_QUERY_SHARE
        need = qmin * (total or 1.0) - wild
        if need <= 0:
            return persons  # the words that pair everywhere already suffice: nothing can be ruled out
        if len(persons) > 64:  # many: let MaxScore drop those only light words reach (initials aside)
            maps_of = [(w, maps if best is None else maps + (best,)) for w, _, best, maps, _, _ in reach]
            persons = (_max_score(maps_of, need) & persons) | (persons & self.initial_ids)
        out = set()
        for n_id in persons:
            letters = self.initials_of.get(n_id, "")
            v = tot = wild
            missed = []
            for w, variant_weights, best, maps, first, word in reach:
                sim = best.get(n_id) if best is not None else None
                if sim == 1.0 or first in letters or n_id in maps[0] or (len(maps) > 1 and n_id in maps[1]):
                    v += w
                    tot += w
                elif sim:  # another spelling: it weighs what the listed spelling weighs, at most its own weight
                    wv = min(w, variant_weights.get(n_id, w))
                    v += wv
                    tot += wv
                else:
                    tot += w
                    if len(word) >= 6:
                        missed.append((w, word))
            if v < qmin * tot - 1e-9 and missed and v + sum(w for w, _ in missed) >= qmin * tot - 1e-9:
                listed = self.prepared[n_id].slots
                for w, word in missed:
                    if _two_edits_from(word, listed):
                        v += w
            if v >= qmin * tot - 1e-9:
                out.add(n_id)
        return out

    def _variant_weights(self, word: str, vocabulary: dict[str, float]) -> dict[int, float]:
        """List name -> the person weight of the heaviest other spelling of `word` it holds (cached, bounded)."""
        key = "^" + word  # shares the bounded expansion cache; "^" is never a token
        cached = self._expansion_cache.get(key)
        if cached is not None:
            return cached[1]
        weights: dict[int, float] = {}
        for v, sim in vocabulary.items():
            if sim < 1.0 and sim != SPLIT_PART:
                wv = self.person_weight(v, NAME)
                for n_id in self.postings[v]:
                    if weights.get(n_id, 0.0) < wv:
                        weights[n_id] = wv
        if len(self._expansion_cache) >= EXPANSION_CACHE_SIZE:
            self._expansion_cache.clear()
        self._expansion_cache[key] = (vocabulary, weights)
        return weights

    def _names_with_initial(self, letter: str) -> frozenset[int]:
        """Person names with a word starting with this letter (what a query initial can pair with)."""
        found = self._initial_letters.get(letter)
        if found is None:
            found = self._initial_letters[letter] = frozenset(
                n_id for n_id in self.person_ids if any(t[0] == letter for t in self.names[n_id].norm.core_tokens))
        return found

    def _short_reach(self, tok: str) -> dict[int, float]:
        """Names a two- or three-letter word can pair with in the person scorer: the same word, or (three
        letters) one edit from a listed word of three or four letters. Longer words are never this close."""
        key = "~" + tok  # shares the bounded expansion cache; "~" is never a token
        cached = self._expansion_cache.get(key)
        if cached is not None:
            return cached[1]
        exp = {tok: 1.0} if tok in self.postings else {}
        if len(tok) == 3 and tok == devowel(tok):
            for c in self._devowelled.get(tok, ()):
                exp[c] = 1.0
        if len(tok) == 3:
            if self._short_neighbours is None:
                self._short_neighbours = defaultdict(set)
                for v in self.postings:
                    if 3 <= len(v) <= 4:
                        self._short_neighbours[v].add(v)
                        for d in _deletes(v):
                            self._short_neighbours[d].add(v)
            cands = set(self._short_neighbours.get(tok, ()))
            for d in _deletes(tok):
                cands |= self._short_neighbours.get(d, set())
            for v in cands:
                if v != tok and token_similarity(tok, v, True)[0]:
                    exp[v] = 1.0
        best = self._best_per_name(exp)
        if len(self._expansion_cache) >= EXPANSION_CACHE_SIZE:
            self._expansion_cache.clear()
        self._expansion_cache[key] = (exp, best)
        return best


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


def _missed_pairs(missed: list[tuple[str, float]], listed_slots, person: bool, weigh: bool = True) -> float:
    """The weight the scorer could still give to query words retrieval did not connect to this name: each
    word's weight times its best similarity to one of the name's words (`weigh=False`: the full weight)."""
    gained = 0.0
    for word, w in missed:
        best = 0.0
        a0, la = word[0], len(word)
        for _, b, b0, lb in listed_slots:
            if a0 != b0 and not -2 <= la - lb <= 2:
                continue  # the scorer's own filter: no rule pairs these
            sim = token_similarity(word, b, person)[0]
            if sim > best:
                best = sim
        if best:
            gained += w * best if weigh else w
    return gained


def _two_edits_from(word: str, listed_slots) -> bool:
    """Whether the scorer could pair `word` with a listed word two edits away (the longer of the two has more
    than 7 letters and their lengths differ by at most 2): the one pair a person word's expansions may miss."""
    n = len(word)
    for _, b, _, lb in listed_slots:
        if -2 <= lb - n <= 2 and (lb > 7 or n > 7) and OSA.distance(word, b, score_cutoff=2) <= 2:
            return True
    return False


def _near_compact(a: str, b: str) -> bool:
    return len(a) >= 8 and OSA.distance(a, b, score_cutoff=1) <= 1
