"""Candidate retrieval: an inverted index over list-name tokens, weighted by how rare each token is.

No all-pairs scan: a query touches only the postings of its own name words and of every listed word either
scorer could pair with them (the expansions: `_expand`), accumulates rarity weight per list name, and keeps
the names that hold enough of the query's weight. Region/industry/legal words are not used to retrieve (they
would pull in thousands of names) unless a query has nothing else.

Three shortcuts keep it fast, and none may cost an alert (tests/screening/test_retrieval.py checks the bound
against the scorer pair by pair, and screens every bundled list name's variants with and without the
shortcuts, requiring the same alerts):
* every listed word's expansions are computed when the index is built, so a query expands only words on no list;
* MaxScore: long postings of common words are only probed, never walked, once they cannot lift a name to
  the bar (`_accumulate`);
* score bounds: a retrieved name is scored only if the scorer could give it the threshold less the address
  bonus (`_bound_score`, from which words have a partner on the other side; exact because the expansions hold
  every word each scorer pairs), or if the bound does not cover it (`_beyond_bound`: spacing). A cheaper
  bound from the query's side alone (`_Reading.within_reach`) runs first and rejects most names.
"""

from __future__ import annotations

import gc
import heapq
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from rapidfuzz.distance import OSA

from chipcontrols.screening.address import AddressIndex
from chipcontrols.screening.normalise import GENERIC, LEGAL, NAME, STOP, Normalised, normalise, person_tokens
from chipcontrols.screening.phonetic import skeleton
from chipcontrols.screening.records import ListEntry
from chipcontrols.screening.scorer import CLASS_FACTOR, PERSON_QUERY_SHARE, QUERY_SHARE, PersonQuery, Prepared, _subsequence, devowel, may_merge, token_similarity
from chipcontrols.screening.vocabulary import GENERIC_WORDS, PERSON_PARTICLES

PERSON_KINDS: Final = {"person"}
SPLIT_PART: Final = 0.5
EXPANSION_CACHE_SIZE: Final = 20_000  # expansions of words on no list kept between queries
_JOINED_PARTICLES: Final = tuple(sorted(PERSON_PARTICLES))  # fixed order: a frozenset of str iterates by hash


# The small records below are plain classes, not NamedTuples: compiled (setup.py), a class reads its fields
# from a C struct, where a NamedTuple is built and read through the interpreter.

class WordExpansion:
    """What one word could be on the list: computed once per listed word (index build), cached for others."""

    __slots__ = ("vocabulary", "best", "company", "person")

    def __init__(self, vocabulary: dict[str, float], best: dict[int, float], company: tuple[str, ...],
                 person: tuple[str, ...]) -> None:
        self.vocabulary = vocabulary  # listed words it could be -> the best similarity either scorer gives
        self.best = best  # list name -> the best similarity those words give it
        self.company = company  # listed words the company scorer pairs it with
        self.person = person  # listed words the person scorer pairs it with


class Pairing:
    """Which list words each query word can pair with, for _bound_score()."""

    __slots__ = ("pairs_with", "always", "initials", "significant", "weights", "total", "share", "covered")

    def __init__(self, pairs_with: dict[str, int], always: int, initials: frozenset[str], significant: int,
                 weights: list[float], total: float, share: float) -> None:
        self.pairs_with = pairs_with  # listed word -> bit mask of the query words it can pair with
        self.always = always  # query words that pair with anything of their letter (initials)
        self.initials = initials  # their letters: a list word starting with one has a partner
        self.significant = significant  # query words that are not legal forms
        self.weights = weights  # the query words' weights, as the scorer weighs them
        self.total = total
        self.share = share  # the query's share of the score
        self.covered: dict[int, float] = {}  # cache: mask -> share of the query's weight


