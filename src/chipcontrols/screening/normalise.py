"""Turn a party name as typed (any script, any punctuation) into tagged tokens the matcher compares.

Steps, in order (each is recorded so the explanation can say what was done):
1. Unicode: NFKC (full-width forms -> ASCII), drop invisible characters (zero-width, BOM, soft hyphen...),
   map look-alike Cyrillic/Greek letters inside Latin words, transliterate all-Cyrillic words, strip accents.
2. Han characters: glossary for legal forms and industry words ("有限公司" -> "co ltd"), then pinyin with
   pypinyin (simplified and traditional both map to the same syllables).
3. Punctuation: dotted acronyms collapse ("L.L.C." -> "llc", "a.k.a." -> "aka"), other punctuation -> space.
4. Legal forms in many languages -> one canonical token each, tagged "legal".
5. Every other token is tagged "region", "generic" (industry words), "stop" or "name".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from chipcontrols.screening.vocabulary import (
    CYRILLIC,
    GENERIC_WORDS,
    HAN_GLOSSARY,
    HOMOGLYPHS,
    LEGAL_PHRASES,
    LEGAL_TOKENS,
    PERSON_AFFIXES,
    PERSON_HONORIFICS,
    PERSON_PARTICLES,
    REGION_WORDS,
    STOP_WORDS,
)

# token classes; Final, so that compiled code (setup.py) reads them as constants
LEGAL: Final = "legal"
REGION: Final = "region"
GENERIC: Final = "generic"
STOP: Final = "stop"
NAME: Final = "name"

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_HAN_GLOSSARY = re.compile("|".join(sorted(map(re.escape, HAN_GLOSSARY), key=len, reverse=True)))
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")
_APOSTROPHE = re.compile(r"(?<=[a-z])['’`?](?=[a-z])")  # Xi'an, Xi?an (CSL export lost the apostrophe)
_NON_WORD = re.compile(r"[^a-zA-Z0-9]+")
_LEGAL_PHRASES = sorted(((tuple(k.split()), v.split()) for k, v in LEGAL_PHRASES.items()), key=lambda kv: -len(kv[0]))
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], list[str]]]] = {}  # first word -> phrases, longest first
for _phrase, _canon in _LEGAL_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _canon))
_REGION_PAIRS = {("hong", "kong"), ("inner", "mongolia"), ("abu", "dhabi"), ("kuala", "lumpur"), ("saint", "petersburg"), ("st", "petersburg")}


class Normalised:
    """Tokens with their classes; `key` (order-free identity) and `compact` (spacing-free form) are
    computed once, since the matcher reads them for every candidate."""

    __slots__ = ("text", "tokens", "classes", "steps", "key", "compact", "core_tokens", "core_classes")

    def __init__(self, text: str, tokens: tuple[str, ...], classes: tuple[str, ...], steps: tuple[str, ...]):
        self.text = text  # the folded text, tokens joined by spaces
        self.tokens = tokens
        self.classes = classes
        self.steps = steps  # which normalisations changed something, for explanations
        significant = [t for t, c in zip(tokens, classes) if c not in (LEGAL, STOP)]
        self.key = " ".join(sorted(significant))  # order-free identity without legal forms and stop words
        self.compact = "".join(significant)  # pinyin written apart or together compares equal
        # what the scorer aligns (stop words carry nothing)
        if STOP in classes:
            core = [(t, c) for t, c in zip(tokens, classes) if c != STOP]
            self.core_tokens = tuple(t for t, _ in core)
            self.core_classes = tuple(c for _, c in core)
        else:
            self.core_tokens, self.core_classes = tokens, classes

    def __eq__(self, other) -> bool:
        return isinstance(other, Normalised) and (self.tokens, self.classes) == (other.tokens, other.classes)

    def __hash__(self) -> int:
        return hash((self.tokens, self.classes))

    def __repr__(self) -> str:
        return f"Normalised({self.text!r}, {self.classes!r})"


def fold_unicode(text: str, steps: list[str] | None = None) -> str:
    """Steps 1-2: one lower-case Latin string (Han converted to pinyin words)."""
    if text.isascii():
        return text.lower()  # every step below changes only characters outside ASCII
    original = text
    text = unicodedata.normalize("NFKC", text)
    if steps is not None and text != original:
        steps.append("unicode_compatibility")  # full-width letters, ligatures
    stripped = _INVISIBLE.sub("", text)
    if steps is not None and stripped != text:
        steps.append("invisible_characters")
    text = stripped.lower()
    if _HAN.search(text):
        text = _HAN.sub(_han_to_latin, text)
        if steps is not None:
            steps.append("han_to_pinyin")
    if not text.isascii():
        text = _fold_letters(text, steps)
    return text


def _han_to_latin(match: re.Match) -> str:
    from pypinyin import lazy_pinyin  # imported lazily: only Han input pays for the dictionary load

    out = []
    for piece in re.split(f"({_HAN_GLOSSARY.pattern})", match.group(0)):
        if piece in HAN_GLOSSARY:
            out.append(HAN_GLOSSARY[piece])
        elif piece:
            # upper case marks syllables that came from Han, so they are never read as "an", "de", "se"...
            out.append(" " + " ".join(lazy_pinyin(piece, errors="ignore")).upper() + " ")
    return "".join(out)


def _fold_letters(text: str, steps: list[str] | None) -> str:
    words = re.split(r"(\s+)", text)
    changed_glyph = changed_cyr = False
    for i, word in enumerate(words):
        if word.isascii():
            continue
        has_latin = any("a" <= ch <= "z" for ch in word)
        if has_latin:
            new = "".join(HOMOGLYPHS.get(ch, ch) for ch in word)
            changed_glyph |= new != word
        else:
            new = "".join(CYRILLIC.get(ch, HOMOGLYPHS.get(ch, ch)) for ch in word)
            changed_cyr |= new != word
        words[i] = new
    text = "".join(words)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = "".join(HOMOGLYPHS.get(ch, ch) for ch in ascii_text)
    if steps is not None:
        if changed_glyph:
            steps.append("homoglyphs")
        if changed_cyr:
            steps.append("cyrillic_transliteration")
        if ascii_text != text:
            steps.append("accents")
    return ascii_text


def split_words(text: str) -> list[str]:
    """Step 3 on folded text: collapse dotted acronyms, drop in-word apostrophes, split on the rest."""
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    if "'" in text or "’" in text or "`" in text or "?" in text:
        text = _APOSTROPHE.sub("", text)
    return [w for w in _NON_WORD.split(text) if w]


def tag_tokens(words: list[str], steps: list[str] | None = None) -> tuple[list[str], list[str]]:
    """Steps 4-5: canonical legal forms and a class for every token."""
    tokens: list[str] = []
    classes: list[str] = []
    i, n = 0, len(words)
    legal_seen = False
    while i < n:
        hit = None
        if n - i >= 2:
            for phrase, canon in _PHRASES_BY_FIRST.get(words[i], ()):
                k = len(phrase)
                if k <= n - i and tuple(words[i : i + k]) == phrase:
                    hit = (k, canon)
                    break
        if hit:
            k, canon = hit
            tokens += canon
            classes += [LEGAL] * len(canon)
            legal_seen = True
            i += k
            continue
        word = words[i]
        if not word.islower() and word.isalpha():  # a pinyin syllable from Han characters
            tokens.append(word.lower())
            classes.append(NAME)
            i += 1
            continue
        if i + 1 < n and (word, words[i + 1]) in _REGION_PAIRS:
            tokens.append(word + words[i + 1])
            classes.append(REGION)
            i += 2
            continue
        if word in LEGAL_TOKENS and not (word in ("co", "as", "sa", "se", "ag", "ab", "sp", "pc") and i == 0):
            canon = LEGAL_TOKENS[word].split()
            tokens += canon
            classes += [LEGAL] * len(canon)
            legal_seen = True
        elif word in STOP_WORDS:
            tokens.append(word)
            classes.append(STOP)
        elif word in REGION_WORDS:
            tokens.append(word)
            classes.append(REGION)
        elif word in GENERIC_WORDS:
            tokens.append(_singular(word))  # "Technologies" = "Technology", "Electronics" = "Electronic"
            classes.append(GENERIC)
        elif len(word) >= 6 and (near := _near_legal(word)) is not None:
            tokens.append(near)
            classes.append(LEGAL)
            legal_seen = True
        else:
            tokens.append(word)
            classes.append(NAME)
        i += 1
    if legal_seen and steps is not None:
        steps.append("legal_form")
    # a name that is nothing but generic words ("Technology Co") keeps them as identity
    if classes and all(c != NAME for c in classes):
        classes = [NAME if c in (REGION, GENERIC, STOP) else c for c in classes]
    return tokens, classes


_LONG_LEGAL = {"company": "co", "limited": "ltd", "corporation": "corp", "incorporated": "inc", "kompaniya": "co",
               "korporatsiya": "corp", "kompania": "co"}


@lru_cache(maxsize=16384)
def _near_legal(word: str) -> str | None:
    """One edit from a long legal word ("kompany", "korporation", "limted") is still that legal form."""
    from rapidfuzz.distance import OSA

    for legal, canon in _LONG_LEGAL.items():
        if abs(len(legal) - len(word)) <= 1 and OSA.distance(word, legal, score_cutoff=1) <= 1:
            return canon
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


@lru_cache(maxsize=4096)  # a name is read both as a company and as a person: fold and split it once
def _words(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    steps: list[str] = []
    folded = fold_unicode(name, steps)
    return tuple(split_words(folded)), tuple(steps)


@lru_cache(maxsize=16384)  # bounded: batch files repeat names, but memory must not grow with the file
def normalise(name: str) -> Normalised:
    """Full pipeline for one name string (cached: batch files repeat names)."""
    words, fold_steps = _words(name)
    steps = list(fold_steps)
    tokens, classes = tag_tokens(list(words), steps)
    return Normalised(" ".join(tokens), tuple(tokens), tuple(classes), tuple(dict.fromkeys(steps)))


@lru_cache(maxsize=16384)
def person_tokens(name: str) -> Normalised:
    """Persons: no legal forms or industry words; every token is a name part (order is free)."""
    words, steps = _words(name)
    # titles and generational suffixes ("Dr.", "Jr.") weigh nothing, and honorifics that are also names
    # ("Sheikh") little, as long as another word remains to be the name ("Dr Zawahiri" is Zawahiri)
    affixes = sum(w in PERSON_AFFIXES or w in PERSON_HONORIFICS for w in words)
    named = len(words) - affixes >= 1
    classes = tuple(
        STOP if (w in PERSON_PARTICLES and len(words) > 2) or (named and w in PERSON_AFFIXES)
        else GENERIC if named and w in PERSON_HONORIFICS else NAME
        for w in words
    )
    # syllables from Han come upper case (so "DE" is no particle, see _han_to_latin); the name is lower case
    words = tuple(w.lower() for w in words)
    return Normalised(" ".join(words), words, classes, steps)
