"""Textbook synergies, phrased independently in French and English: the true partner first.

Each probe is a need, the offer the literature pairs it with (Kalundborg, PNSI/NISP, ORÉE's
repertoire, Chertow's typology...) and near misses: offers that share its words but not its
resource ("heat exchangers for sale" for a heat need, "scrap tyres" for a scrap need). Every
near miss of every probe competes for every need, with no site and no quantity, so that only
what the engine knows of resources, and the words, decide; the partners of other probes compete
too but are not counted against it (digestate may serve a fertiliser need as well as sludge).
The need and its partner are written as two companies would write them, often in different
languages and never with the same phrase.

This is a curriculum for the knowledge base, not its measure: the measure is the real cases of
`benchmarks/data/matching`, which these probes were not written from.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest

from boucle.engines.matching import Declaration, load_knowledge, match
from boucle.engines.matching.declarations import parse_declarations

from .helpers import HEADER


@dataclass(frozen=True)
class Side:
    nace: str
    kind: str
    description: str
    ewc: str = ""


@dataclass(frozen=True)
class Probe:
    name: str
    need: Side
    partner: Side
    near_misses: tuple[Side, ...] = ()
    # Near misses of other probes that are fair partners of this need too (incinerator bottom
    # ash is road aggregate as well as steel slag is), so not counted against it.
    also_fine: tuple[str, ...] = ()
    # Why the engine still fails this probe, when it does (the test is then an expected failure,
    # not strict: a change elsewhere, such as a sector rule, may fix it).
    known_limit: str = ""


def need(nace: str, kind: str, description: str, ewc: str = "") -> Side:
    return Side(nace, kind, description, ewc)


offer = need

PROBES = (
    Probe(
        "fly-ash-to-ready-mix-concrete",
        need(
            "23.63",
            "material",
            "Recherchons un ajout pouzzolanique pour nos bétons prêts à l'emploi, "
            "en substitution partielle du ciment",
        ),
        offer(
            "35.11",
            "material",
            "Fly ash from our coal-fired units, dry, stored in silos",
            "10 01 02",
        ),
        (offer("35.30", "material", "Cendres sous foyer de notre chaudière bois", "10 01 01"),),
    ),
    Probe(
        "fly-ash-to-cement-in-english",
        need(
            "23.51",
            "material",
            "We need a pozzolanic addition to blend with clinker in our CEM II cements",
        ),
        offer(
            "35.11",
            "material",
            "Cendres volantes silico-alumineuses de la centrale, conformes EN 450",
        ),
        (
            offer(
                "38.21",
                "material",
                "Mâchefers d'incinération d'ordures ménagères maturés",
                "19 01 12",
            ),
        ),
    ),
    Probe(
        "fgd-gypsum-to-plasterboard",
        need(
            "23.62",
            "material",
            "Cherchons une source de sulfate de calcium pour notre usine de plaques de plâtre",
        ),
        offer(
            "35.11",
            "material",
            "Desulphurisation product from the wet limestone scrubber, moist",
            "10 01 05",
        ),
        (offer("43.31", "material", "Plaster renders and paint buckets from a renovation site"),),
    ),
    Probe(
        "spent-grain-to-cattle-feed",
        need(
            "01.41",
            "material",
            "Aliment riche en protéines pour nos vaches laitières, coproduits humides acceptés",
        ),
        offer("11.05", "material", "Brewers' spent grain, wet, collected daily", "02 07 04"),
        (offer("24.51", "material", "Spent foundry sand, bentonite bonded", "10 09 08"),),
    ),
    Probe(
        "sewage-sludge-to-farmland",
        need(
            "01.11",
            "material",
            "Looking for an organic fertiliser rich in phosphorus for our cereal fields",
        ),
        offer("37.00", "material", "Boues de STEP chaulées et hygiénisées, épandables", "19 08 05"),
        (offer("08.12", "material", "Boues de lavage des graviers, argileuses", "01 04 12"),),
    ),
    Probe(
        "incinerator-hot-water-to-district-heating",
        need("35.30", "energy", "Chaleur pour notre réseau de chaleur urbain, départ à 80 °C"),
        offer(
            "38.21",
            "energy",
            "Hot water at 90 °C recovered from the incinerator's flue gas condenser",
        ),
        (offer("28.25", "equipment", "Used plate heat exchangers for sale"),),
    ),
    Probe(
        "compressor-heat-to-greenhouse",
        need("01.13", "energy", "Chauffage de nos serres maraîchères l'hiver"),
        offer("20.11", "energy", "Low-grade waste heat from our air compressors, water at 45 °C"),
        (
            offer(
                "41.20",
                "material",
                "Greenhouse glass panes from a dismantled glasshouse",
                "17 02 02",
            ),
        ),
    ),
    Probe(
        "power-plant-cooling-water-to-fish-farm",
        need("03.22", "water", "Warm water for our tilapia fish farm, 25 °C ideal"),
        offer("35.11", "water", "Eaux de refroidissement tièdes (30 °C) rejetées par la centrale"),
        (offer("10.20", "material", "Déchets de poissons du filetage", "02 02 02"),),
    ),
    Probe(
        "fermentation-co2-to-greenhouse",
        need("01.13", "material", "CO2 pour enrichir l'atmosphère de nos serres de tomates"),
        offer(
            "20.14",
            "material",
            "Food-grade carbon dioxide, by-product of our bioethanol fermentation",
        ),
        (offer("84.25", "equipment", "Used CO2 fire extinguishers"),),
    ),
    Probe(
        "wood-waste-to-particleboard",
        need(
            "16.21", "material", "Bois de rebut broyé pour la fabrication de panneaux de particules"
        ),
        offer("16.24", "material", "Untreated wood waste from pallet repair, class A", "15 01 03"),
        (offer("82.11", "equipment", "Meubles de bureau en bois, bon état"),),
    ),
    Probe(
        "forest-chips-to-biomass-boiler",
        need("35.30", "energy", "Wood chips to fuel our biomass boiler"),
        offer("02.20", "material", "Plaquettes forestières issues de l'entretien des haies"),
        (offer("35.30", "material", "Wood ash from the boiler grate", "10 01 03"),),
    ),
    Probe(
        "blast-furnace-slag-to-slag-cement",
        need(
            "23.51",
            "material",
            "Constituant pour ciments CEM III, en remplacement d'une partie du clinker",
        ),
        offer("24.10", "material", "Granulated blast furnace slag from the steelworks", "10 02 02"),
        (offer("23.99", "material", "Slag wool insulation offcuts", "17 06 04"),),
    ),
    Probe(
        "steel-slag-to-road-base",
        need("42.11", "material", "Granulats pour couche de forme et sous-couche routière"),
        offer("24.10", "material", "EAF steel slag, weathered and crushed 0/31.5", "10 02 02"),
        (offer("77.32", "equipment", "Concrete mixer truck for hire"),),
        also_fine=("fly-ash-to-cement-in-english~0",),
    ),
    Probe(
        "claus-sulphur-to-acid-plant",
        need("20.13", "material", "Elemental sulphur feedstock for our sulphuric acid plant"),
        offer(
            "19.20",
            "material",
            "Soufre liquide récupéré par le procédé Claus de la raffinerie",
            "05 01 16",
        ),
        (offer("20.13", "material", "Sulfate de sodium déclassé en sacs"),),
    ),
    Probe(
        "incinerator-steam-to-chemical-plant",
        need("20.14", "energy", "Process steam at 20 bar for our reactors"),
        offer("38.21", "energy", "Vapeur surchauffée produite par l'usine d'incinération"),
        (offer("28.29", "equipment", "Nettoyeur vapeur industriel d'occasion"),),
    ),
    Probe(
        "treated-effluent-to-cooling-towers",
        need("19.20", "water", "Eau d'appoint pour nos tours aéroréfrigérantes"),
        offer("37.00", "water", "Tertiary-treated effluent from the municipal wastewater plant"),
        (offer("10.51", "water", "Raw dairy wastewater to be treated, high COD"),),
    ),
    Probe(
        "pp-regrind-to-injection-moulding",
        need("22.29", "material", "Recycled PP granules for our injection moulding presses"),
        offer(
            "22.22",
            "material",
            "Broyat de PP issu de nos rebuts de production, propre et trié",
            "07 02 13",
        ),
        (offer("22.29", "equipment", "Moules d'injection usagés à vendre"),),
        also_fine=("big-bags-reused~0",),
    ),
    Probe(
        "bottle-cullet-to-glassworks",
        need("23.13", "material", "Calcin pour notre four verrier (bouteilles)"),
        offer(
            "38.32", "material", "Crushed container glass from bottle bank collection", "15 01 07"
        ),
        (offer("43.29", "material", "Laine de verre de déconstruction", "17 06 04"),),
        also_fine=("compressor-heat-to-greenhouse~0",),  # flat glass suits a bottle furnace
    ),
    Probe(
        "used-oil-to-re-refinery",
        need(
            "19.20",
            "material",
            "We re-refine used lubricants into base oil: looking for waste oil",
            "13 02 05*",
        ),
        offer("45.20", "material", "Huiles de vidange de notre atelier mécanique", "13 02 05*"),
        (offer("45.20", "material", "Filtres à huile usagés", "16 01 07*"),),
    ),
    Probe(
        "spent-solvent-to-regeneration",
        need(
            "20.59",
            "material",
            "Solvants usés à régénérer par distillation (acétone, IPA), déchets dangereux acceptés",
        ),
        offer("18.12", "material", "Spent acetone from cleaning of printing presses", "14 06 03*"),
        (offer("25.61", "material", "Solvent-based paint sludge", "08 01 13*"),),
    ),
    Probe(
        "whey-to-pig-feed",
        need("01.46", "material", "Aliment liquide pour l'engraissement de nos porcs"),
        offer("10.51", "material", "Sweet whey from cheese making, pumpable", "02 05 01"),
        (offer("10.51", "water", "Eaux blanches de nettoyage de la fromagerie"),),
    ),
    Probe(
        "canteen-waste-to-digester",
        need("35.21", "material", "Intrants pour notre méthaniseur"),
        offer("56.29", "material", "Source-separated canteen food waste", "20 01 08"),
        (offer("28.21", "equipment", "Biogas boiler for sale, 200 kW"),),
    ),
    Probe(
        "srf-to-cement-kiln",
        need("23.51", "material", "Alternative fuel for our cement kiln, shredded and calibrated"),
        offer("38.21", "material", "CSR issu du tri de DIB, PCI 18 MJ/kg", "19 12 10"),
        (offer("23.51", "material", "Poussières de four à ciment", "10 13 06"),),
    ),
    Probe(
        "pallets-reused",
        need("52.10", "equipment", "Palettes Europe d'occasion pour nos expéditions"),
        offer("46.90", "equipment", "Used wooden pallets, 1200x800, good condition"),
        (offer("46.90", "material", "Pallet stretch wrap film, clear", "15 01 02"),),
    ),
    Probe(
        "steel-offcuts-to-electric-arc-furnace",
        need("24.10", "material", "Ferraille pour notre four électrique"),
        offer("25.50", "material", "Steel offcuts and turnings from our press shop", "12 01 01"),
        (offer("45.32", "material", "Scrap car tyres", "16 01 03"),),
        also_fine=(
            "tyres-to-rubber-crumb~0",
            "used-oil-to-re-refinery~0",
        ),
    ),
    Probe(
        "spent-catalyst-to-metal-recovery",
        need(
            "24.45",
            "material",
            "Spent catalysts containing nickel and molybdenum for metal recovery, "
            "hazardous waste accepted",
        ),
        offer("19.20", "material", "Catalyseurs usés d'hydrotraitement (NiMo)", "16 08 02*"),
        (
            offer(
                "19.20", "material", "Charbon actif usagé de la station de traitement", "19 09 04"
            ),
        ),
    ),
    Probe(
        "biomethane-to-truck-fleet",
        need("49.41", "energy", "Bio-CNG for our truck fleet"),
        offer("35.21", "energy", "Biométhane produit par notre unité de méthanisation"),
        (offer("35.21", "equipment", "Torchère de biogaz d'occasion"),),
    ),
    Probe(
        "idle-forklift-hired",
        need("52.10", "equipment", "Besoin d'un chariot élévateur pour trois mois"),
        offer("46.69", "equipment", "Idle forklift truck available for hire"),
        (offer("46.69", "material", "Used forklift traction batteries", "16 06 01*"),),
    ),
    Probe(
        "vacant-warehouse-for-storage",
        need("46.90", "space", "Looking for 500 m2 of covered storage space"),
        offer("68.20", "space", "Entrepôt de 800 m² inoccupé à louer"),
        (offer("46.90", "equipment", "Rayonnages d'entrepôt d'occasion"),),
    ),
    Probe(
        "laboratory-capacity-shared",
        need("10.51", "expertise", "Analyses microbiologiques de nos échantillons de production"),
        offer("72.19", "expertise", "Our accredited laboratory has spare capacity for analyses"),
        (offer("72.19", "equipment", "Used laboratory glassware and fume hood"),),
    ),
    Probe(
        "backhaul-for-regular-deliveries",
        need("10.89", "logistics", "Transport de palettes vers Paris chaque semaine"),
        offer("49.41", "logistics", "Empty return trips (backhaul) of our trucks"),
        (offer("45.11", "equipment", "Camion benne d'occasion à vendre"),),
    ),
    Probe(
        "chlor-alkali-hydrogen-to-buses",
        need("49.31", "energy", "Hydrogène pour nos bus à pile à combustible"),
        offer("20.13", "energy", "By-product hydrogen from our chlor-alkali electrolysis"),
        (offer("20.13", "material", "Off-spec hydrogen peroxide solution"),),
    ),
    Probe(
        "old-cardboard-to-board-mill",
        need("17.12", "material", "Recovered paper fibres for our board machine"),
        offer("47.11", "material", "Cartons d'emballage usagés en balles", "15 01 01"),
        (offer("17.12", "material", "Boues de désencrage papetières", "03 03 05"),),
        also_fine=("shared-cardboard-collection~0",),
    ),
    Probe(
        "digestate-to-crops",
        need("01.11", "material", "Organic fertiliser for our crops"),
        offer("35.21", "material", "Digestat de méthanisation agricole, normé", "19 06 06"),
        (offer("46.75", "material", "Sacs d'engrais vides", "15 01 02"),),
    ),
    Probe(
        "kiln-dust-to-acid-neutralisation",
        need("25.61", "material", "Alkaline reagent to neutralise our acid effluent"),
        offer("23.52", "material", "Poussières de four à chaux riches en CaO", "10 13 04"),
        (offer("20.13", "material", "Fûts de soude caustique vides", "15 01 10*"),),
    ),
    Probe(
        "tunnel-spoil-to-backfill",
        need("41.20", "material", "Remblai pour le nivellement d'un terrain"),
        offer("42.13", "material", "Clean excavated soil and rock from a tunnel dig", "17 05 04"),
        (offer("71.20", "expertise", "Soil testing laboratory services"),),
    ),
    Probe(
        "crushed-concrete-to-road-base",
        need("42.11", "material", "Recycled aggregates for a road base course"),
        offer("43.11", "material", "Gravats de béton concassés 0/31,5", "17 01 01"),
    ),
    Probe(
        "lng-cold-to-cold-store",
        need("10.52", "energy", "Froid négatif pour nos chambres froides"),
        offer("52.22", "energy", "Cold from LNG regasification, available all year"),
        (offer("46.69", "equipment", "Used cold room racking"),),
    ),
    Probe(
        "rainwater-to-park-irrigation",
        need("81.30", "water", "Water for irrigating our green spaces"),
        offer("52.10", "water", "Eaux pluviales de toiture stockées dans un bassin de 2000 m3"),
        (offer("46.69", "equipment", "Tuyaux d'irrigation goutte-à-goutte neufs"),),
    ),
    Probe(
        "condensate-to-boiler-feed",
        need("35.11", "water", "Boiler feedwater of high purity"),
        offer("10.81", "water", "Condensats de vapeur propres à 90 °C, retour possible"),
        (offer("35.30", "equipment", "Chaudière à vapeur d'occasion"),),
    ),
    Probe(
        "cutting-offcuts-to-fibre-recycling",
        need("13.99", "material", "Fibres textiles recyclées pour l'effilochage"),
        offer("14.13", "material", "Cotton offcuts from garment cutting", "04 02 22"),
        (offer("13.30", "material", "Expired textile dyes"),),
    ),
    Probe(
        "used-cooking-oil-to-biodiesel",
        need("20.59", "material", "Feedstock for our biodiesel plant: tallow or used cooking oil"),
        offer(
            "56.10",
            "material",
            "Huiles alimentaires usagées collectées en restauration",
            "20 01 25",
        ),
        (offer("45.20", "material", "Huile hydraulique usagée", "13 01 10*"),),
    ),
    Probe(
        "tyres-to-cement-kiln",
        need(
            "23.51", "material", "Combustibles de substitution à fort PCI pour notre four à clinker"
        ),
        offer(
            "45.32",
            "material",
            "End-of-life tyres, whole, from our tyre fitting centres",
            "16 01 03",
        ),
        (offer("22.11", "equipment", "Presse de vulcanisation pour pneus, d'occasion"),),
        also_fine=("steel-offcuts-to-electric-arc-furnace~0",),
    ),
    Probe(
        "iba-to-road-sub-base",
        need("42.11", "material", "Grave for the sub-base of a new industrial estate road"),
        offer(
            "38.21",
            "material",
            "Mâchefers d'incinération maturés et déferraillés, catégorie V",
            "19 01 12",
        ),
        (offer("42.11", "equipment", "Road roller for hire"),),
        also_fine=("fly-ash-to-cement-in-english~0",),
    ),
    Probe(
        "pickling-liquor-to-coagulant",
        need(
            "20.13",
            "material",
            "Iron chloride solutions, hazardous waste accepted, "
            "to make our ferric chloride coagulant",
        ),
        offer(
            "24.10",
            "material",
            "Bains de décapage usés à l'acide chlorhydrique, riches en fer",
            "11 01 05*",
        ),
        (offer("37.00", "material", "Boues de la déphosphatation physico-chimique", "19 08 14"),),
    ),
    Probe(
        "ammonium-sulphate-to-fertiliser-blender",
        need("20.15", "material", "Nitrogen and sulphur source for our compound fertilisers"),
        offer(
            "20.16",
            "material",
            "Sulfate d'ammonium cristallisé, coproduit de la fabrication du caprolactame",
        ),
        (offer("20.15", "equipment", "Épandeur d'engrais d'occasion"),),
    ),
    Probe(
        "molasses-to-yeast-plant",
        need("10.89", "material", "Sugar source for our baker's yeast fermentation"),
        offer("10.81", "material", "Mélasse de betterave, 48 % de sucres totaux", "02 04 99"),
        (offer("10.81", "material", "Terres de lavage des betteraves", "02 04 01"),),
    ),
    Probe(
        "glycerine-to-digester",
        need("35.21", "material", "Co-substrate to boost the methane yield of our digester"),
        offer("20.59", "material", "Glycérine brute issue de notre unité de biodiesel, 80 %"),
        (offer("20.59", "equipment", "Cuve inox de 30 m3 d'occasion"),),
        # Mouldy bread is food waste, a fair co-substrate.
        also_fine=("sugar-lime-to-fields~0", "day-old-bread-not-mouldy-to-pigs~0"),
    ),
    Probe(
        "wood-ash-to-acid-soils",
        need("01.11", "material", "Amendement basique pour remonter le pH de sols acides"),
        offer("35.30", "material", "Wood ash from our biomass heating plant", "10 01 03"),
        (offer("35.30", "material", "Sable de lit fluidisé de notre chaudière", "10 01 24"),),
        also_fine=(
            "fly-ash-to-ready-mix-concrete~0",
            "forest-chips-to-biomass-boiler~0",
        ),
    ),
    Probe(
        "sawdust-to-horse-bedding",
        need("01.43", "material", "Litière pour les boxes de nos chevaux"),
        offer("16.10", "material", "Dry sawdust and planer shavings from our sawmill", "03 01 05"),
        (offer("16.10", "equipment", "Used band saw"),),
    ),
    Probe(
        "paper-sludge-to-brickworks",
        need("23.32", "material", "Additif porogène pour nos briques (matière organique fine)"),
        offer(
            "17.12", "material", "Paper mill sludge, dewatered, from the deinking line", "03 03 05"
        ),
        (offer("17.12", "material", "Bobines de papier déclassées"),),
        also_fine=("old-cardboard-to-board-mill~0",),
    ),
    Probe(
        "biogas-to-boiler",
        need("10.51", "energy", "Gaz renouvelable pour remplacer le gaz naturel de nos chaudières"),
        offer(
            "37.00",
            "energy",
            "Raw biogas from our sludge digesters, 62 % methane, surplus in summer",
        ),
        (offer("37.00", "equipment", "Used gas holder membrane from our digester"),),
    ),
    Probe(
        "syngas-to-kiln-burner",
        need("23.52", "energy", "Combustible gazeux pour nos fours à chaux"),
        offer("20.14", "energy", "Surplus syngas and tail gas from our methanol unit"),
        (offer("20.14", "material", "Catalyseur de méthanol usé", "16 08 03"),),
    ),
    Probe(
        "data-centre-heat-to-swimming-pool",
        need("93.11", "energy", "Heating of our swimming pool water at 28 °C"),
        offer("63.11", "energy", "Chaleur des serveurs de notre data center, eau à 35 °C"),
        (offer("63.11", "equipment", "Serveurs informatiques réformés"),),
    ),
    Probe(
        "compressed-air-shared",
        need("25.62", "energy", "Air comprimé 7 bar pour nos machines, besoin ponctuel"),
        offer("22.22", "energy", "Spare compressed air capacity from our compressor station"),
        (offer("22.22", "material", "Compresseur d'air usagé pour pièces"),),
    ),
    Probe(
        "pv-roof-electricity",
        need("10.85", "energy", "Électricité locale et renouvelable pour notre atelier"),
        offer(
            "68.20", "energy", "Surplus solar electricity from the PV plant on our warehouse roof"
        ),
        (offer("68.20", "space", "Roof space available for solar panels"),),
        also_fine=("group-energy-purchase~0",),
    ),
    Probe(
        "rail-siding-shared",
        need("20.59", "logistics", "Accès à un embranchement ferroviaire pour expédier nos wagons"),
        offer(
            "52.21", "logistics", "Our private rail siding has free slots for third-party wagons"
        ),
        (offer("52.21", "equipment", "Used rail wagon wheels"),),
    ),
    Probe(
        "barge-capacity-shared",
        need("23.51", "logistics", "River transport of bulk clinker to our grinding plant"),
        offer("50.40", "logistics", "Capacité disponible sur nos barges fluviales, retour à vide"),
        (offer("50.40", "space", "Quai de déchargement à louer"),),
    ),
    Probe(
        "maintenance-skills-shared",
        need("10.11", "expertise", "Technicien de maintenance électrique à temps partagé"),
        offer("33.14", "expertise", "Our electrical maintenance team can take on outside work"),
        (offer("33.14", "equipment", "Armoires électriques déclassées"),),
    ),
    Probe(
        "safety-training-shared",
        need(
            "25.11", "expertise", "Training for our staff in forklift driving and working at height"
        ),
        offer(
            "85.59",
            "expertise",
            "Sessions de formation sécurité (CACES, travail en hauteur) ouvertes aux voisins",
        ),
        (offer("85.59", "space", "Salle de formation à louer"),),
    ),
    Probe(
        "vacant-land-for-storage-yard",
        need("42.11", "space", "Terrain pour stocker des matériaux de chantier pendant un an"),
        offer("68.20", "space", "Vacant industrial plot, 2 ha, fenced, hard standing"),
        (offer("68.20", "material", "Terre végétale excédentaire", "17 05 04"),),
    ),
    Probe(
        "ibc-reuse",
        need(
            "20.30", "material", "Cuves IBC 1000 L reconditionnées pour nos livraisons de peinture"
        ),
        offer("10.32", "material", "Empty food-grade IBCs, 1000 L, rinsed", "15 01 02"),
        (offer("10.32", "material", "Jus de fruits déclassé en vrac"),),
    ),
    Probe(
        "eps-to-recycler",
        need("22.21", "material", "Polystyrène expansé propre à recycler en billes"),
        offer(
            "47.54", "material", "Clean white EPS packaging from appliance deliveries", "15 01 02"
        ),
        (offer("47.54", "equipment", "Used fridges and washing machines", "20 01 36"),),
        also_fine=("fish-waste-to-fishmeal~0",),
    ),
    Probe(
        "vinasse-to-fields",
        need("01.11", "material", "Fertilisant potassique liquide pour nos betteraves"),
        offer("11.01", "material", "Concentrated vinasse from our beet distillery", "02 07 02"),
        (offer("11.01", "energy", "Vapeur basse pression de la distillerie"),),
    ),
    Probe(
        "shells-to-poultry-grit",
        need("10.91", "material", "Calcium carbonate source for our layer hen feed"),
        offer("10.20", "material", "Coquilles d'huîtres et de moules broyées", "02 02 02"),
        (offer("10.20", "material", "Eaux de cuisson des moules", ""),),
    ),
    Probe(
        "cardboard-to-animal-bedding",
        need("01.41", "material", "Alternative bedding for our cubicles instead of straw"),
        offer("47.11", "material", "Carton déchiqueté propre issu de nos réceptions", "15 01 01"),
        (offer("47.11", "equipment", "Broyeur de cartons d'occasion"),),
        also_fine=("shared-cardboard-collection~0",),
    ),
    Probe(
        "demineralised-water-surplus",
        need("21.20", "water", "Purified water for our cleaning-in-place circuits"),
        offer("35.11", "water", "Excédent d'eau déminéralisée de notre unité d'osmose inverse"),
        (offer("35.11", "equipment", "Membranes d'osmose inverse usagées"),),
    ),
    Probe(
        "mill-scale-to-clinker-iron-corrective",
        need("23.51", "material", "Matière première secondaire pour notre cru : apport de fer"),
        offer(
            "24.10",
            "material",
            "Mill scale from the hot rolling mill, oily fraction removed",
            "10 02 10",
        ),
        (offer("24.10", "equipment", "Rouleaux de laminoir usagés"),),
    ),
    Probe(
        "steam-to-evaporators",
        need("10.86", "energy", "Nous cherchons de la chaleur à 120 °C pour nos évaporateurs"),
        offer("20.14", "energy", "Surplus steam at 6 bar from our boiler house"),
        (offer("20.14", "water", "Purges de déconcentration des chaudières"),),
        also_fine=("vinasse-to-fields~0",),
    ),
    Probe(
        "chilled-water-to-server-room",
        need("63.11", "energy", "Cooling for our server room in summer"),
        offer("35.30", "energy", "Eau glacée excédentaire de notre réseau de froid urbain"),
        (offer("35.30", "equipment", "Groupe froid à vendre, 300 kW"),),
    ),
    Probe(
        "glycerine-to-denitrification",
        need(
            "37.00", "material", "External carbon source for denitrification in our treatment plant"
        ),
        offer("20.59", "material", "Glycérine brute de l'estérification d'huiles"),
        (offer("20.59", "material", "Huile de colza déclassée"),),
        also_fine=("used-cooking-oil-to-biodiesel",),
    ),
    Probe(
        "crates-reused",
        need("29.32", "equipment", "Emballages de transport réutilisables pour nos pièces"),
        offer("10.11", "equipment", "Stackable plastic crates, used, washed"),
        (offer("10.11", "material", "Broyat de caisses plastiques en PEHD", "15 01 02"),),
    ),
    Probe(
        "office-furniture-reused",
        need("85.59", "equipment", "Office furniture for our new premises"),
        offer(
            "64.19",
            "equipment",
            "Mobilier de bureau (bureaux, chaises, armoires) suite à déménagement",
        ),
        (offer("64.19", "space", "Plateau de bureaux de 300 m² à louer"),),
        also_fine=("meeting-room-shared~0",),
    ),
    Probe(
        "laptops-reused",
        need("85.59", "equipment", "Ordinateurs portables pour notre centre de formation"),
        offer("64.19", "equipment", "Refurbished laptops from our fleet renewal"),
        (offer("64.19", "material", "DEEE : unités centrales hors d'usage", "20 01 36"),),
    ),
    Probe(
        "cold-store-space",
        need("10.39", "logistics", "Stockage frigorifique temporaire de 50 palettes"),
        offer("52.10", "logistics", "Spare room in our chilled warehouse, 2-4 °C"),
        (offer("52.10", "equipment", "Cold room panels, dismantled"),),
    ),
    Probe(
        "shared-cardboard-collection",
        need("47.19", "logistics", "Mutualiser la collecte de nos cartons avec les voisins"),
        offer(
            "38.11",
            "logistics",
            "Our collection round for commercial waste has room for more pick-ups",
        ),
        (offer("38.11", "material", "Balles de carton triées", "15 01 01"),),
    ),
    Probe(
        "group-energy-purchase",
        need("25.62", "logistics", "Group purchasing of electricity with other SMEs"),
        offer(
            "94.11", "logistics", "Groupement d'achat d'énergie ouvert aux entreprises de la zone"
        ),
        (offer("35.11", "energy", "Électricité photovoltaïque excédentaire"),),
    ),
    Probe(
        "regulatory-support",
        need("20.59", "expertise", "Accompagnement pour notre dossier ICPE"),
        offer(
            "71.12",
            "expertise",
            "Environmental consultant offering permitting and compliance support",
        ),
        (offer("71.12", "expertise", "Energy audits for SMEs"),),
    ),
    Probe(
        "welder-lent",
        need("43.22", "equipment", "Welding machine needed for two weeks"),
        offer("25.11", "equipment", "Poste à souder disponible en prêt"),
        (offer("25.11", "material", "Chutes de soudure et électrodes usagées", "12 01 13"),),
    ),
    Probe(
        "big-bags-reused",
        need("08.12", "material", "Big bags pour conditionner nos granulats"),
        offer("20.16", "material", "Used FIBC bulk bags, 1 t, clean, single trip", "15 01 02"),
        (offer("20.16", "material", "Granulés de PP déclassés", "07 02 13"),),
    ),
    Probe(
        "foundry-sand-in-concrete",
        need("23.63", "material", "Substitute for natural sand in our concrete blocks"),
        offer("24.51", "material", "Sables de fonderie usagés à liant argileux", "10 09 08"),
        (offer("24.51", "equipment", "Sableuse d'occasion"),),
        # Spent fluidised-bed sand (10 01 24) is sand too: as fair a substitute as foundry sand.
        also_fine=("wood-ash-to-acid-soils~0", "wood-ash-potash-to-fertiliser~0"),
    ),
    Probe(
        "kiln-dust-to-soil-stabilisation",
        need("42.11", "material", "Liant pour le traitement des sols argileux de la plateforme"),
        offer("23.52", "material", "Lime kiln dust, high free lime", "10 13 04"),
        (offer("23.52", "material", "Briques réfractaires usagées du four", "16 11 04"),),
        also_fine=("srf-to-cement-kiln~0",),
    ),
    Probe(
        "sugar-lime-to-fields",
        need("01.11", "material", "Chaux pour chauler nos parcelles"),
        offer(
            "10.81", "material", "Sugar factory lime (carbonatation lime), 50 % CaCO3", "02 04 02"
        ),
        (offer("10.81", "material", "Pulpes de betteraves surpressées", "02 04 99"),),
    ),
    Probe(
        "rainwater-for-truck-washing",
        need("49.41", "water", "Water for washing our trucks"),
        offer("52.10", "water", "Eaux pluviales de toiture stockées en cuve de 500 m3"),
        (offer("52.10", "equipment", "Portique de lavage poids lourds d'occasion"),),
        also_fine=("treated-effluent-to-cooling-towers",),
    ),
    Probe(
        "condenser-heat-for-cleaning",
        need("10.13", "energy", "Hot water at 60 °C for cleaning our production lines"),
        offer(
            "52.10", "energy", "Chaleur récupérée sur les condenseurs de nos groupes frigorifiques"
        ),
        (offer("52.10", "equipment", "Condenseurs frigorifiques déposés"),),
    ),
    Probe(
        "one-way-pallets",
        need(
            "46.90",
            "equipment",
            "Nous recherchons des palettes perdues pour nos expéditions export",
        ),
        offer("10.89", "equipment", "One-way pallets, 1000x1200, in stacks of 20"),
        (offer("10.89", "material", "Film étirable usagé", "15 01 02"),),
    ),
    Probe(
        "topsoil-for-landscaping",
        need("81.30", "material", "Terre végétale pour un aménagement paysager"),
        offer(
            "41.20", "material", "Topsoil stripped from our construction site, 800 m3", "17 05 04"
        ),
        (offer("41.20", "material", "Gravats mélangés de chantier", "17 09 04"),),
        also_fine=("vacant-land-for-storage-yard~0",),
    ),
    Probe(
        "cables-to-copper-foundry",
        need("24.54", "material", "Copper feedstock for our foundry"),
        offer(
            "43.21",
            "material",
            "Câbles électriques dénudés et chutes de cuivre de chantier",
            "17 04 11",
        ),
        (offer("43.21", "material", "Gaines de câbles en PVC broyées", "17 02 03"),),
    ),
    Probe(
        "extrusion-scrap-to-remelter",
        need("24.42", "material", "Aluminium scrap for our remelting furnaces"),
        offer("25.11", "material", "Chutes d'extrusion en aluminium 6060, propres", "12 01 03"),
        (offer("25.11", "material", "Boues d'anodisation", "11 01 09*"),),
    ),
    Probe(
        "stretch-film-to-recycler",
        need("22.21", "material", "LDPE film for our washing and regranulation line"),
        offer("52.10", "material", "Films étirables usagés issus de nos déballages", "15 01 02"),
        (offer("52.10", "material", "Cerclages PET usagés", "15 01 02"),),
        also_fine=(
            "one-way-pallets~0",
            "digestate-to-crops~0",
        ),
    ),
    Probe(
        "refinery-takes-by-product-hydrogen",
        need("19.20", "material", "Hydrogène pour nos unités d'hydrodésulfuration"),
        offer("20.13", "material", "Hydrogen co-produced by our chlorate electrolysis, 99.9 %"),
        (offer("20.13", "material", "Spent brine from electrolysis", "06 03 14"),),
    ),
    Probe(
        "co2-to-beverages",
        need("11.07", "material", "Food-grade carbon dioxide for carbonating our soft drinks"),
        offer("10.81", "material", "CO2 de fermentation récupéré et liquéfié, qualité alimentaire"),
        (offer("11.07", "equipment", "Bouteilles de CO2 vides"),),
    ),
    Probe(
        "co2-to-concrete-curing",
        need("23.61", "material", "Captured CO2 to mineralise in our precast concrete curing"),
        offer("23.51", "material", "CO2 capté sur les fumées du four à clinker"),
        (offer("23.51", "material", "Poussières de by-pass du four", "10 13 06"),),
    ),
    Probe(
        "biogenic-co2-to-e-fuel",
        need("20.14", "material", "Unité d'e-méthanol en projet : carbone biogénique recherché"),
        offer("17.11", "material", "Kraft recovery boiler stack gas: biogenic carbon dioxide"),
        (
            offer("20.13", "material", "Carbon black from tyre pyrolysis"),
            offer("20.59", "material", "Charbon actif usagé de nos filtres à solvants"),
        ),
    ),
    Probe(
        "landfill-gas-to-chp",
        need("35.11", "energy", "Gaseous fuel for our CHP engines"),
        offer("38.21", "energy", "Biogaz capté sur notre installation de stockage de déchets"),
        (offer("38.21", "water", "Lixiviats de décharge à traiter", "19 07 03"),),
    ),
    Probe(
        "plasterboard-offcuts-to-plaster-plant",
        need("23.62", "material", "Recycled gypsum to blend with natural rock in our board line"),
        offer(
            "43.31", "material", "Chutes de plaques de plâtre propres de nos chantiers", "17 08 02"
        ),
        (offer("43.31", "material", "Seaux de peinture et d'enduit vides", "15 01 10*"),),
    ),
    Probe(
        "red-mud-to-cement",
        need("23.51", "material", "Iron and alumina corrective for our raw mix"),
        offer("24.42", "material", "Résidus de bauxite (boues rouges) filtrés", "01 03 09"),
        (offer("24.42", "material", "Crasses d'aluminium", "10 03 08*"),),
    ),
    Probe(
        "sawdust-to-pellet-mill",
        need("16.29", "material", "Raw material for our wood pellet press, dry and untreated"),
        offer(
            "31.09",
            "material",
            "Sciure et copeaux de bois massif non traité de notre atelier",
            "03 01 05",
        ),
        (offer("31.09", "material", "Chutes de panneaux mélaminés", "03 01 05"),),
    ),
    Probe(
        "bark-to-mulch",
        need("81.30", "material", "Paillage organique pour nos massifs"),
        offer("16.10", "material", "Bark from our debarking line", "03 01 01"),
        (offer("16.10", "equipment", "Écorceuse d'occasion"),),
    ),
    Probe(
        "manure-to-farm-digester",
        need("35.21", "material", "Effluents d'élevage pour notre unité de méthanisation agricole"),
        offer("01.46", "material", "Pig slurry, 6 % dry matter, 8,000 m3 a year", "02 01 06"),
        (offer("01.46", "material", "Aliment porcin périmé en sacs"),),
    ),
    Probe(
        "coffee-grounds-to-mushroom-farm",
        need("01.13", "material", "Substrat pour la culture de pleurotes"),
        offer(
            "56.10", "material", "Spent coffee grounds collected daily from our cafés", "20 01 08"
        ),
        (offer("56.10", "material", "Gobelets jetables en carton", "20 01 01"),),
    ),
    Probe(
        "fish-waste-to-fishmeal",
        need("10.20", "material", "Raw material for our fishmeal and fish oil plant"),
        offer(
            "10.20",
            "material",
            "Têtes, arêtes et viscères de poisson issus du filetage",
            "02 02 02",
        ),
        (offer("10.20", "material", "Polystyrène de caisses à poisson", "15 01 02"),),
        also_fine=("power-plant-cooling-water-to-fish-farm~0",),
    ),
    Probe(
        "pet-bottles-to-fibre",
        need("13.10", "material", "rPET flakes for our polyester staple fibre line"),
        offer(
            "38.32",
            "material",
            "Balles de bouteilles PET claires issues du centre de tri",
            "15 01 02",
        ),
        (offer("38.32", "material", "Balles de films PE en mélange", "15 01 02"),),
        also_fine=("stretch-film-to-recycler~0",),
    ),
    Probe(
        "pvc-windows-to-profiles",
        need("22.23", "material", "Recycled PVC compound for our window profile extrusion"),
        offer("43.32", "material", "Menuiseries PVC déposées, sans vitrage", "17 02 03"),
        (offer("43.32", "material", "Vitrages de menuiseries déposées", "17 02 02"),),
    ),
    Probe(
        "tyres-to-rubber-crumb",
        need("22.19", "material", "Used tyres to granulate into rubber crumb for sports surfaces"),
        offer("45.32", "material", "Pneus de poids lourds usagés, non rechapables", "16 01 03"),
        (offer("45.32", "material", "Jantes en acier", "16 01 17"),),
        also_fine=("steel-offcuts-to-electric-arc-furnace~0",),
    ),
    Probe(
        "used-clothing-to-insulation",
        need("23.99", "material", "Textile fibres for our recycled insulation panels"),
        offer("38.32", "material", "Vêtements usagés non réutilisables, en balles", "20 01 11"),
        (offer("38.32", "material", "Chaussures usagées", "20 01 10"),),
    ),
    Probe(
        "bread-to-brewery",
        need(
            "11.05", "material", "Pain invendu pour remplacer une partie du malt dans nos brassins"
        ),
        offer("47.24", "material", "Unsold bread from our bakeries, collected daily", "02 06 01"),
        (offer("47.24", "material", "Emballages plastiques de pains", "15 01 02"),),
    ),
    Probe(
        "conveyor-reused",
        need("08.12", "equipment", "Convoyeur à bande d'occasion pour notre carrière"),
        offer("10.81", "equipment", "Used belt conveyors, 800 mm, from a line dismantling"),
        (offer("10.81", "material", "Bandes transporteuses usagées en caoutchouc", "16 01 99"),),
    ),
    Probe(
        "tank-reused",
        need("20.59", "equipment", "Cuve de stockage inox de 20 m3"),
        offer("11.07", "equipment", "Stainless steel storage tank, 25 m3, decommissioned"),
        (offer("11.07", "material", "Déchets d'inox de démontage", "17 04 05"),),
        also_fine=("glycerine-to-digester~0",),
    ),
    Probe(
        "parking-shared",
        need("86.10", "space", "Places de stationnement pour notre personnel de nuit"),
        offer("47.11", "space", "Our car park is empty at night: 80 spaces available"),
        (offer("47.11", "equipment", "Barrières de parking d'occasion"),),
    ),
    Probe(
        "meeting-room-shared",
        need("62.01", "space", "Salle pour une réunion de 30 personnes, une fois par mois"),
        offer("64.19", "space", "Conference room for 40 people available on request"),
        (offer("64.19", "equipment", "Chaises et tables de réunion d'occasion"),),
        also_fine=("safety-training-shared~0",),
    ),
    Probe(
        "shared-security-guard",
        need("25.62", "expertise", "Gardiennage de nuit mutualisé avec les voisins de la zone"),
        offer("80.10", "expertise", "Night security patrols for business park sites"),
        (offer("80.10", "equipment", "Caméras de vidéosurveillance d'occasion"),),
    ),
    Probe(
        "shared-hr-staff",
        need("25.62", "expertise", "Un(e) responsable RH à temps partagé"),
        offer("78.20", "expertise", "Employers' group offering part-time HR managers"),
        (offer("78.20", "space", "Bureau à louer pour recrutement"),),
    ),
    Probe(
        "cooling-circuit-heat-to-office-heating",
        need(
            "70.10",
            "energy",
            "Nous voulons remplacer nos chaudières gaz pour le chauffage de nos bureaux",
        ),
        offer(
            "22.29",
            "energy",
            "Waste heat at 45 °C from the cooling circuit of our injection presses",
        ),
        (offer("22.29", "equipment", "Used gas boilers for sale"),),
    ),
    Probe(
        "quarry-dewatering-to-concrete-plant",
        need("23.63", "water", "Eau de gâchage pour notre centrale à béton, non potable acceptée"),
        offer("08.12", "water", "Pumped groundwater from our quarry pit, clear, 200 m3 a day"),
        (offer("08.12", "material", "Fines de lavage de la carrière", "01 04 12"),),
    ),
    Probe(
        "brine-to-road-deicing",
        need("84.11", "material", "Saumure ou sel pour le déneigement des routes communales"),
        offer(
            "20.13",
            "material",
            "Sodium chloride brine, by-product of our process, 20 % NaCl",
            "06 03 14",
        ),
        (offer("20.13", "material", "Acide chlorhydrique dilué", "06 01 02*"),),
        also_fine=("refinery-takes-by-product-hydrogen~0",),
    ),
    Probe(
        "fryer-oil-collected-for-biodiesel",
        need("20.59", "material", "Huiles de friture usagées pour notre unité d'estérification"),
        offer(
            "56.10",
            "material",
            "Used frying oil from our restaurant chain, 40 t a year",
            "20 01 25",
        ),
        (offer("56.10", "material", "Bacs de friteuses usagés en inox"),),
    ),
    Probe(
        "boiler-slag-to-asphalt",
        need("23.99", "material", "Fine aggregate for our asphalt mixes"),
        offer("35.11", "material", "Scories de chaudière à charbon, granulaires", "10 01 01"),
        (offer("35.11", "material", "Poussières de filtres de la chaudière", "10 01 04*"),),
    ),
    Probe(
        "surplus-electricity-to-neighbour",
        need("25.11", "energy", "Power supply for our new welding shop"),
        offer(
            "35.11", "energy", "Électricité produite par notre cogénération, excédent disponible"
        ),
        (offer("35.11", "equipment", "Transformateur électrique d'occasion"),),
        also_fine=("group-energy-purchase~0",),
    ),
    Probe(
        "incinerator-ash-metals-to-smelter",
        need("24.43", "material", "Non-ferrous concentrate for our secondary smelter"),
        offer(
            "38.21",
            "material",
            "Métaux non ferreux extraits des mâchefers par courants de Foucault",
            "19 01 02",
        ),
        (offer("38.21", "material", "Mâchefers bruts avant traitement", "19 01 12"),),
    ),
    Probe(
        "wood-ash-potash-to-fertiliser",
        need("20.15", "material", "Source de potassium pour nos engrais organo-minéraux"),
        offer("35.30", "material", "Fly ash from our wood-fired boiler, rich in K2O", "10 01 03"),
        (offer("35.30", "material", "Sable de décolmatage de la chaudière", "10 01 24"),),
    ),
    Probe(
        "textile-rags-to-workshops",
        need("29.20", "material", "Chiffons d'essuyage pour nos ateliers de mécanique"),
        offer("38.32", "material", "Cotton wiping rags cut from unsaleable clothing", "20 01 10"),
        (offer("38.32", "material", "Chiffons souillés d'huile", "15 02 02*"),),
    ),
    Probe(
        "aluminium-dross-to-recycler",
        need("24.42", "material", "Aluminium-bearing residues for our rotary salt furnace"),
        offer("24.53", "material", "Crasses d'aluminium de la fonderie", "10 10 03"),
        (offer("24.53", "material", "Sables de noyautage usagés", "10 10 08"),),
    ),
    Probe(
        "drilling-mud-to-treatment",
        need(
            "38.22",
            "material",
            "Nous traitons boues de forage et déblais de forage à l'eau pour les valoriser",
        ),
        offer("09.10", "material", "Spent water-based drilling mud and cuttings from our wells"),
        (
            offer("09.10", "equipment", "Used drill pipes and bits for sale"),
            offer("08.12", "material", "Boues de lavage des sables, argileuses", "01 04 12"),
        ),
    ),
    Probe(
        "clinical-waste-to-approved-incinerator",
        need(
            "38.21",
            "material",
            "DASRI à incinérer dans notre four agréé, collecte en conteneurs homologués",
        ),
        offer(
            "86.10",
            "material",
            "Infectious clinical waste and sharps from our wards, yellow bins",
            "18 01 03*",
        ),
        (
            offer("86.10", "equipment", "Lits médicalisés réformés"),
            offer(
                "86.10", "material", "Emballages souillés de produits de laboratoire", "15 01 10*"
            ),
        ),
    ),
    Probe(
        "boatyard-composites-to-cement-kiln",
        need(
            "38.32",
            "material",
            "Composite waste (GRP, carbon fibre) for our shredding line supplying cement kilns",
        ),
        offer("30.12", "material", "Chutes de stratifié polyester de notre chantier naval"),
        (
            offer("30.12", "equipment", "Moteurs hors-bord usagés à vendre"),
            offer("23.14", "material", "Rouleaux de laine de verre déclassés"),
        ),
    ),
    Probe(
        "plaster-moulds-to-cement",
        need("23.51", "material", "Sulfate de calcium pour réguler la prise de nos ciments"),
        offer("23.42", "material", "Used plaster moulds from our sanitaryware casting shop"),
        (offer("23.42", "material", "Tessons de céramique sanitaire cuite", "10 12 08"),),
        also_fine=("fgd-gypsum-to-plasterboard",),
    ),
    Probe(
        "biomethane-for-natural-gas",
        need(
            "23.13",
            "energy",
            "Natural gas for our glass furnaces; a local renewable supply is welcome",
        ),
        offer("35.21", "energy", "Biométhane épuré, injectable, produit par notre méthaniseur"),
        (offer("28.25", "equipment", "Chaudière gaz d'occasion, 2 MW"),),
    ),
    Probe(
        "raw-hides-to-tannery",
        need("15.11", "material", "Peaux brutes salées de bovins pour notre tannerie"),
        offer("10.11", "material", "Fresh cattle hides from our slaughter line, collected daily"),
        (offer("10.11", "material", "Blood and offal, category 3 material"),),
    ),
    Probe(
        "feathers-to-feather-meal",
        need("10.91", "material", "Poultry feathers to hydrolyse into feather meal"),
        offer("10.12", "material", "Plumes d'abattoir de volailles, humides, chaque jour"),
        (offer("10.12", "material", "Sang de volaille, matière de catégorie 3"),),
    ),
    Probe(
        "vine-prunings-to-biomass-boiler",
        need("35.30", "material", "Sarments et bois de taille broyés pour notre chaudière"),
        offer("01.21", "material", "Vine prunings, chipped after the winter pruning"),
        (
            offer("01.21", "material", "Marc de raisin frais après pressurage"),
            offer("81.30", "material", "Tontes de gazon fraîches"),
        ),
    ),
    Probe(
        "wine-corks-to-cork-granulate",
        need("16.29", "material", "Bouchons de liège usagés à broyer en granulés isolants"),
        offer("56.30", "material", "Used wine corks collected in our bars"),
        (
            offer("56.30", "material", "Empty wine bottles from the bars"),
            offer("22.22", "material", "Bouchons plastiques de bouteilles d'eau"),
        ),
    ),
    Probe(
        "dismantler-parts-to-garage",
        need("45.20", "equipment", "Pièces de réemploi pour les réparations de nos clients"),
        offer("38.31", "equipment", "Used car parts from dismantled vehicles: doors, headlights"),
        (
            offer("38.31", "material", "Car batteries, lead-acid", "16 06 01*"),
            offer("45.11", "equipment", "Véhicules d'occasion à vendre"),
        ),
    ),
    Probe(
        "flake-ice-to-trawlers",
        need("03.11", "energy", "Flake ice for our trawlers' fish holds, 5 t a day in season"),
        offer("10.20", "energy", "Glace en écailles excédentaire de notre machine à glace"),
        (
            offer("10.20", "material", "Têtes et arêtes de poisson"),
            offer("28.25", "equipment", "Machine à glace en panne, pour pièces"),
        ),
    ),
    Probe(
        "jewellers-sweeps-to-refiner",
        need("24.41", "material", "Balayures de bijouterie et déchets argentifères à affiner"),
        offer("32.12", "material", "Bench sweeps and polishing dust from our gold workshop"),
        (offer("32.12", "equipment", "Used polishing lathes for sale"),),
    ),
    Probe(
        "re-refined-base-oil-to-lubricant-blender",
        need("19.20", "material", "Huiles de base pour formuler nos lubrifiants industriels"),
        offer("38.32", "material", "Re-refined Group II base oil from our waste oil regeneration"),
        (offer("19.20", "material", "Paraffin wax off-cuts from candle making"),),
    ),
    Probe(
        "truck-sharing-for-harvest",
        need("01.11", "logistics", "Camions pour transporter nos betteraves pendant la campagne"),
        offer("49.41", "logistics", "Idle trucks and drivers in autumn, bulk tippers"),
        (offer("49.41", "equipment", "Bennes de camions usagées à vendre"),),
    ),
    # Round-3 knowledge gaps: resources named by what they are for, or by a trade's own word.
    Probe(
        "forest-residues-to-coal-cofiring",
        need(
            "35.11",
            "material",
            "Woody biomass to co-fire alongside coal, a few per cent of the mill feed",
        ),
        offer(
            "02.20",
            "material",
            "Houppiers et branches de nos coupes d'éclaircie, déchiquetés en bord de route",
        ),
        (
            offer("10.39", "material", "Épluchures de légumes, biomasse humide à méthaniser"),
            offer("35.11", "material", "Cendres sous foyer de la centrale charbon", "10 01 01"),
        ),
    ),
    Probe(
        "recycled-gypsum-to-plasterboard",
        need(
            "23.62",
            "material",
            "Gypse de substitution pour nos lignes de plaques, en mélange avec la pierre à plâtre",
        ),
        offer(
            "38.32",
            "material",
            "Plâtre recyclé en poudre, issu du tri de cloisons de démolition",
        ),
        (
            offer("38.32", "material", "Caoutchouc recyclé en granulés pour sols sportifs"),
            offer("38.32", "material", "Papier recyclé en balles, issu de vidages de bureaux"),
        ),
    ),
    Probe(
        "used-clothing-to-fibre-insulation",
        need(
            "16.29",
            "material",
            "Coton effiloché pour nos panneaux isolants, fabriqués à côté de la ouate de cellulose",
        ),
        offer(
            "47.79",
            "material",
            "Unsaleable donated clothes, worn or torn, baled by the tonne",
            "20 01 10",
        ),
        (
            offer("17.12", "material", "Vieux papiers et journaux en balles", "20 01 01"),
            offer("43.32", "material", "Chutes de laine de verre de chantier", "17 06 04"),
        ),
    ),
    Probe(
        "fermentation-co2-to-microalgae",
        need(
            "03.22",
            "material",
            "Carbon source for microalgae grown in our tubular photobioreactors",
        ),
        offer(
            "20.14",
            "material",
            "Gaz de fermentation alcoolique de nos cuves de bioéthanol, quasi pur",
        ),
        (
            offer("20.13", "material", "Spent activated carbon from our water filters"),
            offer("46.69", "equipment", "Photobioreactor glass tubes, surplus stock"),
        ),
    ),
    Probe(
        "spent-etchant-to-copper-salts",
        need(
            "20.13",
            "material",
            "Solutions cuivreuses pour notre atelier de sulfate de cuivre, déchets dangereux "
            "acceptés",
        ),
        offer("26.12", "material", "Spent cupric chloride etchant from our circuit-board line"),
        (offer("26.12", "equipment", "Machine de gravure de circuits imprimés d'occasion"),),
    ),
    Probe(
        "garden-shredder-not-office-shredder",
        need(
            "81.30",
            "equipment",
            "Appareil à louer pour réduire nos tailles de haies en paillage sur les chantiers",
        ),
        offer("77.39", "equipment", "Déchiqueteuse à branches sur remorque, location à la journée"),
        (
            offer("82.11", "equipment", "Destructeur de documents de bureau, grande capacité"),
            offer("77.39", "equipment", "Transformateur de chantier 400 V à louer"),
        ),
    ),
    # Round 4's classes in other words (shared loads, process equipment, coffee, kernels,
    # boxes, hot air up the stack): each fails on the engine before they were taught.
    Probe(
        "light-goods-share-a-heavy-load",
        need(
            "31.03",
            "logistics",
            "Our trailers of foam mattresses to Milan cube out at a quarter of their payload: "
            "we want a shipper of dense goods to share the lane",
        ),
        offer(
            "23.31",
            "logistics",
            "Carrelage expédié vers l'Italie en camions complets au poids mais à moitié vides en "
            "volume : complément de chargement possible avec des marchandises légères",
        ),
        (
            offer("45.11", "equipment", "Utilitaires 20 m3 d'occasion à vendre"),
            offer("52.10", "space", "Entrepôt de 3 000 m² à louer près de Lyon"),
        ),
    ),
    Probe(
        "brewhouse-for-a-microbrewery",
        need(
            "11.05",
            "equipment",
            "Microbrasserie cherche une salle de brassage complète de 10 hL (cuve d'empâtage, "
            "filtration, ébullition)",
        ),
        offer("11.05", "equipment", "Surplus 12 bbl two-vessel brewhouse, steam-fired, controls"),
        (
            offer("11.05", "equipment", "Three 40 bbl stainless fermenters, glycol jacketed"),
            offer("11.05", "material", "Spent grain from our mash tun, every brew day"),
        ),
    ),
    Probe(
        "espresso-grounds-to-a-biorefinery",
        need(
            "20.14",
            "material",
            "Wet spent espresso grounds wanted: we dry them, extract the oil and press the rest "
            "into fuel pellets and a filler",
        ),
        offer("56.30", "material", "Marc de café des percolateurs de nos bars, humide, en sacs"),
        (
            offer("23.99", "material", "Fines de dépoussiérage de centrale d'enrobage (filler)"),
            offer("10.81", "material", "Terres de lavage de betteraves, humides"),
        ),
    ),
    Probe(
        "apricot-kernels-to-a-cold-press-mill",
        need(
            "10.41",
            "material",
            "Huilerie cherche des amandons d'abricot pour pression à froid (huile vierge "
            "cosmétique)",
        ),
        offer("10.39", "material", "Apricot stones from our pitting line, dried, in bulk"),
        (
            offer("10.41", "material", "Huile de noix pressée à froid, lot déclassé"),
            offer("28.29", "equipment", "Presse hydraulique 300 t d'occasion"),
        ),
    ),
    Probe(
        "shipping-boxes-resold-for-reuse",
        need(
            "46.76",
            "material",
            "We buy back corrugated shipping boxes in good condition, sorted by size, to resell "
            "to online shops",
        ),
        offer(
            "10.89",
            "material",
            "Caisses américaines ouvertes proprement à la réception, tailles standard, sur "
            "palettes",
        ),
        (
            offer("20.30", "material", "Fûts métalliques 200 l vides"),
            offer("82.19", "material", "Papiers de bureau en mélange, en sacs"),
        ),
    ),
    Probe(
        "kiln-stack-air-to-a-heat-network",
        need(
            "35.30",
            "energy",
            "Town heat network at 90 °C looking for recoverable heat to burn less gas",
        ),
        offer(
            "23.32",
            "energy",
            "Air chaud des fours à briques rejeté à la cheminée, 300 °C, récupérable sur échangeur",
        ),
        (
            offer("28.25", "equipment", "Séchoir à air chaud d'occasion"),
            offer("28.25", "equipment", "Échangeur de chaleur à plaques d'occasion"),
        ),
    ),
    # Mouldy bread is unsafe as food or feed (Regulation 178/2002 Art. 14-15): a pig farm
    # takes yesterday's clean bread, a food bank the fit groceries, a digester the rest.
    Probe(
        "day-old-bread-not-mouldy-to-pigs",
        need("01.46", "material", "Pain sec et invendus de boulangerie pour nos porcs"),
        offer("47.24", "material", "Day-old loaves and rolls, unsold, collected every evening"),
        (offer("47.24", "material", "Pains et brioches moisis, retirés des rayons"),),
    ),
    Probe(
        "retired-stage-lighting-to-a-touring-company",
        need(
            "90.01",
            "equipment",
            "Compagnie de théâtre en tournée : nous cherchons des projecteurs et une console "
            "lumière d'occasion",
        ),
        offer(
            "90.04",
            "equipment",
            "Concert hall refit: our old stage lighting, dimmer racks and sound desk to give away",
        ),
        (
            offer("47.43", "equipment", "Enceintes Bluetooth grand public en fin de série"),
            offer("68.20", "equipment", "Luminaires LED de bureaux déposés lors d'une rénovation"),
        ),
    ),
    Probe(
        "struck-exhibition-stands-to-a-creative-reuse-centre",
        need(
            "47.79",
            "material",
            "Creative reuse centre: we collect sets and props after shows and sell the materials "
            "on to artists and schools",
        ),
        offer(
            "82.30",
            "material",
            "Stands de salon démontés en fin de foire : cloisons peintes, comptoirs, habillages",
        ),
        (
            offer("16.21", "material", "Papier décor imprégné déclassé, en rouleaux"),
            offer("82.30", "space", "Hall d'exposition disponible entre deux salons"),
        ),
    ),
)


def _csv(rows: list[list[str]]) -> list[str]:
    lines = [HEADER]
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(row)
        lines.append(buffer.getvalue())
    return lines


def _row(identifier: str, side: Side) -> list[str]:
    # No organisation: the probe's name would make its need and partner one organisation's.
    return [
        identifier,
        "",
        side.nace,
        side.kind,
        side.ewc,
        side.description,
        "",
        "",
        "",
        "",
        "",
    ]


def _pool() -> tuple[list[Declaration], list[Declaration]]:
    offers: list[list[str]] = []
    needs: list[list[str]] = []
    for probe in PROBES:
        needs.append(_row(probe.name, probe.need))
        offers.append(_row(probe.name, probe.partner))
        offers += [_row(f"{probe.name}~{i}", s) for i, s in enumerate(probe.near_misses)]
    return (
        parse_declarations(_csv(offers), file="offers.csv"),
        parse_declarations(_csv(needs), file="needs.csv"),
    )


@pytest.fixture(scope="module")
def rankings() -> dict[str, list[str]]:
    offers, needs = _pool()
    partners = {p.name for p in PROBES}
    fine = {p.name: set(p.also_fine) for p in PROBES}
    results = match(offers, needs, knowledge=load_knowledge(), top=len(offers))
    return {
        r.need_id: [
            c.offer_id
            for c in r.candidates
            if c.offer_id not in (partners | fine[r.need_id]) - {r.need_id}
        ]
        for r in results
    }


@pytest.mark.parametrize(
    "probe",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=False, reason=p.known_limit))
        if p.known_limit
        else p
        for p in PROBES
    ],
    ids=[p.name for p in PROBES],
)
def test_the_partner_ranks_first(probe: Probe, rankings: dict[str, list[str]]) -> None:
    assert rankings[probe.name][:1] == [probe.name], rankings[probe.name]


def test_probes_have_distinct_names() -> None:
    assert len({p.name for p in PROBES}) == len(PROBES)


def test_a_food_bank_is_offered_fit_food_before_rotten_food() -> None:
    # Spoiled food may not be given away (Regulation 178/2002 Art. 14); a digester takes it.
    offers = parse_declarations(
        _csv(
            [
                _row(
                    "rotten",
                    offer("47.11", "material", "Unsold produce gone rotten in a cold-room failure"),
                ),
                _row(
                    "fit",
                    offer("47.11", "material", "Invendus alimentaires à date courte, emballés"),
                ),
            ]
        ),
        file="offers.csv",
    )
    needs = parse_declarations(
        _csv(
            [
                _row(
                    "bank",
                    need(
                        "88.99", "material", "Food bank collecting unsold food for families in need"
                    ),
                ),
                _row("digester", need("35.21", "material", "Biodéchets pour notre méthaniseur")),
            ]
        ),
        file="needs.csv",
    )

    bank, digester = match(offers, needs, knowledge=load_knowledge())

    assert [c.offer_id for c in bank.candidates][:1] == ["fit"]
    assert [c.offer_id for c in digester.candidates][:1] == ["rotten"]


def _first_offers(offers: dict[str, Side], needs: dict[str, Side]) -> dict[str, list[str]]:
    """Each need's candidates, best first, among these offers alone."""
    offered = parse_declarations(
        _csv([_row(name, side) for name, side in offers.items()]), file="offers.csv"
    )
    needed = parse_declarations(
        _csv([_row(name, side) for name, side in needs.items()]), file="needs.csv"
    )
    results = match(offered, needed, knowledge=load_knowledge())
    return {r.need_id: [c.offer_id for c in r.candidates] for r in results}


