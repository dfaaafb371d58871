"""Compare two normalised names token by token and say why they match.

The score is a weighted coverage: each token weighs its rarity on the list (inverse document frequency)
times a factor for its class (legal forms ~0, region and industry words low, name words full). Tokens
are aligned one to one (exact, spacing merge, phonetic skeleton, small edit distance, initial,
abbreviation); score = 0.6 x query coverage + 0.4 x list-name coverage, so extra words on the list side
cost less than extra words in the query (list entries are rich, queries sparse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from rapidfuzz.distance import OSA

from chipcontrols.screening.normalise import GENERIC, LEGAL, NAME, REGION, STOP, Normalised, person_tokens
from chipcontrols.screening.phonetic import skeleton
from chipcontrols.screening.vocabulary import GENERIC_WORDS, REGION_WORDS

CLASS_FACTOR: Final = {NAME: 1.0, GENERIC: 0.3, REGION: 0.3, LEGAL: 0.05, STOP: 0.0}
QUERY_SHARE: Final = 0.6
PERSON_QUERY_SHARE: Final = 0.7  # a person's list entry often carries middle names the query lacks
Weight = Callable[[str, str], float]  # (token, class) -> weight: ScreeningIndex.weight or .person_weight


class NameScore:
    """The alignment of one query against one list name. The score is computed at once; the token pairs and
    unmatched words are built only when an explanation asks for them (most candidates never alert)."""

    __slots__ = ("score", "exact", "steps", "_qt", "_qc", "_ct", "_cc", "_used_q", "_used_c", "_q_cov", "_c_cov")

    def __init__(self, score: float, exact: bool, steps: list[str], qt: Sequence[str], qc: Sequence[str], ct: Sequence[str],
                 cc: Sequence[str], used_q: dict[int, tuple[float, int, str]], used_c: set[int], q_cov: float, c_cov: float) -> None:
        self.score = score
        self.exact = exact  # same tokens after normalisation (legal forms, order, spacing ignored)
        self.steps = steps
        self._qt, self._qc, self._ct, self._cc = qt, qc, ct, cc
        self._used_q = used_q  # query position -> (similarity, list position, how)
        self._used_c = used_c
        self._q_cov, self._c_cov = q_cov, c_cov

    @property
    def pairs(self) -> list[tuple[str, str, float, str]]:
        """(query token, list token, similarity, how), in query order."""
        return [(self._qt[i], self._ct[j], round(s, 3), how) for i, (s, j, how) in sorted(self._used_q.items())]

    @property
    def unmatched_query(self) -> list[str]:
        return [t for i, (t, c) in enumerate(zip(self._qt, self._qc)) if i not in self._used_q and c != LEGAL]

    @property
    def unmatched_list(self) -> list[str]:
        return [t for j, (t, c) in enumerate(zip(self._ct, self._cc)) if j not in self._used_c and c != LEGAL]

    @property
    def query_coverage(self) -> float:
        return round(self._q_cov, 4)

    @property
    def list_coverage(self) -> float:
        return round(self._c_cov, 4)


class Prepared:
    """A name made ready to be scored many times: its core tokens (stop words dropped) with classes and
    weights, and the lookups the aligner reads. List names are prepared once, when the index is built; a
    query once per screen. `joins` (adjacent tokens written together) tells when spacing must be merged
    first, which takes the general path."""

    __slots__ = ("norm", "tokens", "classes", "weights", "total", "legal", "first_pos", "repeated", "token_set",
                 "joins", "significant", "sorted_pairs", "has_stop", "full_set", "full_pair_joins", "slots", "merge_joins")

    def __init__(self, norm: Normalised, weight: Weight, listed: bool = True) -> None:
        self.norm = norm
        self.tokens = tokens = norm.core_tokens
        self.classes = classes = norm.core_classes
        self.weights = [weight(t, c) for t, c in zip(tokens, classes)]
        self.total = sum(self.weights) or 1.0
        self.legal = [c == LEGAL for c in classes]
        if listed:  # what the aligner reads on the list side only
            self.first_pos: dict[str, int] = {}
            for j, t in enumerate(tokens):
                self.first_pos.setdefault(t, j)
            self.repeated: set[str] = {t for t in tokens if tokens.count(t) > 1}
            self.slots: list[tuple[int, str, str, int]] = [(j, t, t[0], len(t)) for j, t in enumerate(tokens) if classes[j] != LEGAL]
        self.token_set = frozenset(tokens)
        self.significant = [i for i, c in enumerate(classes) if c != LEGAL]
        self.sorted_pairs = sorted(zip(tokens, classes))
        self.has_stop = len(tokens) != len(norm.tokens)
        self.full_set = frozenset(norm.tokens) if self.has_stop else self.token_set
        # runs of two to four adjacent words written together: all of them (joins), and those without a legal
        # form (what the general path could merge, see may_merge), with and without the stop words
        self.joins, self.merge_joins, pair_joins = _runs(tokens, self.legal)
        if self.has_stop:
            full_merge_joins, self.full_pair_joins = _runs(norm.tokens, [c == LEGAL for c in norm.classes])[1:]
            self.merge_joins = self.merge_joins | full_merge_joins
        else:
            self.full_pair_joins = pair_joins


class PersonQuery:
    """A query's reading as a person's name (person_tokens), prepared on first use: most company queries never
    meet a person name among their candidates, and this reading costs as much to build as the company one."""

    __slots__ = ("name", "weight", "_prepared")

    def __init__(self, name: str, weight: Weight) -> None:
        self.name = name
        self.weight = weight
        self._prepared: Prepared | None = None

    def prepared(self) -> Prepared:
        if self._prepared is None:
            self._prepared = Prepared(person_tokens(self.name), self.weight, listed=False)
        return self._prepared


def needs_spacing_merge(q: Prepared, c: Prepared) -> bool:
    """Whether either side has adjacent words the other writes as one (then the general path merges them)."""
    if not q.joins.isdisjoint(c.token_set) or not c.joins.isdisjoint(q.token_set):
        return True
    return (q.has_stop or c.has_stop) and (not q.full_pair_joins.isdisjoint(c.full_set) or not c.full_pair_joins.isdisjoint(q.full_set))


def _runs(tokens: tuple[str, ...], legal: list[bool]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Runs of two to four adjacent tokens written together: all of them, those without a legal form, and the
    runs of two."""
    every, unlegal, pairs = [], [], []
    n = len(tokens)
    for i in range(n - 1):
        joined, has_legal = tokens[i], legal[i]
        for k in range(i + 1, min(i + 4, n)):
            joined += tokens[k]
            has_legal = has_legal or legal[k]
            every.append(joined)
            if not has_legal:
                unlegal.append(joined)
        pairs.append(tokens[i] + tokens[i + 1])
    return frozenset(every), frozenset(unlegal), frozenset(pairs)