class _Reading:
    """One reading of a query (company or person) against the names candidates() retrieved: could the scorer
    give a name the floor? Built on the first name of its kind; the pairing on the first name that needs it."""

    __slots__ = ("index", "query", "person", "floor", "need", "hopeless", "base", "required", "optional", "pairing",
                 "may_merge_any", "compact_length")

    def __init__(self, index: ScreeningIndex, query: Prepared, person: bool, floor: float) -> None:
        self.index, self.query, self.person, self.floor = index, query, person, floor
        # each query word that has a partner in a name only if its expansion reaches the name, with its weight;
        # legal forms and initials count as partnered (free)
        words: dict[str, float] = {}
        free = 0.0
        for word, cls, w in zip(query.tokens, query.classes, query.weights):
            if cls == LEGAL or (person and len(word) == 1):
                free += w
            else:
                words[word] = words.get(word, 0.0) + w
        share = PERSON_QUERY_SHARE if person else QUERY_SHARE
        self.need = need = ((floor - 1e-4 - (1 - share)) / share - 1e-9) * query.total
        reachable = free + sum(words.values())
        self.hopeless = reachable < need
        # a word without which no name reaches the need is required: a name it does not reach is out at once
        clearly = 1e-9 * query.total  # the same sums taken in another order differ by far less
        self.base = free
        self.required: list[dict[int, float]] = []
        self.optional: list[tuple[dict[int, float], float]] = []
        for word, w in words.items():
            best = index._own_expansions(word).best
            if reachable - w < need - clearly:
                self.required.append(best)
                self.base += w
            else:
                self.optional.append((best, w))
        self.pairing: Pairing | None = None
        self.may_merge_any = index._may_merge_any(query)
        self.compact_length = len(query.norm.compact)

    def within_reach(self, n_id: int) -> bool:
        """Whether the query words reaching the name (their expansions' `best`) could give the floor, the
        name's own side at its best (1): a necessary condition for _bound_score(), and much cheaper."""
        if self.hopeless:
            return False
        for best in self.required:
            if n_id not in best:
                return False
        weight = self.base
        for best, w in self.optional:
            if n_id in best:
                weight += w
        return weight >= self.need

    def could_reach_floor(self, n_id: int) -> bool:
        """Whether the scorer could give the name the floor: within reach and within _bound_score(), or a pair
        the bound does not cover (_beyond_bound)."""
        index = self.index
        if self.within_reach(n_id):
            if self.pairing is None:
                self.pairing = index._pairing(self.query, self.person)
            if _bound_score(self.pairing, index.prepared[n_id]) >= self.floor - 1e-4:  # the scorer rounds to 4 decimals
                return True
        # _beyond_bound needs the spacing-free forms within one letter of each other's length, or a possible
        # merge: most names fail the length test, read from a list without touching the name's own objects
        if self.may_merge_any or -1 <= index.compact_lengths[n_id] - self.compact_length <= 1:
            return _beyond_bound(self.query, index.prepared[n_id], self.may_merge_any)
        return False


class Expansion:
    __slots__ = ("vocabulary", "best", "whole")

    def __init__(self, vocabulary: dict[str, float], best: dict[int, float], whole: dict[int, float]) -> None:
        self.vocabulary = vocabulary  # listed words this query word could be -> similarity
        self.best = best  # list name -> the best similarity those words give it
        self.whole = whole  # list names holding this word written together with its neighbours (similarity 1)


_EMPTY: Final[dict] = {}  # shared, never written
_NO_WORDS: Final[frozenset] = frozenset()


@dataclass(frozen=True)
class IndexedName:
    entry: int  # position in ScreeningIndex.entries
    role: str  # primary / alias / weak
    display: str
    norm: Normalised
    person: bool
    kind: str


def _most_similar_first(item: tuple[str, float]) -> float:
    return -item[1]


def _frozen(table: dict[str, set[str]] | dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(values)) for key, values in table.items()}


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _two_deletes(token: str) -> set[str]:
    """The token less any two of its letters (built at once, not as deletions of each deletion)."""
    n = len(token)
    return {token[:i] + token[i + 1 : j] + token[j + 1 :] for i in range(n) for j in range(i + 1, n)}