def test_a_need_for_working_equipment_is_offered_a_working_one_first() -> None:
    ranked = _first_offers(
        {
            "broken": offer(
                "77.39", "equipment", "Chariot élévateur électrique 2 t, HS, batterie morte"
            ),
            "working": offer(
                "77.39", "equipment", "Electric forklift, 2 t, serviced, ready to use"
            ),
            "parts": offer("56.10", "equipment", "Commercial dishwasher sold for parts"),
            "dishwasher": offer("56.10", "equipment", "Lave-vaisselle professionnel à capot"),
        },
        {
            "warehouse": need(
                "52.10", "equipment", "We need a second-hand forklift for our warehouse"
            ),
            "canteen": need("56.29", "equipment", "Cantine cherche un lave-vaisselle d'occasion"),
            # Those who repair or take parts lose nothing by a machine out of order.
            "spares": need(
                "33.12",
                "equipment",
                "Atelier de réparation : chariots élévateurs à remettre en état",
            ),
        },
    )

    assert ranked["warehouse"][:1] == ["working"]
    assert ranked["canteen"][:1] == ["dishwasher"]
    assert ranked["spares"][:1] == ["broken"]


def test_a_need_that_refuses_broken_equipment_is_offered_a_working_one_first() -> None:
    ranked = _first_offers(
        {
            "broken": offer("77.39", "equipment", "Chariot élévateur électrique 2 t, HS"),
            "working": offer("77.39", "equipment", "Electric forklift, 2 t, serviced"),
        },
        {
            "denied": need(
                "52.10", "equipment", "Chariots élévateurs en état de marche, pas de matériel HS"
            ),
            "sites": need(
                "52.10", "equipment", "Forklifts spread across our sites, no broken units"
            ),
        },
    )

    assert ranked["denied"][:1] == ["working"]
    assert ranked["sites"][:1] == ["working"]