def may_merge(q: Prepared, c: Prepared) -> bool:
    """Whether the general path could merge words for this pair: a run of words on one side, written together,
    is a word on the other (_merge_runs never merges a run holding a legal form). When it cannot, the general
    path aligns the same words as the fast path."""
    return not q.merge_joins.isdisjoint(c.full_set) or not c.merge_joins.isdisjoint(q.full_set)


def _class_of(token: str) -> str:
    if token in REGION_WORDS:
        return REGION
    if token in GENERIC_WORDS:
        return GENERIC
    return NAME


def _merge_runs(tokens: list[str], classes: list[str], other: set[str]) -> bool:
    """Join adjacent tokens whose concatenation is a token on the other side ("hua wei" -> "huawei")."""
    merged = False
    i = 0
    while i < len(tokens) - 1:
        joined = tokens[i]
        best = 0
        for k in range(2, min(4, len(tokens) - i) + 1):
            joined += tokens[i + k - 1]
            if joined in other:
                best = k
        if best and LEGAL not in classes[i : i + best]:
            joined = "".join(tokens[i : i + best])
            tokens[i : i + best] = [joined]
            classes[i : i + best] = [_class_of(joined)]
            merged = True
        i += 1
    return merged


def token_similarity(a: str, b: str, person: bool) -> tuple[float, str]:
    if a == b:
        return 1.0, "exact"
    la, lb = len(a), len(b)
    if person and (la == 1 or lb == 1):
        if (la == 1 and b[0] == a) or (lb == 1 and a[0] == b):
            return 0.75, "initial"
        return 0.0, ""
    shortest = la if la < lb else lb
    if shortest < 3:
        return 0.0, ""
    longest = la if la > lb else lb
    budget = 1 if longest <= 7 else 2
    if longest - shortest <= budget:
        d = OSA.distance(a, b, score_cutoff=budget)
        if d <= budget:
            return max(0.7, 1.0 - d / longest), f"edit_distance_{d}"
    if shortest >= 5 and shortest * 10 >= longest * 6:
        # same skeleton and similar length: a spelling variant (Mohammed/Muhammad, Hsin/Xin), not another word;
        # a two-letter skeleton is too common to count unless the fold bridged different initials (hs -> x)
        # and the words are otherwise close ("Chini" and "Quiana" share the skeleton "kn", nothing else)
        sa = skeleton(a)
        if sa == skeleton(b) and (len(sa) >= 3 or a[0] != b[0] and len(sa) == 2 and OSA.distance(a, b, score_cutoff=2) <= 2):
            return 0.85, "phonetic"
    if person and shortest >= 3 and longest >= 4 and a[0] == b[0] and a[-1] == b[-1]:
        # inner vowels dropped ("Njmddn" / "Najmuddin", "Frj" / "Faraj"): cheap to type, still legible
        if (la < lb and a == devowel(b)) or (lb < la and b == devowel(a)):
            return 0.8, "vowels_dropped"
    if not person and shortest >= 3 and a[0] == b[0] and longest >= 5:
        short, long_ = (a, b) if la < lb else (b, a)
        if long_.startswith(short) or (long_ in GENERIC_WORDS and _subsequence(short, long_)):
            return 0.8, "abbreviation"  # "Eng" / "Engineering", "Intl" / "International", "Mfg" / "Manufacturing"
    return 0.0, ""


