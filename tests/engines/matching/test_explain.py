"""Reasons in words, in English and in French, and the message tables they come from."""

from __future__ import annotations

from string import Formatter

import pytest

from boucle.engines.matching import Candidate, match, match_reverse
from boucle.engines.matching.explain import _hazard_key
from boucle.engines.matching.messages import LANGUAGES, in_sentence, language

from .helpers import declarations, knowledge

NBSP = "\u00a0"  # French puts it before ":", ";", "%" and units, and between thousands

OFFERS = declarations(
    "fgd,Centrale Nord,35.11,material,10 01 05,Gypse DSG sec,80000,t,year,49.90,2.30",
    "offcuts,Démolition,,material,17 08 02,chutes de plaques de plâtre,5000,t,year,49.50,2.80",
    "heat,Fromagerie,,energy,,chaleur fatale à 45 °C,12000,MWh,year,49.91,2.31",
    "press,Atelier A,,equipment,,presse hydraulique d'occasion,1,unit,once,49.91,2.31",
)
NEEDS = declarations(
    "placo,Plâtrerie,23.62,material,,gypsum for our plasterboard plant,150000,t,year,49.92,2.32",
    "serre,Serres,01.13,energy,,chauffage de serres,20000,MWh,year,49.93,2.33",
    "presse,Atelier B,,material,,une presse,2,unit,once,49.93,2.33",
)


def candidate(need_id: str, offer_id: str, lang: str) -> Candidate:
    for result in match(OFFERS, NEEDS, top=5, knowledge=knowledge(), lang=lang):
        for found in result.candidates:
            if (found.need_id, found.offer_id) == (need_id, offer_id):
                return found
    raise AssertionError(f"{offer_id} is not a candidate of {need_id}")


def fr(text: str) -> str:
    """A French sentence written with "_" where it has a no-break space."""
    return text.replace("_", NBSP)


def test_the_french_reasons_of_fgd_gypsum_for_a_plasterboard_maker() -> None:
    best = candidate("placo", "fgd", "fr")

    assert best.reasons[:4] == (
        fr(
            "même famille de ressources_: gypse de désulfuration → gypse (matière première) "
            "(règle_: le gypse de désulfuration a la pureté du gypse naturel pour le plâtre et "
            "les plaques de plâtre (Eurogypsum))"
        ),
        fr(
            "usage du secteur_: fabrication d'éléments en plâtre pour la construction (23.62) "
            "utilise «_gypse (matière première)_»_: les fabricants de plaques de plâtre ont le "
            "gypse pour principale matière première (Eurogypsum)"
        ),
        fr("2,6_km"),
        fr("80_000_t/an proposées pour 150_000_t/an demandées_: couvre 53_%"),
    )


def test_the_same_pair_in_english_reads_as_before() -> None:
    best = candidate("placo", "fgd", "en")

    assert best.reasons[:4] == (
        "same resource family: FGD gypsum → gypsum raw material (rule: FGD gypsum has the "
        "purity of natural gypsum for plaster and plasterboard (Eurogypsum))",
        "sector use: manufacture of plaster products for construction purposes (23.62) uses "
        "gypsum raw material: plasterboard makers use gypsum as their main raw material "
        "(Eurogypsum)",
        "2.6 km",
        "80,000 t/year offered for 150,000 t/year needed: covers 53 %",
    )


def test_a_rule_without_a_french_rationale_gives_its_english_one() -> None:
    offcuts = candidate("placo", "offcuts", "fr")

    assert offcuts.reasons[0] == fr(
        "même famille de ressources_: déchets de plaques de plâtre → gypse (matière première) "
        "(règle_: recycled plasterboard gypsum replaces part of the raw gypsum (Eurogypsum))"
    )
    assert fr("5_000_t/an proposées pour 150_000_t/an demandées_: couvre 3_%") in offcuts.reasons


def test_french_participles_agree_with_the_unit() -> None:
    heat = candidate("serre", "heat", "fr")
    press = candidate("presse", "press", "fr")

    assert fr("12_000_MWh/an proposés pour 20_000_MWh/an demandés_: couvre 60_%") in heat.reasons
    assert (
        fr(
            "usage du secteur_: culture de légumes, de melons, de racines et de tubercules (01.13) "
            "utilise «_chaleur basse température_»_: les serres sont chauffées par de la chaleur "
            "basse température (ADEME)"
        )
        in heat.reasons
    )
    assert fr("1_unité/an proposée pour 2_unités/an demandées_: couvre 50_%") in press.reasons