def test_a_scrap_dealer_is_offered_metal_items_going_for_scrap() -> None:
    ranked = _first_offers(
        {
            "trams": offer("49.31", "equipment", "Old tram car bodies, stripped, for scrap"),
            "lathe": offer("25.62", "equipment", "Tour parallèle d'occasion en état de marche"),
            "paper": offer("18.12", "material", "Scrap paper and trimmings from the print room"),
        },
        {"dealer": need("46.77", "material", "Négociant cherche ferrailles et métaux ferreux")},
    )

    assert ranked["dealer"][:1] == ["trams"]
    assert "paper" not in ranked["dealer"][:1]


def _vinasse_and_solid_distillery_residues() -> dict[str, Side]:
    return {
        "vinasse": offer("11.01", "material", "Vinasse de betterave concentrée, 60 % de MS"),
        "stillage": offer("10.89", "material", "Thin stillage from our yeast fermentation"),
        "ddgs": offer("11.01", "material", "Drêches de distillerie de blé humides"),
        "draff": offer("11.01", "material", "Draff and spent grains from our whisky distillery"),
        "straw": offer("11.01", "material", "Pailles de lavande distillées"),
    }


def test_a_liquid_potash_or_co_substrate_need_is_offered_vinasse_before_solid_residues() -> None:
    # Vinasse is liquid and potassium-rich (Regulation (EU) 2019/1009) and pumps into a
    # digester; draff and distillers' grains are solid feed with little potassium.
    ranked = _first_offers(
        _vinasse_and_solid_distillery_residues(),
        {
            "potash_fr": need("01.11", "material", "Engrais potassique liquide pour nos cultures"),
            "potash_en": need("01.11", "material", "Liquid potash fertiliser for our arable land"),
            "digester_fr": need("35.21", "material", "Co-substrat liquide pour notre méthaniseur"),
            "digester_en": need("35.21", "material", "Pumpable co-substrate for our digesters"),
        },
    )

    for name, offers in ranked.items():
        assert set(offers[:2]) == {"vinasse", "stillage"}, name