def devowel(word: str) -> str:
    """The word without the vowels between its first and last letters."""
    if len(word) < 3:
        return word
    return word[0] + "".join(ch for ch in word[1:-1] if ch not in "aeiou") + word[-1]


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def compare(query: Prepared, listed: Prepared, weight: Weight, person: bool = False) -> NameScore:
    """Score `query` against one list name; `weight(token, cls)` is the weight both sides were prepared with.

    Tokens are aligned greedily, best similarity first; legal forms pair only with legal forms. The fast
    path below reads the prepared lookups; a pair that needs a spacing merge takes the general path.
    """
    if needs_spacing_merge(query, listed):
        return _compare_general(query.norm, listed.norm, weight, person)
    qt, ct = query.tokens, listed.tokens
    c_legal, c_first, c_repeated, c_slots = listed.legal, listed.first_pos, listed.repeated, listed.slots
    q_legal_flags = query.legal
    pairs: list[tuple[float, int, int, str]] = []
    for i, a in enumerate(qt):
        q_legal = q_legal_flags[i]
        j_exact = c_first.get(a)
        if j_exact is not None and c_legal[j_exact] == q_legal:
            pairs.append((1.0, i, j_exact, "exact"))
            if a not in c_repeated:
                continue  # the word occurs once on the list side: nothing can beat the exact pair
        if q_legal:
            continue  # legal forms pair only with themselves
        la, a0 = len(a), a[0]
        for j, b, b0, lb in c_slots:  # the list side's non-legal words
            if a == b or (a0 != b0 and not -2 <= la - lb <= 2):
                continue  # different first letter and length: no rule could pair them
            sim, how = token_similarity(a, b, person)
            if sim:
                pairs.append((sim, i, j, how))
    used_q, used_c = _align(pairs)
    qw, cw = query.weights, listed.weights
    q_num = c_num = 0.0
    exact_q = matched_q = 0  # non-legal query words paired exactly / at all
    for i, (sim, j, _) in used_q.items():
        if sim < 1.0 and qw[i] > cw[j]:
            if qw is query.weights:
                qw = list(qw)
            qw[i] = cw[j]  # a misspelt word is as telling as the listed word it stands for, not more
        q_num += qw[i] * sim
        c_num += cw[j] * sim
        if not q_legal_flags[i]:
            matched_q += 1
            exact_q += sim == 1.0
    q_cov = q_num / (query.total if qw is query.weights else (sum(qw) or 1.0))
    c_cov = c_num / listed.total
    share = PERSON_QUERY_SHARE if person else QUERY_SHARE
    score = share * q_cov + (1 - share) * c_cov
    steps: list[str] = []
    # every non-legal word on both sides paired exactly (legal words pair only with legal words, so the
    # count of paired non-legal query words is the count of paired non-legal list words)
    n_sig = len(query.significant)
    exact = n_sig > 0 and exact_q == n_sig and matched_q == len(listed.significant)
    q_compact, c_compact = query.norm.compact, listed.norm.compact
    if not exact and q_compact and q_compact == c_compact:
        exact = True
        steps.append("token_spacing")
    if exact:
        score = max(score, 0.99)
        if qt == ct or query.sorted_pairs == listed.sorted_pairs:
            score = 1.0
    elif len(q_compact) >= 8 and OSA.distance(q_compact, c_compact, score_cutoff=1) <= 1:
        score = max(score, 0.9)
        steps.append("spacing_and_typo")
    return NameScore(round(min(score, 1.0), 4), exact, steps, qt, query.classes, ct, listed.classes, used_q, used_c, q_cov, c_cov)


def _pair_order(p: tuple[float, int, int, str]) -> tuple[float, int, int]:
    return (-p[0], p[1], p[2])


def _align(pairs: list[tuple[float, int, int, str]]) -> tuple[dict[int, tuple[float, int, str]], set[int]]:
    """One-to-one word alignment, greedy: the most similar pairs first (ties: query order, then list order).
    Returns query position -> (similarity, list position, how) and the list positions used."""
    if len(pairs) > 1:
        pairs.sort(key=_pair_order)
    used_q: dict[int, tuple[float, int, str]] = {}
    used_c: set[int] = set()
    for sim, i, j, how in pairs:
        if i not in used_q and j not in used_c:
            used_q[i] = (sim, j, how)
            used_c.add(j)
    return used_q, used_c