def test_a_kind_mismatch_and_a_link_by_words_alone_are_said_in_both_languages() -> None:
    english = candidate("presse", "press", "en")
    french = candidate("presse", "press", "fr")

    assert english.reasons[1:5] == (
        "1 unit/year offered for 2 units/year needed: covers 50 %",
        "similar words: presse",
        "no known resource link: proposed for the words the two descriptions share",
        "different kinds: equipment offered, material needed (score halved)",
    )
    assert french.reasons[1:5] == (
        fr("1_unité/an proposée pour 2_unités/an demandées_: couvre 50_%"),
        fr("mots en commun_: presse"),
        fr(
            "aucun lien connu entre les ressources_: proposé pour les mots que les deux "
            "descriptions partagent"
        ),
        fr(
            "types différents_: offre de type équipement, besoin de type matière "
            "(score divisé par deux)"
        ),
    )


def test_the_last_reason_gives_the_part_each_criterion_took_in_the_score() -> None:
    english = candidate("placo", "fgd", "en")
    french = candidate("placo", "fgd", "fr")
    parts = english.parts

    assert english.reasons[-1] == (
        f"parts of the score {english.score:.2f}: resource {parts['resource']:.2f}, "
        f"distance {parts['distance']:.2f}, text {parts['text']:.2f}, "
        f"quantity {parts['quantity']:.2f}"
    )
    comma = {ord("."): ","}
    assert french.reasons[-1] == fr(
        f"parts du score {english.score:.2f}_: ressource {parts['resource']:.2f}_; "
        f"distance {parts['distance']:.2f}_; texte {parts['text']:.2f}_; "
        f"quantité {parts['quantity']:.2f}"
    ).translate(comma)
    assert french.parts == english.parts  # numbers and keys do not depend on the language
    assert french.score == english.score


@pytest.mark.parametrize(
    ("offer", "need", "english", "french"),
    [
        (
            "material.mineral.fly_ash",
            "material.mineral.cement_raw",
            "substitution: fly ash → cement raw material (rule: fly ash is a pozzolan that "
            "replaces part of the clinker (EN 450-1))",
            "substitution_: cendres volantes → matière première cimentière (règle_: les cendres "
            "volantes sont une pouzzolane qui remplace une partie du clinker (EN 450-1))",
        ),
        (
            "material.wood.sawdust",
            "material.wood",
            "same resource family: sawdust and shavings, a kind of wood",
            "même famille de ressources_: sciure et copeaux, de la famille bois",
        ),
        (
            "material.wood",
            "material.wood.sawdust",
            "broader resource: the offer (wood) includes the need (sawdust and shavings), "
            "to be checked",
            "ressource plus générale_: l'offre (bois) englobe le besoin (sciure et copeaux), "
            "à vérifier",
        ),
        (
            "material.mineral.fly_ash",
            "material.mineral.gypsum",
            "related resource: fly ash and gypsum raw material are of the same family "
            "(mineral material)",
            "ressource voisine_: cendres volantes et gypse (matière première) sont de la même "
            "famille (matière minérale)",
        ),
        ("water", "water", "same resource family: water", "même famille de ressources_: eau"),
        (
            "material",
            "material",
            "the need names no particular resource, only material: the offer (material) is one, "
            "to be checked",
            "le besoin ne nomme aucune ressource précise, seulement matière_: l'offre (matière) "
            "en relève, à vérifier",
        ),
        (
            # A need read only as the root: no family is shared, whatever is offered.
            "material.mineral.fly_ash",
            "material",
            "the need names no particular resource, only material: the offer (fly ash) is one, "
            "to be checked",
            "le besoin ne nomme aucune ressource précise, seulement matière_: l'offre (cendres "
            "volantes) en relève, à vérifier",
        ),
    ],
)
def test_every_relation_between_families_is_said_in_both_languages(
    offer: str, need: str, english: str, french: str
) -> None:
    base = knowledge()
    o, n = base.index[offer], base.index[need]

    assert base.relation(o, n, "en") == english
    assert base.relation(o, n, "fr") == fr(french)


def test_what_a_sector_produces_is_said_in_both_languages() -> None:
    base = knowledge()

    assert base.sector_reason("35.11", "material.mineral.gypsum.fgd", "produces") == (
        "sector output: production of electricity (35.11) produces FGD gypsum: coal power "
        "stations with FGD produce gypsum (Eurogypsum)"
    )
    assert base.sector_reason("35.11", "material.mineral.gypsum.fgd", "produces", "fr") == fr(
        "production du secteur_: production d'électricité (35.11) produit «_gypse de "
        "désulfuration_»_: coal power stations with FGD produce gypsum (Eurogypsum)"
    )