class ScreeningIndex:
    """All names of all entries of one snapshot, ready to screen against."""

    def __init__(self, entries: list[ListEntry], snapshot: dict | None = None):
        self.entries = entries
        self.snapshot = snapshot or {}
        self.address_index: AddressIndex | None = None  # see engine._address_index
        self.names: list[IndexedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for e_idx, entry in enumerate(entries):
            person = entry.kind in PERSON_KINDS
            seen: set[tuple[str, bool]] = set()  # (normalised name, weak alias)
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
        # The lookups _expand() reads. Only words some name holds as a name, region or industry word can pair
        # with another word (legal forms pair only with themselves, stop words not at all).
        pairable = {t for n in self.names for t, c in zip(n.norm.tokens, n.norm.classes) if c not in (LEGAL, STOP)}
        self._pairable = frozenset(pairable)
        neighbours: dict[str, set[str]] = defaultdict(set)  # the word and its one-deletion keys -> words
        far_neighbours: dict[str, set[str]] = defaultdict(set)  # up to two deletions, words of 6+ letters
        sounds: dict[str, set[str]] = defaultdict(set)  # phonetic skeleton -> vocabulary tokens
        devowelled: dict[str, set[str]] = defaultdict(set)  # "frj" -> faraj, feraj, frj ... (vowels dropped)
        self.compact: dict[str, list[int]] = defaultdict(list)
        self._expansion_cache: dict[str, WordExpansion] = {}
        for tok in pairable:
            if len(tok) < 3:
                continue  # the scorer pairs words of one or two letters only exactly (or as initials)
            one = _deletes(tok)
            neighbours[tok].add(tok)
            for d in one:
                neighbours[d].add(tok)
            if len(tok) >= 6:
                for d in {tok} | one | _two_deletes(tok):
                    if len(d) >= 6:  # _expand looks up keys of six letters or more only: shorter ones would never be read
                        far_neighbours[d].add(tok)
            sounds[skeleton(tok)].add(tok)
            devowelled[devowel(tok)].add(tok)
        self._by_spelling = sorted(t for t in pairable if len(t) >= 5)  # prefixes, by bisection
        listed_generic_by_first: dict[str, list[str]] = defaultdict(list)
        generic_abbreviations: dict[str, set[str]] = defaultdict(set)  # "group" -> grp, gp ... listed
        generic_by_first: dict[str, list[str]] = defaultdict(list)  # every industry word, listed or not
        for g in GENERIC_WORDS:
            if len(g) >= 5:
                generic_by_first[g[0]].append(g)
                if g in pairable:
                    listed_generic_by_first[g[0]].append(g)
        for t in pairable:  # a query's industry word may be on no list and still abbreviate to a listed word
            if len(t) >= 3:
                for g in generic_by_first.get(t[0], ()):
                    if len(g) > len(t) and _subsequence(t, g):
                        generic_abbreviations[g].add(t)
        # read-only from here, as plain dicts of tuples (a set per key would cost ~100 MB more for CSL + SDN)
        self._neighbours = _frozen(neighbours)
        self._far_neighbours = _frozen(far_neighbours)
        self._sounds = _frozen(sounds)
        self._devowelled = _frozen(devowelled)
        self._generic_by_first = _frozen(listed_generic_by_first)
        self._generic_abbreviations = _frozen(generic_abbreviations)
        for n_id, rec in enumerate(self.names):
            if rec.norm.compact:
                self.compact[rec.norm.compact].append(n_id)
        self.compact_lengths = [len(rec.norm.compact) for rec in self.names]  # see _Reading.could_reach_floor
        # every listed word's spelling variants and the names they reach, so that only words on no list are
        # expanded at query time (~60 us a word; ~2 s at build for the CSL + SDN vocabulary)
        self._listed_expansions = {tok: self._expand(tok) for tok in self.postings}
        # each list name ready for the scorer (weights, lookups), by name id
        self.prepared = [Prepared(n.norm, self.person_weight if n.person else self.weight) for n in self.names]
        self.is_person = [n.person for n in self.names]
        self.merge_joins = frozenset().union(*(p.merge_joins for p in self.prepared))  # see _may_merge_any
        self.has_initial = [n.person and any(len(t) == 1 for t in n.norm.core_tokens) for n in self.names]
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
    def _own_expansions(self, tok: str) -> WordExpansion:
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

    def _expand(self, tok: str) -> WordExpansion:
        """Every listed word the scorer (company or person reading) could pair with `tok`, with the best
        similarity either reading gives, and the best similarity per list name. Complete, so that the score
        bounds in candidates() can trust it: one edit (words of three letters or more), two edits (the longer
        word eight letters or more), the phonetic skeleton, inner vowels dropped, one word the start of the
        other, the letters of an industry word in order ("grp" / "group"); then particles written onto a
        name and a word written together that the list writes apart."""
        vocab = self.postings
        exp: dict[str, float] = {}
        if tok in vocab:
            exp[tok] = 1.0
        length = len(tok)
        halves: list[tuple[str, str]] = []
        company: list[str] = [tok] if tok in self._pairable else []  # the words each scorer pairs it with
        person: list[str] = list(company)
        if length >= 3:
            cands: set[str] = set()
            stems = [tok]
            if tok not in vocab and length >= 6 and tok.endswith("s"):  # listed words are singular: "Electroincs"
                stems.append(tok[:-1])
                if tok.endswith("ies"):
                    stems.append(tok[:-3] + "y")
            near, far = self._neighbours, self._far_neighbours
            for stem in stems:
                one = _deletes(stem)
                cands.update(near.get(stem, _NO_WORDS))
                for d in one:
                    cands.update(near.get(d, _NO_WORDS))
                ls = len(stem)
                if ls >= 6:  # two edits apart: the scorer allows them once the longer word has 8 letters
                    # (so a word of 6 letters can only be a listed word of 8 less two letters, one of 7 a
                    # listed word of 8 or 9 less one or two: fewer deletions to look up)
                    keys = {stem} if ls == 6 else {stem} | one
                    if ls >= 8:
                        keys |= _two_deletes(stem)
                    for d in keys:
                        for c in far.get(d, _NO_WORDS):
                            if -2 <= len(c) - ls <= 2 and (ls >= 8 or len(c) >= 8):
                                cands.add(c)
            if length >= 5:  # the phonetic rule needs five letters
                cands.update(self._sounds.get(skeleton(tok), _NO_WORDS))
            cands.update(self._devowelled.get(devowel(tok), _NO_WORDS))  # "frj" / "faraj"
            if devowel(tok) in self._pairable:
                cands.add(devowel(tok))  # "faraj" / "frj"
            for k in range(3, length):  # a listed word that starts this one: "air" / "aircompany"
                if tok[:k] in self._pairable:
                    cands.add(tok[:k])
            words = self._by_spelling
            at = bisect_left(words, tok)
            while at < len(words) and words[at].startswith(tok):  # listed words this one starts: "elec"
                cands.add(words[at])
                at += 1
            for g in self._generic_by_first.get(tok[0], _NO_WORDS):  # "grp" / "group", "mfg" / "manufacturing"
                if len(g) > length and _subsequence(tok, g):
                    cands.add(g)
            cands.update(self._generic_abbreviations.get(tok, _NO_WORDS))
            for c in cands:
                if c != tok and c not in exp:
                    as_company, how = token_similarity(tok, c, False)
                    # the person scorer differs only by "vowels_dropped" (and initials, not at three letters or
                    # more) where the company scorer says "abbreviation" or nothing
                    as_person = as_company if as_company and how != "abbreviation" else _vowels_dropped(tok, c)
                    if as_company:
                        company.append(c)
                    if as_person:
                        person.append(c)
                    if as_company or as_person:
                        exp[c] = max(as_company, as_person)
        if length >= 4:
            for particle in _JOINED_PARTICLES:  # a particle written onto the name: "alkurd" / "al-kurd"
                if tok.startswith(particle) and length - len(particle) >= 3 and tok[len(particle):] in vocab:
                    exp.setdefault(tok[len(particle):], 1.0)
            if tok not in vocab and length >= 5:  # written together, listed apart: "huawei" / "hua wei", "alali"
                for cut in range(2, length - 1):
                    left, right = tok[:cut], tok[cut:]
                    if left in vocab and right in vocab:
                        halves.append((left, right))
        best = self._best_per_name(exp, halves)
        for left, right in halves:
            exp.setdefault(left, SPLIT_PART)  # what the word may stand for (its weight), half each
            exp.setdefault(right, SPLIT_PART)
        return WordExpansion(exp, best, tuple(company), tuple(person))

    def _best_per_name(self, exp: dict[str, float], halves: Sequence[tuple[str, str]] = ()) -> dict[int, float]:
        """List name -> the best similarity any of these vocabulary tokens gives it; a name holding both halves
        of a split word matches it fully (the scorer merges them), one half alone only as `exp` says."""
        best: dict[int, float] = {}
        postings = self.postings
        # the most similar tokens first: the first value a name gets is its best
        for tok, sim in sorted(exp.items(), key=_most_similar_first):
            if not best:
                best = dict.fromkeys(postings[tok], sim)
                continue
            for n_id in postings[tok]:
                if n_id not in best:
                    best[n_id] = sim
        for left, right in halves:
            right_names = set(postings[right])
            for n_id in postings[left]:
                if n_id in right_names:
                    best[n_id] = 1.0
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
                found = self._own_expansions(tok)
                own, best = found.vocabulary, found.best
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
                   margin: float = 0.05, company_query: Prepared | None = None,
                   person_query: PersonQuery | None = None) -> list[int]:
        """Names worth scoring: those holding at least `min_cover` of the query's rarity weight.

        With `threshold`, a name is not scored when the highest score the scorer could give it (`_bound_score`)
        is more than `margin` below the threshold (the default margin is the engine's address bonus, the one
        thing added after the scorer). Company names are bounded against `company_query` (the query's company
        reading), person names against `person_query` (without it, person names are not bounded). Always kept:
        what the bound does not cover (`_beyond_bound`) and person names with initials."""
        tokens, classes = norm.tokens, norm.classes
        use = [c == NAME for c in classes]
        if not any(use):
            use = [c not in (LEGAL, STOP) for c in classes]
        postings = self.postings
        # a word is expanded when it retrieves, or when it is not on the list and its weight must be borrowed
        expansions = self.expansions(tokens, [u or (t not in postings and c not in (LEGAL, STOP)) for t, c, u in zip(tokens, classes, use)])
        weights = [self.weight(t, c) for t, c in zip(tokens, classes)]
        for i, t in enumerate(tokens):  # a word not on the list weighs what the listed words it may stand for weigh
            if t not in postings and classes[i] not in (LEGAL, STOP):
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
        acc = _accumulate(retrieving, bar)
        # the best `limit` company names and the best `limit` person names, ranked by the weight they hold (ties:
        # name id): person names sharing a common word ("Mohammad") must not crowd out the one company a typo'd
        # query stands for
        is_person = self.is_person
        companies: list[tuple[float, int]] = []
        persons: list[tuple[float, int]] = []
        for n_id, held in acc.items():
            if held >= bar:
                (persons if is_person[n_id] else companies).append((-held, n_id))  # tuples: no key function to call
        if threshold is None:
            picked = [n for _, n in heapq.nsmallest(limit, companies)] + [n for _, n in heapq.nsmallest(limit, persons)]
        else:
            if company_query is None:
                company_query = Prepared(norm, self.weight, listed=False)
            picked = self._best_within_bound(companies, persons, limit, threshold - margin, company_query, person_query)
        for n_id in self.compact.get(norm.compact, ()):
            if n_id not in picked:
                picked.append(n_id)
        return picked

    def _best_within_bound(self, companies: list[tuple[float, int]], persons: list[tuple[float, int]], limit: int,
                           floor: float, company_query: Prepared, person_query: PersonQuery | None) -> list[int]:
        """The best `limit` company names and the best `limit` person names (by rank: -weight held, name id)
        that the scorer could give `floor` or more (_Reading.could_reach_floor), or that the bound does not cover
        (person names with initials, person names when there is no person reading); each kind in rank order.

        A kind with more names than `limit` is sorted and tested best first, only until `limit` pass, so a query
        that retrieves thousands of names ("F. Muhammad") bounds few of them; a kind with `limit` names or fewer
        (most queries) keeps every name that passes, so it is tested unsorted and only the names kept are
        ranked. Both give the same names as testing all and then ranking: whether a name passes does not
        depend on the others.

        The cheap test first: a query word has a partner in a name only if its expansion reaches the name
        (`best`), so with the name's own side at its best (1), a name whose reached query words weigh less than
        (floor - (1 - share)) / share of the query is below the floor (_Reading.within_reach)."""
        has_initial = self.has_initial
        picked: list[int] = []
        for ranked, person in ((companies, False), (persons, True)):
            in_rank_order = len(ranked) > limit
            if in_rank_order:
                ranked.sort()
            kept: list[tuple[float, int]] = []
            reading: _Reading | None = None
            for rank in ranked:
                n = rank[1]
                if person and (person_query is None or has_initial[n]):
                    kept.append(rank)  # no person reading to bound with, or an initial, which pairs with too many words
                else:
                    if reading is None:
                        if person:
                            assert person_query is not None
                            reading = _Reading(self, person_query.prepared(), True, floor)
                        else:
                            reading = _Reading(self, company_query, False, floor)
                    if reading.could_reach_floor(n):
                        kept.append(rank)
                if in_rank_order and len(kept) == limit:
                    break
            if not in_rank_order:
                kept.sort()
            picked += [n for _, n in kept]
        return picked

    def _may_merge_any(self, query: Prepared) -> bool:
        """Whether may_merge() can be true for `query` and any list name: a run of its words written together
        is a listed word, or one of its words is a run of listed words written together."""
        postings = self.postings
        return any(j in postings for j in query.merge_joins) or not query.full_set.isdisjoint(self.merge_joins)

    def _pairing(self, query: Prepared, person: bool) -> Pairing:
        """What candidates() needs to bound the score of any list name against `query`.

        The scorer's score is share x query coverage + (1 - share) x list coverage. Query coverage is at most
        the weight of the query words that have a word to pair with in the name, over the query's weight (the
        scorer lowers a misspelt word's weight, which only lowers it); list coverage at most the weight of the
        name's words that have a query word to pair with, over the name's weight. A name whose every word on
        both sides has a partner may be an exact match (0.99 or more). Which words pair comes from the
        expansions, which hold every word each scorer pairs. See _bound_score."""
        pairs_with: dict[str, int] = {}
        always = significant = 0
        initials: set[str] = set()
        for bit, (word, cls) in enumerate(zip(query.tokens, query.classes)):
            if cls != LEGAL:
                significant |= 1 << bit
            if person and len(word) == 1:
                always |= 1 << bit  # an initial pairs with every word of that letter
                initials.add(word)
                continue
            if cls == LEGAL:  # legal forms pair only with themselves
                partners: tuple[str, ...] = (word,)
            else:
                expansion = self._own_expansions(word)
                partners = expansion.person if person else expansion.company
            for listed_word in partners:
                pairs_with[listed_word] = pairs_with.get(listed_word, 0) | 1 << bit
        share = PERSON_QUERY_SHARE if person else QUERY_SHARE
        return Pairing(pairs_with, always, frozenset(initials), significant, query.weights, query.total, share)



