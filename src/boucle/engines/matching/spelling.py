"""Typing errors: a word no dictionary knows, one slip of a finger away from a word the
knowledge base reads, is read as that word.

People type their declarations fast: "gyspum from the scrubber", "copeaux de bios", "sciure de
chêne humdie". The knowledge base reads names and synonyms word for word, so one such slip
hides what a declaration is (the language model, comparing by meaning, is less thrown by it).
On the evaluation set's dev cases with 15 % of the words of five letters or more mistyped, the
engine found 0.72 of the partners first instead of 0.82; reading the slips back, 0.80.

A word is read as another when all of these hold:

- it has at least `MIN_LENGTH` letters (a short word is too near too many others), and is not
  a word of the knowledge base's files, nor of French or English (`data/words.txt.gz`: the
  words of five letters or more of wordfreq's large French and English lists, accents
  removed; rebuilt by `tools/matching_words.py`);
- exactly one word of the taxonomy's names and synonyms or the trades' names is one slip away:
  two neighbouring letters swapped, a letter left out, a letter typed twice or with the key
  beside it, a key beside the right one hit instead (on an AZERTY or a QWERTY keyboard);
- that word is not the same word inflected (same stem in French or in English): the stemmer
  reads those as one already.

So "gyspum" is read as "gypsum", "sicure" as "sciure", "papre" as "paper"; "margines"
(olive-mill wastewater, in no dictionary) would be read as "marines" if that were a word of the
taxonomy (it is not); "shopping" stays itself (a dictionary word, though one slip from
"shipping"), and so does "pulper".
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["MIN_LENGTH", "corrected", "keep", "reading", "slips"]

MIN_LENGTH = 5
_DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[a-z0-9]+")  # a word as `text.analyse` splits an accent-free text
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The letter keys of the two keyboards French and English are typed on, row by row, and how
# far each row sits to the right of the one above it (in keys): a key touches those beside it
# and the two of each neighbouring row whose centres are less than a key away.
_KEYBOARDS = (
    (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75)),
    (("azertyuiop", 0.0), ("qsdfghjklm", 0.25), ("wxcvbn", 0.75)),
)


def _keys_beside() -> dict[str, frozenset[str]]:
    beside: dict[str, set[str]] = {letter: set() for letter in _LETTERS}
    for rows in _KEYBOARDS:
        places = {
            key: (row, column + shift)
            for row, (keys, shift) in enumerate(rows)
            for column, key in enumerate(keys)
        }
        for key, (row, x) in places.items():
            for other, (other_row, other_x) in places.items():
                same_row = row == other_row and abs(x - other_x) == 1.0
                next_row = abs(row - other_row) == 1 and abs(x - other_x) < 1.0
                if same_row or next_row:
                    beside[key].add(other)
    return {key: frozenset(others) for key, others in beside.items()}


_BESIDE = _keys_beside()


def _plain(text: str) -> str:
    from boucle.engines.matching.text import strip_accents  # text imports this module

    return strip_accents(text)


@lru_cache(maxsize=1)
def _written() -> dict[str, str]:
    """The words a slip may be read as, those of the taxonomy's names and synonyms and of the
    trades' names, which the resolver reads (accent-free, lower case), each as the knowledge
    base first writes it ("desulfuration": "désulfuration")."""
    words: dict[str, str] = {}
    texts: list[str] = []
    with open(_DATA / "resources.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts += [row["name_en"], row["name_fr"], row["synonyms_en"], row["synonyms_fr"]]
    with open(_DATA / "trades.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts += [row["names_en"], row["names_fr"]]
    for text in texts:
        for word in re.findall(r"[^\W\d_]+", text.lower()):
            plain = _plain(word)
            if len(plain) >= MIN_LENGTH and _WORD.fullmatch(plain):
                words.setdefault(plain, word)
    return words


@lru_cache(maxsize=1)
def _targets() -> frozenset[str]:
    return frozenset(_written())


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(map(len, _targets()))


@lru_cache(maxsize=1)
def _known_in_files() -> frozenset[str]:
    """Every word of the knowledge base's files (accent-free, lower case)."""
    words: set[str] = set()
    for path in sorted(_DATA.glob("*.csv")):
        words.update(_WORD.findall(_plain(path.read_text(encoding="utf-8"))))
    return frozenset(words)


@lru_cache(maxsize=1)
def _dictionary() -> bytes:
    """The French and English words, sorted, one a line (3.7 MB): looked up by bisection in
    place, not made a set of 400,000 strings (60 MB and 0.27 s, in each forked worker that
    met a word with a candidate)."""
    with gzip.open(_DATA / "words.txt.gz", "rb") as handle:
        return handle.read()


def _in_dictionary(word: str) -> bool:
    lines, wanted = _dictionary(), word.encode("ascii")
    low, high = 0, len(lines)  # the word's line, if there, starts in [low, high)
    while low < high:
        middle = (low + high) // 2
        start = lines.rfind(b"\n", 0, middle) + 1  # >= low: low always starts a line
        end = lines.find(b"\n", start)
        line = lines[start:end]
        if line == wanted:
            return True
        if line < wanted:
            low = end + 1
        else:
            high = start
    return False