def test_a_hazardous_offer_and_an_unknown_site_in_french() -> None:
    offers = declarations("oil,Garage,,material,13 02 05*,huile de vidange,12,t,year,,")
    needs = declarations(
        "regen,Régénération,,material,,huiles usagées (déchets dangereux acceptés),,,,49.9,2.3"
    )

    (result,) = match(offers, needs, knowledge=knowledge(), lang="fr")

    reasons = result.candidates[0].reasons
    assert reasons[0] == fr("même famille de ressources_: huiles usagées")
    assert reasons[1] == "distance inconnue"
    assert "offre dangereuse, que le besoin déclare pouvoir accepter" in reasons


def test_the_reverse_direction_speaks_french_too() -> None:
    results = match_reverse(OFFERS, NEEDS, top=1, knowledge=knowledge(), lang="fr")

    fgd = next(r for r in results if r.offer_id == "fgd")
    assert fgd.candidates[0].need_id == "placo"
    assert fr("2,6_km") in fgd.candidates[0].reasons


def test_an_unknown_language_is_refused_before_any_work() -> None:
    with pytest.raises(ValueError, match=r"unknown language 'de' \(known: en, fr\)"):
        match(OFFERS, NEEDS, knowledge=knowledge(), lang="de")


@pytest.mark.parametrize(
    ("lang", "rate", "family", "expected"),
    [
        ("en", 80_000, "mass", "80,000 t/year"),
        ("en", 2.5, "energy", "2.5 MWh/year"),
        ("en", 0.25, "volume", "0.25 m3/year"),
        ("en", 1, "count", "1 unit/year"),
        ("en", 3, "count", "3 units/year"),
        ("fr", 80_000, "mass", fr("80_000_t/an")),
        ("fr", 1_234_567.8, "mass", fr("1_234_568_t/an")),
        ("fr", 2.5, "energy", fr("2,5_MWh/an")),
        ("fr", 0.25, "volume", fr("0,25_m³/an")),
        ("fr", 1.5, "count", fr("1,5_unité/an")),
        ("fr", 12, "pallet", fr("12_palettes/an")),
        ("en", 2_000, "area", "2,000 m2/year"),
        ("fr", 2_000, "area", fr("2_000_m²/an")),
    ],
)
def test_rates_are_written_the_way_each_language_writes_numbers(
    lang: str, rate: float, family: str, expected: str
) -> None:
    assert language(lang).rate(rate, family) == expected


def test_distances_and_percentages() -> None:
    english, french = language("en"), language("fr")

    assert (english.km(1.23), english.km(1234.4)) == ("1.2 km", "1,234 km")
    assert (french.km(1.23), french.km(1234.4)) == (fr("1,2_km"), fr("1_234_km"))
    assert (english.percent(0.533), french.percent(0.533)) == ("53 %", fr("53_%"))


def placeholders(message: str | tuple[str, str]) -> set[frozenset[str]]:
    forms = message if isinstance(message, tuple) else (message,)
    return {frozenset(name for _, name, _, _ in Formatter().parse(f) if name) for f in forms}


def test_every_language_has_the_same_messages_with_the_same_placeholders() -> None:
    english = LANGUAGES["en"].messages

    for code, lang in LANGUAGES.items():
        assert set(lang.messages) == set(english), code
        for key, message in lang.messages.items():
            assert placeholders(message) == placeholders(english[key]), (code, key)
            assert len(placeholders(message)) == 1, (code, key)  # both forms alike


def test_names_and_rationales_are_lowered_inside_a_sentence_but_not_acronyms() -> None:
    assert in_sentence("Gypse (sulfate de calcium)") == "gypse (sulfate de calcium)"
    assert in_sentence("FGD gypsum") == "FGD gypsum"
    assert in_sentence("PET bottles") == "PET bottles"
    assert in_sentence("CO2 from fermentation") == "CO2 from fermentation"
    assert in_sentence("L'évaporation du lactosérum") == "l'évaporation du lactosérum"


REVIEW_OFFERS = declarations(
    "compressor,A,,equipment,,compresseur d'air Atlas,1,unit,once,49.9,2.3",
    "chene,B,,material,,sciure de chêne séchée,10,t,year,49.9,2.3",
    "oil,G,,material,13 02 05*,huile de vidange,12,t,year,49.9,2.3",
    "almost,H,,material,,sciure,999,t,year,49.9,2.3",
)
REVIEW_NEEDS = declarations(
    "compresseur,B,,equipment,,compresseur,1,unit,once,49.91,2.31",
    "litiere,C,,material,,sciure séchée pour litière,5000,t,year,49.91,2.31",
    "vidange,D,,material,,huile de vidange,1,t,year,49.9,2.3",
    "panneaux,E,,material,,sciure,1000,t,year,49.9,2.3",
)


