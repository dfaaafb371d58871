"""A crude phonetic skeleton for transliteration variants (Mohammed/Muhammad, Yuri/Yury, Hsin/Xin).

Not Metaphone: a few spelling-variant folds common in romanised Arabic, Russian and Chinese names,
then vowels after the first letter and doubled letters are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLDS = [
    ("shch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"),
    ("hs", "x"), ("sch", "sh"), ("tsch", "ch"), ("ts", "z"), ("tz", "z"), ("dj", "j"), ("ck", "k"),
    ("q", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("j", "i"),
]
_DROP_AFTER_FIRST = str.maketrans("", "", "aeiouh")  # vowels and h after the first letter
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def skeleton(token: str) -> str:
    s = token
    for a, b in _FOLDS:
        if a in s:
            s = s.replace(a, b)
    s = _DOUBLES.sub(r"\1", s)
    head, tail = s[:1], s[1:].translate(_DROP_AFTER_FIRST)
    return head + _DOUBLES.sub(r"\1", tail)