def _bound_score(pairing: Pairing, listed: Prepared) -> float:
    """The highest score the scorer's fast path could give `listed` (see ScreeningIndex._pairing): 1 when every
    word on both sides has a partner (perhaps an exact match), else share x (query weight with a partner) +
    (1 - share) x (list weight with a partner)."""
    pairs_with = pairing.pairs_with
    mask, listed_weight, listed_all = pairing.always, 0.0, True
    initials = pairing.initials
    # by position in the name's parallel sequences: a word's weight is read only when the word has a partner
    # (each object read here is a likely cache miss: the bound runs on names no query has touched yet)
    tokens, weights, legal = listed.tokens, listed.weights, listed.legal
    for j in range(len(tokens)):
        t = tokens[j]
        m = pairs_with.get(t)
        if m:
            mask |= m
            listed_weight += weights[j]
        elif initials and t[0] in initials:
            listed_weight += weights[j]  # an initial in the query pairs with it
        elif not legal[j]:
            listed_all = False
    if listed_all and mask & pairing.significant == pairing.significant:
        return 1.0
    q = pairing.covered.get(mask)
    if q is None:
        q = pairing.covered[mask] = sum(w for bit, w in enumerate(pairing.weights) if mask >> bit & 1) / pairing.total
    return pairing.share * q + (1 - pairing.share) * listed_weight / listed.total