def review_reasons(need_id: str, offer_id: str, lang: str) -> tuple[str, ...]:
    for result in match(REVIEW_OFFERS, REVIEW_NEEDS, top=5, knowledge=knowledge(), lang=lang):
        for found in result.candidates:
            if (found.need_id, found.offer_id) == (need_id, offer_id):
                return found.reasons
    raise AssertionError(f"{offer_id} is not a candidate of {need_id}")


def test_shared_words_are_said_as_the_offer_writes_them_with_their_accents() -> None:
    assert fr("mots en commun_: sciure, séchée") in review_reasons("litiere", "chene", "fr")


def test_a_tiny_share_of_a_need_is_not_said_as_zero_and_a_near_total_not_as_all() -> None:
    tiny = review_reasons("litiere", "chene", "fr")
    almost = review_reasons("panneaux", "almost", "en")

    assert fr("10_t/an proposées pour 5_000_t/an demandées_: couvre moins de 1_%") in tiny
    assert "999 t/year offered for 1,000 t/year needed: covers 99 %" in almost


def test_a_family_link_too_weak_to_count_is_not_said_to_be_no_link() -> None:
    english = review_reasons("compresseur", "compressor", "en")
    french = review_reasons("compresseur", "compressor", "fr")

    assert english[0] == "same resource family: equipment"
    assert "no known resource link" not in " ".join(english)
    assert (
        "uncertain resource link (the descriptions say little of what they are): proposed "
        "mostly for the words they share"
    ) in english
    assert (
        fr(
            "lien incertain entre les ressources (les descriptions disent peu de ce qu'elles "
            "sont)_: proposé surtout pour les mots qu'elles partagent"
        )
        in french
    )


def test_a_hazardous_offer_to_a_need_for_that_hazardous_resource_is_not_said_accepted() -> None:
    # The need asks for used oil, which is hazardous waste, without saying it may take it.
    english = review_reasons("vidange", "oil", "en")
    french = review_reasons("vidange", "oil", "fr")

    assert (
        "hazardous offer, of the hazardous kind the need asks for: check that the receiver "
        "may take hazardous waste"
    ) in english
    assert (
        fr(
            "offre dangereuse, du type dangereux que le besoin demande_: vérifier que le receveur "
            "peut accepter des déchets dangereux"
        )
        in french
    )


@pytest.mark.parametrize(
    ("description", "need_hazardous", "key"),
    [
        ("huiles usagées, déchets dangereux acceptés", True, "hazardous"),
        ("huile de vidange", True, "hazardous.asked"),
        # A hazardous-waste treater (38.22), or a sector that typically takes the resource:
        ("lubrifiants à régénérer", False, "hazardous.sector"),
    ],
)
def test_why_a_need_may_take_a_hazardous_offer_is_said_the_way_it_was_decided(
    description: str, need_hazardous: bool, key: str
) -> None:
    assert _hazard_key(description, need_hazardous, takes_substance=False) == key


def test_an_offer_read_from_its_sector_alone_is_said_to_be_so() -> None:
    # "Solid residues of the plant" says nothing of gypsum: only the sector (35.11) does.
    offers = declarations("plant,Centrale,35.11,material,,résidus solides,1000,t,year,49.9,2.3")
    needs = declarations("placo,Plâtrerie,23.62,material,,gypse,1000,t,year,49.91,2.31")

    (english,) = match(offers, needs, knowledge=knowledge(), lang="en")
    (french,) = match(offers, needs, knowledge=knowledge(), lang="fr")

    assert english.candidates[0].reasons[1] == (
        "offer read as FGD gypsum from its sector (production of electricity, 35.11), not from "
        "its description or code: to be checked"
    )
    assert french.candidates[0].reasons[1] == fr(
        "offre lue comme «_gypse de désulfuration_» d'après son secteur (production "
        "d'électricité, 35.11), non d'après sa description ou son code_: à vérifier"
    )


def test_an_offer_that_says_what_it_is_is_not_said_read_from_its_sector() -> None:
    best = candidate("placo", "fgd", "en")

    assert not any(reason.startswith("offer read as") for reason in best.reasons)


def test_a_distance_under_a_hundred_metres_is_not_said_as_zero() -> None:
    english, french = language("en"), language("fr")

    assert (english.km(0.0), english.km(0.04)) == ("under 0.1 km", "under 0.1 km")
    assert french.km(0.0) == fr("moins de 0,1_km")
    assert english.km(0.06) == "0.1 km"
