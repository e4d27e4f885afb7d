"""List the frequent French and English words that the matching engine would read as a resource
only because Snowball cuts them to the stem of a one-word phrase of the knowledge base.

    python tools/matching_stem_collisions.py               # the 60,000 most frequent words
    python tools/matching_stem_collisions.py --top 20000   # fewer, the most frequent first

The knowledge base finds its phrases by stems, so "établissement" met "établi" (a workbench),
"generated" a generator and "skimmed" milk the skimmings of a dross. For each word of
wordfreq's lists (development dependency) whose stem is a whole phrase of the knowledge base
and which no phrase of it writes, the word is read in a short sentence of its language
("Nous avons … pour vous"); it is listed when that sentence reads a family, with the family,
the phrase words it met and the word's frequency (Zipf scale: about 8 for "the", 3 for a word
seen once in a million). Inflections of the phrase's own words are left out (a plural, a feminine,
an English "-ed" or "-ing" of the same word), and so are the words already given a stem of
their own.

A person reviews the list: a word of another meaning that a declaration could well say gets a
stem of its own in `text._STEMMED_AS` or stays whole (`text._UNSTEMMED`), with a test in
`tests/engines/matching/test_resolution.py`. The words left are rare in declarations
("journaliste", "alcoholism") or mean the same thing ("packaged", "irrigated").
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from wordfreq import top_n_list, zipf_frequency

from boucle.engines.matching import Declaration, load_knowledge
from boucle.engines.matching.resolve import resolve
from boucle.engines.matching.text import _STEMMED_AS, STOP_WORDS, analyse, stem, strip_accents

SENTENCES = {"fr": "Nous avons {} pour vous", "en": "We have {} for you"}
_ENDINGS = ("ees", "ee", "es", "s", "e", "x")  # a plural, a feminine: the same word


def _base(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _inflection(word: str, of: set[str], language: str) -> bool:
    if any(_base(word) == _base(other) for other in of):
        return True
    if language != "en":
        return False
    forms = {word + "ed", word + "d", word + "ing", word[:-1] + "ing"}
    return any(other in forms or word in {other + "ed", other + "d", other + "ing"} for other in of)


def collisions(top: int) -> list[tuple[float, str, str, str, str]]:
    """(frequency, language, word, family read, phrase words met), most frequent first."""
    knowledge = load_knowledge()
    one_word = {key[0] for key in knowledge.phrases.phrase_keys() if len(key) == 1}
    written: dict[tuple[str, str], set[str]] = defaultdict(set)  # (language, stem): words
    for resource in knowledge.resources.values():
        for language, names in (
            ("en", [resource.name_en, *resource.synonyms_en]),
            ("fr", [resource.name_fr, *resource.synonyms_fr]),
        ):
            for name in names:
                for word in analyse(name, language).words:
                    if word not in STOP_WORDS:
                        written[(language, stem(word, language))].add(word)
    found = []
    for language in ("fr", "en"):
        seen: set[str] = set()
        for listed in top_n_list(language, top):
            word = strip_accents(listed)
            if len(word) < 4 or not word.isalpha() or word in seen:
                continue
            seen.add(word)
            stemmed = stem(word, language)
            met = written.get((language, stemmed))
            if stemmed not in one_word or not met or word in met:
                continue
            if word in _STEMMED_AS[language]:
                continue  # reviewed: given a stem of its own on purpose
            if _inflection(word, met, language):
                continue
            sentence = Declaration(id="x", description=SENTENCES[language].format(word))
            families = resolve(sentence, knowledge, role="offer").families
            if families:
                found.append(
                    (
                        zipf_frequency(listed, language),
                        language,
                        word,
                        families[0].resource,
                        " ".join(sorted(met)[:5]),
                    )
                )
    found.sort(reverse=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/matching_stem_collisions.py")
    parser.add_argument("--top", type=int, default=60_000, help="most frequent words per language")
    args = parser.parse_args(argv)
    for frequency, language, word, family, met in collisions(args.top):
        print(f"{frequency:.2f}  {language}  {word:<20} {family:<50} {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
