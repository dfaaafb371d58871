"""Candidate retrieval: the shortcuts that make screening fast must never cost an alert.

* MaxScore (`_max_score`) may skip walking long postings only when no name they hold could still reach the bar.
* The score bounds (what each scorer could give a name, from the words that can pair on both sides) may drop
  a candidate only when it could not alert: every alert found without them is found with them.
"""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from chipcontrols.screening import bundled_index
from chipcontrols.screening.engine import screen_with
from chipcontrols.screening.index import _max_score

ALERTING = ("confirmed_match", "possible_match")


@given(
    st.lists(st.tuples(st.floats(0.0, 10.0), st.lists(st.sets(st.integers(0, 40), max_size=12), min_size=1, max_size=3)),
             max_size=6),
    st.floats(-5.0, 25.0),
)
def test_max_score_keeps_every_name_that_can_reach_the_bar(words, bar):
    items = [(w, tuple(maps)) for w, maps in words]
    reached = _max_score(items, bar)
    for name in set().union(*(m for _, maps in items for m in maps)) if items else ():
        weight = sum(w for w, maps in items if any(name in m for m in maps))
        if weight >= bar:
            assert name in reached, (name, weight, bar)


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
    assert checked > 3000  # the bundled sample has ~600 names
