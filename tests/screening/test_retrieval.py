"""Candidate retrieval: the shortcuts that make screening fast must never cost an alert.

* MaxScore (`_accumulate`) may skip walking long postings only when no name they hold could still reach the bar,
  and must sum the weight of every name it keeps.
* The score bounds (what each scorer could give a name, from the words that can pair on both sides) may drop
  a candidate only when it could not alert: every alert found without them is found with them.
"""

import random

from hypothesis import given
from hypothesis import strategies as st

from chipcontrols.screening import bundled_index
from chipcontrols.screening.engine import ADDRESS_BONUS, ALERT_THRESHOLD, screen_with
from chipcontrols.screening.index import _accumulate, _beyond_bound, _bound_score, _Reading, _vowels_dropped
from chipcontrols.screening.normalise import normalise, person_tokens
from chipcontrols.screening.scorer import Prepared, _runs, compare, devowel, token_similarity
from chipcontrols.screening.vocabulary import GENERIC_WORDS

ALERTING = ("confirmed_match", "possible_match")
FLOOR = ALERT_THRESHOLD - ADDRESS_BONUS  # what candidates() bounds against when the engine screens


@given(
    st.lists(st.tuples(st.floats(0.0, 10.0), st.dictionaries(st.integers(0, 40), st.sampled_from([0.7, 0.75, 0.8, 0.9, 1.0]), max_size=12),
                       st.sets(st.integers(0, 40), max_size=4)), max_size=6),
    st.floats(-5.0, 25.0),
)
def test_accumulate_keeps_every_name_that_can_reach_the_bar_with_its_weight(words, bar):
    retrieving = [(w, best, dict.fromkeys(whole, 1.0)) for w, best, whole in words]
    acc = _accumulate(retrieving, bar)
    names = set().union(*(set(best) | set(whole) for _, best, whole in retrieving)) if retrieving else set()
    for name in names:
        weight = sum(w * (1.0 if name in whole else best.get(name, 0.0)) for w, best, whole in retrieving)
        if weight >= bar:
            assert name in acc, (name, weight, bar)
        if name in acc:
            assert abs(acc[name] - weight) < 1e-6, (name, acc[name], weight)


def _variants(name: str, person: bool, rng: random.Random) -> list[str]:
    words = name.replace(",", " ").split()
    out = [name, " ".join(reversed(words))]
    if len(words) > 2:
        out.append(" ".join(w for i, w in enumerate(words) if i != 1))  # a middle word dropped
    if person and len(words) >= 2:
        out.append(" ".join([words[0][0] + "."] + words[1:]))  # an initial
    longest = max(words, key=len)
    if len(longest) >= 5:
        i = rng.randrange(1, len(longest) - 1)
        out.append(name.replace(longest, longest[:i] + longest[i + 1] + longest[i] + longest[i + 2:], 1))  # a transposition
    for i, w in enumerate(words):  # one letter doubled or inserted ("Tan" / "Tann", "Mohammad" / "Moohammad")
        if len(w) == 3:
            out.append(" ".join(words[:i] + [w + w[-1]] + words[i + 1:]))
        elif len(w) >= 4:
            out.append(" ".join(words[:i] + [w[:2] + w[1] + w[2:]] + words[i + 1:]))
    if len(longest) >= 8:  # two edits in a long word ("Navigation" / "Naviagtoin")
        out.append(name.replace(longest, longest[:2] + longest[3] + longest[2] + longest[4:-2] + longest[-1] + longest[-2], 1))
    if len(longest) >= 6:  # a long word cut short ("Electronics" / "Electr") and with inner vowels dropped
        out.append(name.replace(longest, longest[:4], 1))
        out.append(name.replace(longest, longest[0] + "".join(c for c in longest[1:-1] if c.lower() not in "aeiou") + longest[-1], 1))
    if len(words) >= 2:  # the first two words written together, and with a letter lost at the join
        joined = words[0] + words[1]
        out.append(" ".join([joined] + words[2:]))
        k = len(joined) // 2
        out.append(" ".join([joined[:k] + joined[k + 1:]] + words[2:]))
    return out


def _alerts(result) -> set[str]:
    return {h.entry["uid"] for h in result.hits if h.status in ALERTING}