def _known(word: str) -> bool:
    """Whether `word` is no slip: a word of the knowledge base's files or of the French and
    English dictionaries. Looked at only when a word has a taxonomy word one slip away."""
    return word in _known_in_files() or _in_dictionary(word)


def _one_slip_away(typed: str, targets: frozenset[str]) -> set[str]:
    """The words of `targets` that `typed` is one slip of a finger away from."""
    found = set()
    size = len(typed)
    for i in range(size):
        # A letter too many: typed twice, or with the key beside one of its neighbours.
        shorter = typed[:i] + typed[i + 1 :]
        if shorter in targets:
            extra = typed[i]
            neighbours = {typed[j] for j in (i - 1, i + 1) if 0 <= j < size}
            if any(extra == n or extra in _BESIDE.get(n, ()) for n in neighbours):
                found.add(shorter)
        # The key beside the right one.
        for key in _BESIDE.get(typed[i], ()):
            replaced = typed[:i] + key + typed[i + 1 :]
            if replaced in targets:
                found.add(replaced)
        # Two neighbouring letters swapped.
        if i + 1 < size and typed[i] != typed[i + 1]:
            swapped = typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :]
            if swapped in targets:
                found.add(swapped)
    # A letter left out.
    for i in range(size + 1):
        for letter in _LETTERS:
            longer = typed[:i] + letter + typed[i:]
            if longer in targets:
                found.add(longer)
    return found


# Endings by which French and English inflect a word ("certifié", "certifiée"; "analysed",
# "analyser"), longest first: two words that differ only there are one word.
_ENDINGS = ("ees", "ing", "es", "ee", "ed", "er", "ez", "e", "s", "d", "r", "x")


def _root(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_LENGTH - 1:
            return word[: -len(ending)]
    return word


def _inflected(word: str, target: str) -> bool:
    """Whether `target` is `word` inflected: another ending, or the same stem in French or in
    English (the stemmer reads those as one word already)."""
    from boucle.engines.matching.text import stem  # text imports this module

    return (
        _root(word) == _root(target)
        or stem(target, "fr") == stem(word, "fr")
        or stem(target, "en") == stem(word, "en")
    )


# Words the reader makes of a text's words before reading them (`text.MADE_WORDS`: "grade C"
# read as "gradec"), which are no slips.
_KEPT: set[str] = set()


def keep(words: frozenset[str]) -> None:
    """Read `words` as themselves: the reader makes them (`text.MADE_WORDS`)."""
    _KEPT.update(words)


def reading(word: str) -> str:
    """The taxonomy word an accent-free lower-case `word` was meant to be, or the word itself
    (module docstring)."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.isascii() or word in _KEPT:
        return word
    targets = _targets()
    if word in targets:
        return word
    if len(word) > _longest() + 1:  # one slip from no target (and a long one costs n²)
        return word
    found = _one_slip_away(word, targets)
    if found:
        found = {target for target in found if not _inflected(word, target)}
    if len(found) != 1 or _known(word):
        return word
    return found.pop()


# The tokens met so far that are read as themselves (nearly all), and those read as another
# word: texts share most of their words, so each is looked at once, and a text whose tokens
# are all known to be themselves is passed on as it is (one set operation).
_SAME: set[str] = set()
_SLIPS: dict[str, str] = {}
_MET_MAX = 1_000_000


def corrected(tokens: list[str]) -> list[str]:
    """`tokens` (accent-free, lower case; punctuation marks stay as they are) with each slip
    read as the word it was meant to be."""
    if _SAME.issuperset(tokens):
        return tokens
    if len(_SAME) + len(_SLIPS) >= _MET_MAX:
        _SAME.clear()
        _SLIPS.clear()
    # Read into a mapping of this call's own: another thread emptying the tables meanwhile
    # would otherwise leave a slip unread.
    read: dict[str, str] = {}
    for token in tokens:
        if token in _SAME or token in read:
            continue
        meant = _SLIPS.get(token)
        if meant is None:
            meant = reading(token)
            if meant == token:
                _SAME.add(token)
            else:
                _SLIPS[token] = meant
        read[token] = meant
    return [read.get(token, token) for token in tokens]


@lru_cache(maxsize=65536)
def slips(text: str) -> tuple[tuple[str, str], ...]:
    """The words of `text` read as typing errors: each as written, and the taxonomy word it is
    read as, as the knowledge base writes it ("Gyspum", "gypsum"); for the reasons
    (`explain`, which asks again for each candidate of a declaration)."""
    # The words as `text.analyse` splits them, after the accents go, each with where it was
    # written: a decomposed accent (macOS's "e" and U+0301) or a sign dropped with them (an
    # en dash, a curly apostrophe) splits no word there, so they are the reader's words.
    origin: Sequence[int]  # where each letter of `plain` was written
    if text.isascii():
        plain, origin = text.lower(), range(len(text))
    else:
        parts: list[str] = []
        at: list[int] = []
        for i, char in enumerate(text):
            part = _plain(char)
            parts.append(part)
            at += [i] * len(part)
        plain, origin = "".join(parts), at
    found = []
    for token in _TOKEN.finditer(plain):
        word = token.group()
        if word in _SAME:
            continue
        meant = reading(word)
        if meant != word:
            written = text[origin[token.start()] : origin[token.end() - 1] + 1]
            found.append((written, _written().get(meant, meant)))
    return tuple(found)
