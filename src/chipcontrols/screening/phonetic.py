"""A crude phonetic skeleton for transliteration variants (Mohammed/Muhammad, Yuri/Yury, Hsin/Xin).

Not Metaphone: a few spelling-variant folds common in romanised Arabic, Russian and Chinese names,
then vowels after the first letter and doubled letters are dropped.
"""

from __future__ import annotations

from itertools import groupby
from typing import Final

_FOLDS = [
    ("shch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"),
    ("hs", "x"), ("sch", "sh"), ("tsch", "ch"), ("ts", "z"), ("tz", "z"), ("dj", "j"), ("ck", "k"),
    ("q", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("j", "i"),
]
_DROP_AFTER_FIRST = str.maketrans("", "", "aeiouh")  # vowels and h after the first letter


_SKELETONS: dict[str, str] = {}  # token -> skeleton; most words recur (list words, common query words)
_SKELETONS_KEPT: Final = 100_000  # bounded memory: emptied when full; results never depend on it


def skeleton(token: str) -> str:
    # a plain dict, not functools.lru_cache: compiled (setup.py), a dict lookup is a direct C call, where the
    # lru wrapper goes through the interpreter's call machinery on every hit (~2% of a screen)
    found = _SKELETONS.get(token)
    if found is None:
        found = _skeleton(token)
        if len(_SKELETONS) >= _SKELETONS_KEPT:
            _SKELETONS.clear()
        _SKELETONS[token] = found
    return found


def clear_cache() -> None:
    """Forget every skeleton computed (benchmarks start from this state)."""
    _SKELETONS.clear()


def _skeleton(token: str) -> str:
    s = token
    for a, b in _FOLDS:
        if a in s:
            s = s.replace(a, b)
    s = _single(s)
    head, tail = s[:1], s[1:].translate(_DROP_AFTER_FIRST)
    return head + _single(tail)


def _single(text: str) -> str:
    """Each run of one repeated character written once ("mohammed" -> "mohamed"). groupby, not a regular
    expression with a back-reference, whose replacement template Python expands match by match."""
    return "".join(char for char, _ in groupby(text))