def test_bounds_never_lose_an_alert_on_the_bundled_list():
    index = bundled_index()
    rng = random.Random(7)
    checked = 0
    for rec in index.names:
        for query in _variants(rec.display, rec.person, rng):
            if not any(ch.isalnum() for ch in query):
                continue
            fast = screen_with(index, query, limit=50)
            full = screen_with(index, query, limit=50, include_below=True)
            assert _alerts(full) <= _alerts(fast), (query, _alerts(full) - _alerts(fast))
            checked += 1
    assert checked > 10_000  # ~11,900 variants of the ~1,000 bundled names


_WORD = st.text(alphabet="aeioubcdfghklmnrstxyz", min_size=3, max_size=10)


@given(_WORD, _WORD, st.booleans())
def test_person_similarity_derived_from_the_company_one_is_the_person_scorers(a, b, drop_vowels):
    """_expand() computes the person scorer's similarity from the company scorer's (halving the lookups for
    words on no list); it must be exactly what the person scorer says."""
    if drop_vowels:
        b = devowel(a) if len(devowel(a)) >= 3 else b
    if a == b:
        return
    company, how = token_similarity(a, b, False)
    derived = company if company and how != "abbreviation" else _vowels_dropped(a, b)
    assert derived == token_similarity(a, b, True)[0]


@given(st.lists(st.tuples(_WORD, st.booleans()), max_size=8))
def test_runs_of_adjacent_words_are_every_run_of_two_to_four(words):
    """Prepared's lookups for spacing merges (_runs, one pass) against their definition."""
    tokens, legal = tuple(w for w, _ in words), [is_legal for _, is_legal in words]
    spans = [(i, k) for i in range(len(tokens)) for k in (2, 3, 4) if i + k <= len(tokens)]
    every, unlegal, pairs = _runs(tokens, legal)
    assert every == {"".join(tokens[i : i + k]) for i, k in spans}
    assert unlegal == {"".join(tokens[i : i + k]) for i, k in spans if not any(legal[i : i + k])}
    assert pairs == {a + b for a, b in zip(tokens, tokens[1:])}


def test_score_bound_is_never_below_the_score():
    """The bound candidates() drops names with must be an upper bound of the scorer's score, for every list
    name (not only the retrieved ones): variants of bundled names against every bundled name, both readings.
    And the cheaper test candidates() runs first (the query's side alone) must pass every name the bound keeps."""
    index = bundled_index()
    rng = random.Random(3)
    sample = rng.sample(index.names, 60)
    # plus every industry word alone and with a listed name: it may be on no list and still abbreviate to a
    # listed word ("Electronical" / "Elec", "Intelligent" / "Intl"); the review that found this gap used them
    industry = sorted(g for g in GENERIC_WORDS if len(g) >= 5)
    queries = [q for rec in sample for q in _variants(rec.display, rec.person, rng)]
    queries += industry + [f"{rec.display} {g}" for rec, g in zip(sample, industry)]
    checked = passed_first = 0
    for query in queries:
        if not any(ch.isalnum() for ch in query):
            continue
        readings = {False: Prepared(normalise(query), index.weight, listed=False),
                    True: Prepared(person_tokens(query), index.person_weight, listed=False)}
        pairings = {person: index._pairing(q, person) for person, q in readings.items()}
        # the cheaper query-side test that runs first, at the engine's floor (threshold less the address bonus)
        first_test = {person: _Reading(index, q, person, FLOOR) for person, q in readings.items()}
        for n_id, name in enumerate(index.names):
            query_prepared, listed = readings[name.person], index.prepared[n_id]
            if _beyond_bound(query_prepared, listed) or index.has_initial[n_id]:
                continue
            weight = index.person_weight if name.person else index.weight
            score = compare(query_prepared, listed, weight, person=name.person).score
            bound = _bound_score(pairings[name.person], listed)
            assert bound >= score - 1e-4, (query, name.display, score, bound)
            if bound >= FLOOR - 1e-4:
                assert first_test[name.person].within_reach(n_id), (query, name.display, bound)
                passed_first += 1
            checked += 1
    assert checked > 500_000  # ~800,000 pairs: ~800 queries x the bundled names
    assert passed_first > 800  # ~930 pairs the bound keeps


@given(st.text(alphabet="abcdefgh", max_size=12))
def test_two_deletions_are_every_deletion_of_every_deletion(word):
    """_two_deletes (the far-neighbour keys) builds the token less any two letters at once; its definition."""
    from chipcontrols.screening.index import _deletes, _two_deletes

    assert _two_deletes(word) == {dd for d in _deletes(word) for dd in _deletes(d)}