def test_a_feed_or_boiler_need_is_offered_solid_distillery_residues_before_vinasse() -> None:
    ranked = _first_offers(
        _vinasse_and_solid_distillery_residues(),
        {
            "cattle": need("01.42", "material", "Aliment humide pour nos taurillons"),
            "boiler": need("35.30", "material", "Biomass fuel for our district heating boiler"),
        },
    )

    for name, offers in ranked.items():
        assert offers[0] in ("ddgs", "draff", "straw"), name
        assert not {"vinasse", "stillage"} & set(offers[:2]), name


def _sulphuric_acid_offers() -> dict[str, Side]:
    return {
        "acid": offer(
            "24.44", "material", "Sulfuric acid 96 % from the smelter's off-gas acid plant"
        ),
        "acide": offer(
            "24.43", "material", "Acide sulfurique à 98 % du grillage du zinc, en wagons"
        ),
        "spent": offer("19.20", "material", "Spent sulfuric acid from our alkylation unit"),
        "sulphur": offer("19.20", "material", "Molten sulphur from the refinery's Claus units"),
        "soufre": offer("06.20", "material", "Soufre granulé issu du traitement du gaz acide"),
    }


def test_an_acid_buyer_is_offered_sulphuric_acid_before_the_sulphur_it_is_made_from() -> None:
    # Sulphur becomes acid only in a sulphur burner (0.9); sulphuric acid sold as a product is
    # what an acid buyer wants, and spent acid serves it less well (0.75): JRC BREF LVIC AAF.
    first = _first_offers(
        _sulphuric_acid_offers(),
        {
            "ph": need("17.12", "material", "Acide sulfurique pour corriger le pH des effluents"),
            "tall-oil": need(
                "17.11", "material", "We need sulfuric acid to split soap into tall oil"
            ),
        },
    )

    assert first["ph"][0] in ("acid", "acide"), first["ph"]
    assert first["tall-oil"][0] in ("acid", "acide"), first["tall-oil"]
    assert first["tall-oil"].index("spent") > first["tall-oil"].index("acide")