def _compare_general(query: Normalised, listed: Normalised, weight: Weight, person: bool) -> NameScore:
    """The general path: spacing merges change the tokens, so everything is recomputed for this pair."""
    steps: list[str] = []
    qt, qc = _drop_stop(query)
    ct, cc = _drop_stop(listed)
    if _merge_runs(qt, qc, set(ct)) | _merge_runs(ct, cc, set(qt)):
        steps.append("token_spacing")
    elif (len(qt) != len(query.tokens) or len(ct) != len(listed.tokens)) and _spacing_with_stop_words(query, listed):
        # "Xi An" / "Xian": the syllable "an" looked like a stop word; merge before dropping stop words
        qt, qc, ct, cc = list(query.tokens), list(query.classes), list(listed.tokens), list(listed.classes)
        _merge_runs(qt, qc, set(ct))
        _merge_runs(ct, cc, set(qt))
        qt, qc = _without_stop(qt, qc)
        ct, cc = _without_stop(ct, cc)
        steps.append("token_spacing")
    pairs: list[tuple[float, int, int, str]] = []
    c_legal = [c == LEGAL for c in cc]
    c_index: dict[str, int] = {}
    for j, b in enumerate(ct):
        c_index.setdefault(b, j)
    for i, a in enumerate(qt):
        q_legal = qc[i] == LEGAL
        j_exact = c_index.get(a)
        if j_exact is not None and c_legal[j_exact] == q_legal:
            pairs.append((1.0, i, j_exact, "exact"))
            if a not in ct[j_exact + 1 :]:
                continue  # the word occurs once on the list side: nothing can beat the exact pair
        if q_legal:
            continue  # legal forms pair only with themselves
        la, a0 = len(a), a[0]
        for j, b in enumerate(ct):
            if c_legal[j] or a == b or (a0 != b[0] and not -2 <= la - len(b) <= 2):
                continue  # different first letter and length: no rule below could pair them
            sim, how = token_similarity(a, b, person)
            if sim:
                pairs.append((sim, i, j, how))
    used_q, used_c = _align(pairs)
    qw = [weight(t, c) for t, c in zip(qt, qc)]
    cw = [weight(t, c) for t, c in zip(ct, cc)]
    for i, (sim, j, _) in used_q.items():
        if sim < 1.0 and qw[i] > cw[j]:
            qw[i] = cw[j]  # a misspelt word is as telling as the listed word it stands for, not more
    q_total = sum(qw) or 1.0
    c_total = sum(cw) or 1.0
    q_cov = sum(qw[i] * s for i, (s, _, _) in used_q.items()) / q_total
    c_cov = sum(cw[j] * used_q[i][0] for i in used_q for j in (used_q[i][1],)) / c_total
    share = PERSON_QUERY_SHARE if person else QUERY_SHARE
    score = share * q_cov + (1 - share) * c_cov
    significant_q = [i for i, c in enumerate(qc) if c != LEGAL]
    significant_c = [j for j, c in enumerate(cc) if c != LEGAL]
    exact = bool(significant_q) and all(i in used_q and used_q[i][0] == 1.0 for i in significant_q) and all(
        j in used_c for j in significant_c
    )
    if not exact and query.compact and query.compact == listed.compact:
        exact = True
        steps.append("token_spacing")
    if exact:
        score = max(score, 0.99)
        if qt == ct or sorted(zip(qt, qc)) == sorted(zip(ct, cc)):
            score = 1.0
    elif len(query.compact) >= 8 and OSA.distance(query.compact, listed.compact, score_cutoff=1) <= 1:
        score = max(score, 0.9)
        steps.append("spacing_and_typo")
    return NameScore(round(min(score, 1.0), 4), exact, steps, qt, qc, ct, cc, used_q, used_c, q_cov, c_cov)


def _spacing_with_stop_words(a: Normalised, b: Normalised) -> bool:
    ta, tb = set(a.tokens), set(b.tokens)
    return any(x + y in tb for x, y in zip(a.tokens, a.tokens[1:])) or any(x + y in ta for x, y in zip(b.tokens, b.tokens[1:]))


def _without_stop(tokens: list[str], classes: list[str]) -> tuple[list[str], list[str]]:
    keep = [k for k, c in enumerate(classes) if c != STOP]
    return [tokens[k] for k in keep], [classes[k] for k in keep]


def _drop_stop(n: Normalised) -> tuple[list[str], list[str]]:
    return list(n.core_tokens), list(n.core_classes)