def _beyond_bound(query: Prepared, listed: Prepared, may_merge_any: bool = True) -> bool:
    """Pairs _bound_score() does not cover: one edit at most once spacing is ignored (the scorer gives 0.9 or
    more), and words written together on one side and apart on the other (the general path merges them).
    `may_merge_any` False (ScreeningIndex._may_merge_any: no list name can merge with this query) skips the
    per-name merge test."""
    qc, lc = query.norm.compact, listed.norm.compact
    if qc == lc or (len(qc) >= 8 and -1 <= len(qc) - len(lc) <= 1 and OSA.distance(qc, lc, score_cutoff=1) <= 1):
        return True
    return may_merge_any and may_merge(query, listed)


def _vowels_dropped(a: str, b: str) -> float:
    """token_similarity(a, b, person=True) for words of three letters or more that the company scorer does not
    pair, or pairs only as an abbreviation: the person scorer's own rule, inner vowels dropped."""
    if a[0] != b[0] or a[-1] != b[-1] or len(a) == len(b) or max(len(a), len(b)) < 4:
        return 0.0
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return 0.8 if short == devowel(long_) else 0.0


def _accumulate(retrieving: list[tuple[float, dict[Any, float], dict[Any, float]]], bar: float) -> dict[Any, float]:
    """The weight each name that can reach `bar` holds: sum of word weight x best similarity (1 for a name
    holding the word written together with its neighbours). MaxScore: the words are taken heaviest first, and
    once the words left weigh less than the bar, a name none of the heavier words reached cannot make it, so
    the long postings of common words ("mohammad", "trading") are only looked up, never walked."""
    acc: dict[Any, float] = {}  # Any: compiled code keeps the name ids as objects (no unboxing, no reboxing)
    left = sum(w for w, _, _ in retrieving)
    probed: list[tuple[float, dict[Any, float], dict[Any, float]]] = []
    for w, best, whole in sorted(retrieving, key=lambda item: -item[0]):
        if left < bar - 1e-9:
            probed.append((w, best, whole))  # too light to bring in a name: only added to names already in
            continue
        left -= w
        if not acc and not whole:
            acc = {n_id: w * sim for n_id, sim in best.items()}  # the first word walked: the same sums, built at once
            continue
        if not whole:  # the usual case: no word of the query is listed written together with its neighbours
            for n_id, sim in best.items():
                acc[n_id] = acc.get(n_id, 0.0) + w * sim
            continue
        for n_id, sim in best.items():
            acc[n_id] = acc.get(n_id, 0.0) + w * (1.0 if n_id in whole else sim)
        for n_id in whole:
            if n_id not in best:
                acc[n_id] = acc.get(n_id, 0.0) + w
    for w, best, whole in probed:
        for n_id in acc:
            sim = 1.0 if whole and n_id in whole else best.get(n_id, 0.0)
            if sim:
                acc[n_id] += w * sim
    return acc