def test_a_sulphuric_acid_regenerator_is_offered_spent_acid_before_fresh_acid() -> None:
    first = _first_offers(
        _sulphuric_acid_offers(),
        {
            "regen": need(
                "20.13",
                "material",
                "Unité de régénération d'acide sulfurique : nous reprenons les acides usés",
            ),
            "spent-acid": need("20.13", "material", "Spent sulphuric acid wanted for our SAR unit"),
        },
    )

    assert first["regen"][0] == "spent", first["regen"]
    assert first["spent-acid"][0] == "spent", first["spent-acid"]


def test_an_alloy_named_by_its_grade_is_scrap_of_its_base_metal() -> None:
    # Machinists write the grade they cut: TA6V (Ti-6Al-4V, ASTM B348 grade 5) is titanium,
    # Inconel and Hastelloy are nickel superalloys, AU4G (duralumin) is aluminium. Titanium
    # is remelted into titanium ingots, not a source of nickel, cobalt or molybdenum.
    first = _first_offers(
        {
            "ta6v": offer("25.62", "material", "Tournures et chutes de TA6V, triées par nuance"),
            "inconel": offer("30.30", "material", "Inconel 718 offcuts and turnings, sorted"),
            "au4g": offer("25.62", "material", "Chutes de barres en AU4G de notre décolletage"),
            "steel": offer("25.62", "material", "Steel turnings from our lathes, drained"),
            "brass": offer("25.62", "material", "Copeaux de laiton triés"),
            "ti6al4v": offer("30.30", "material", "Ti6Al4V turnings and bar ends, cleaned"),
        },
        {
            "titanium": need(
                "24.45", "material", "Titanium scrap wanted for our remelting furnace"
            ),
            "superalliages": need(
                "24.45", "material", "Chutes de superalliages base nickel pour notre refusion"
            ),
            "alu": need("24.53", "material", "Aluminium scrap wanted for our casting alloys"),
            "titane": need(
                "24.45", "material", "Titane de récupération pour nos fours de refusion"
            ),
        },
    )

    assert first["titanium"][:2] in (["ta6v", "ti6al4v"], ["ti6al4v", "ta6v"]), first["titanium"]
    assert first["titane"][:2] in (["ta6v", "ti6al4v"], ["ti6al4v", "ta6v"]), first["titane"]
    assert first["superalliages"][0] == "inconel", first["superalliages"]
    assert first["alu"][0] == "au4g", first["alu"]
