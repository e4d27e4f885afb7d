"""Receivers' functional words: a need that names what its input does in its process, in its
trade's words ("un correcteur de cru", "a reducing agent for the blast furnace", "un
structurant pour le compostage"), read as the family the givers' materials fill, in French and
in English.

Each linked probe is a need, an offer of a material that fills the function as a giver would
name it, and a decoy that shares the setting but not the function: the knowledge base must link
the need to the offer (directly or by a substitution rule) and the engine rank it first. The
near misses use the same words in another sense and must not read the functional family. The
probes were written from the trades' vocabulary (JRC BREFs, EU feed and fertiliser law, ADEME
and NISP material), not from the evaluation cases.
"""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match
from boucle.engines.matching.resolve import Resolution, resolve

from .helpers import declarations, shipped_families

# A link at least this strong: a substitute, not a sibling the taxonomy alone relates (0.3).
LINK = 0.4


def _resolved(description: str, role: str, nace: str = "") -> Resolution:
    quoted = '"' + description.replace('"', '""') + '"'
    (declaration,) = declarations(f"x,,{nace},,,{quoted},,,,,")
    return resolve(declaration, load_knowledge(), role=role)


def link(need: str, offer: str, need_nace: str = "") -> float:
    """The strongest relation of the knowledge base between the offer's and the need's
    families."""
    knowledge = load_knowledge()
    needed = _resolved(need, "need", need_nace).families
    offered = _resolved(offer, "offer").families
    return max(
        (knowledge.compatibility(o.resource, n.resource)[0] for o in offered for n in needed),
        default=0.0,
    )


def ranked(need: str, *offers: str, need_nace: str = "") -> list[str]:
    """The ids of the offers proposed for one need, best first, those linked by a known
    relation only (no site, no quantity)."""
    rows = [f'o{i},Org {i},,,,"{text}",,,,,' for i, text in enumerate(offers)]
    (result,) = match(declarations(*rows), declarations(f'n,Buyer,{need_nace},,,"{need}",,,,,'))
    return [c.offer_id for c in result.candidates if not c.fallback]


# (name, need's NACE, need, partner, decoy)
LINKED = [
    # --- Cement and concrete: a partial cement replacement, calcined clay, kiln fuel
    (
        "partial-cement-replacement-fr",
        "23.63",
        "Nous recherchons un substitut partiel du ciment pour nos bétons bas carbone",
        "Laitier de haut fourneau granulé moulu",
        "Granulats recyclés de béton concassé",
    ),
    (
        "partial-cement-replacement-en",
        "23.61",
        "Looking for a partial replacement of cement in our precast mixes",
        "Dry coal fly ash stored in silos",
        "Crushed concrete aggregate 0/20",
    ),
    (
        "ground-brick-pozzolan-fr",
        "23.51",
        "Argile calcinée ou métakaolin pour nos ciments LC3",
        "Déchets de briques et tuiles broyés",
        "Sciure de bois de scierie",
    ),
    (
        "spent-solvents-kiln-fuel-fr",
        "23.51",
        "Combustible de substitution à haut PCI pour notre four à clinker",
        "Solvants usés non chlorés",
        "Cendres de chaudière biomasse",
    ),
    # --- Glass and ceramics: cullet, a flux, a calcareous filler, a temper
    (
        "broken-bottles-cullet-en",
        "23.13",
        "Furnace-ready cullet for our container glass furnace",
        "Sorted broken bottles, colour-separated",
        "Used glass wool insulation rolls",
    ),
    (
        "ceramic-flux-en",
        "23.31",
        "Fluxing agent for our ceramic body to lower firing temperature",
        "Glass powder from cullet fines",
        "Spent foundry sand",
    ),
    (
        "ceramic-flux-fr",
        "23.31",
        "Fondant céramique pour nos pâtes de grès cérame",
        "Calcin extra-blanc en fines, non valorisable en verrerie",
        "Sable de fonderie usagé",
    ),
    (
        "marble-dust-calcareous-filler-fr",
        "23.31",
        "Des charges minérales calcaires pour nos carreaux céramiques",
        "Poudre de marbre issue du sciage de nos blocs",
        "Sable de fonderie usagé",
    ),
    (
        "shells-carbonate-filler-en",
        "23.31",
        "Calcium carbonate filler for our floor tile body",
        "Crushed mussel shells, washed",
        "Spent foundry sand",
    ),
    (
        "brick-temper-fr",
        "23.32",
        "Dégraissant pour notre terre à briques",
        "Tuiles et briques cassées broyées",
        "Sciure de bois de scierie",
    ),
    # --- Steel: a reducing agent, foaming carbon, a ferrous charge, a flux
    (
        "plastics-reducing-agent-fr",
        "24.10",
        "Agent réducteur pour le haut fourneau, en substitution du coke",
        "Déchets plastiques mélangés non recyclables",
        "Ferrailles de démolition",
    ),
    (
        "tyres-reducing-agent-en",
        "24.10",
        "Reducing agent for our electric arc furnace, to replace anthracite",
        "Shredded end-of-life tyres",
        "Used refractory bricks from the ladles",
    ),
    (
        "slag-foaming-fr",
        "24.10",
        "Agent de moussage du laitier pour notre four électrique",
        "Pneus usagés broyés",
        "Briques réfractaires usagées",
    ),
    (
        "ferrous-charge-fr",
        "24.10",
        "Charge ferreuse pour notre four à arc électrique",
        "Chutes de tôle d'acier d'emboutissage",
        "Chutes de profilés aluminium",
    ),
    (
        "ferrous-charge-en",
        "24.51",
        "Ferrous charge material for our induction furnaces",
        "Steel stamping offcuts",
        "Aluminium extrusion offcuts",
    ),
    (
        "blast-furnace-flux-fr",
        "24.10",
        "Fondant pour notre haut fourneau",
        "Poudre de marbre de sciage",
        "Chutes de cuivre",
    ),
    # --- Paper: long fibre
    (
        "kraft-long-fibre-fr",
        "17.12",
        "Fibres longues papetières pour nos papiers sacs",
        "Sacs kraft récupérés",
        "Chutes de coton de confection",
    ),
    (
        "kraft-long-fibre-en",
        "17.12",
        "Long fibre pulp for our sack paper machine",
        "Used kraft sacks, clean",
        "Cotton cutting waste",
    ),
    # --- Feed and insects: a rearing substrate, an energy feed
    (
        "insect-substrate-fr",
        "01.49",
        "Substrat végétal pour nos larves de mouches soldats noires",
        "Drêches de brasserie humides",
        "Restes de repas de cantine",
    ),
    (
        "mealworm-substrate-en",
        "01.49",
        "Feed substrate for our mealworm farm",
        "Wheat bran from our flour mill",
        "Canteen plate waste",
    ),
    (
        "dairy-energy-feed-fr",
        "01.41",
        "Source d'énergie pour la ration de nos vaches laitières",
        "Invendus de pain de la veille",
        "Chaleur fatale à 60 °C",
    ),
    # --- Extraction: collagen, keratin, chitin, pectin, polyphenols
    (
        "collagen-fish-skins-en",
        "10.89",
        "Source of collagen for our gelatine production",
        "Fish skins from our filleting line",
        "Poultry feathers",
    ),
    (
        "collagen-gelatine-fr",
        "10.89",
        "Matière première pour la gélatine",
        "Peaux de porc d'abattoir",
        "Plumes de volailles",
    ),
    (
        "keratin-feathers-fr",
        "20.14",
        "Source de kératine pour nos hydrolysats protéiques",
        "Plumes de volailles d'abattoir",
        "Peaux de porc d'abattoir",
    ),
    (
        "chitin-shells-en",
        "20.14",
        "Chitin source for our chitosan plant",
        "Shrimp shells from peeling",
        "Fish skins from filleting",
    ),
    (
        "pectin-apple-fr",
        "10.89",
        "Source de pectine pour notre usine",
        "Pulpe de pommes de notre cidrerie",
        "Drêches de brasserie",
    ),
    (
        "polyphenols-grape-fr",
        "20.42",
        "Matière première pour extraction de polyphénols",
        "Marc de raisin de notre cave",
        "Sciure de bois de scierie",
    ),
    # --- Plastics: chemical recycling
    (
        "chemical-recycling-en",
        "20.16",
        "Feedstock for our chemical recycling plant",
        "Non-recyclable mixed plastics",
        "Waste wood, class B",
    ),
    (
        "chemical-recycling-fr",
        "20.16",
        "Intrants pour recyclage chimique",
        "Plastiques en mélange non recyclables",
        "Bois de rebut classe B",
    ),
    # --- Composting, growing media, mulch
    (
        "bulking-agent-fr",
        "38.21",
        "Matériau structurant pour notre plateforme de compostage",
        "Broyat de déchets verts",
        "Boues de station d'épuration déshydratées",
    ),
    (
        "bulking-agent-en",
        "38.21",
        "Bulking agent for co-composting our sludge",
        "Shredded pallets, untreated",
        "Dewatered sewage sludge cake",
    ),
    (
        "growing-medium-en",
        "01.30",
        "Growing medium component for our nursery pots",
        "Green waste compost",
        "Crushed concrete",
    ),
    (
        "mulch-prunings-fr",
        "81.30",
        "Paillage pour nos massifs",
        "Broyat de branches",
        "Gravats de démolition",
    ),
    # --- Flue gas and effluent treatment: a sorbent, an acid
    (
        "fgd-sorbent-fr",
        "35.11",
        "Sorbant pour traitement des fumées (désulfuration)",
        "Chaux résiduaire",
        "Cendres volantes",
    ),
    (
        "fgd-sorbent-en",
        "35.11",
        "FGD sorbent for our boiler flue gas treatment",
        "Marble sawing dust",
        "Coal bottom ash",
    ),
    (
        "acidifier-co2-fr",
        "10.51",
        "Acidifiant pour neutraliser nos effluents alcalins",
        "CO2 de fermentation récupéré",
        "Soude usée de lavage",
    ),
    (
        "acidic-reagent-en",
        "11.07",
        "Acidic reagent to neutralise alkaline effluent from our bottle washers",
        "CO2 captured from our boiler flue gas, 95 % pure",
        "Spent caustic soda",
    ),
    # --- Kilns: a fuel, a silica or calcium source for the raw meal
    (
        "sawdust-lime-kiln-fuel-fr",
        "23.52",
        "Combustible pour notre four à chaux",
        "Sciure de bois sèche",
        "Briques réfractaires usagées",
    ),
    (
        "meat-and-bone-meal-kiln-fuel-fr",
        "23.51",
        "Combustible de substitution pour notre four à clinker",
        "Farines de viande et d'os de catégorie 1, en vrac",
        "Chutes de PVC rigide",
    ),
    (
        "silica-source-raw-meal-fr",
        "23.51",
        "Ajout pour le cru : source de silice",
        "Sable de fonderie usagé",
        "Chutes de PVC rigide",
    ),
    (
        "calcareous-raw-material-fr",
        "23.51",
        "Matière première calcique pour notre four à clinker",
        "Écumes de sucrerie",
        "Chutes de PVC rigide",
    ),
    # --- Fermentation and digestion: a culture medium, a fatty co-substrate, wine residues
    (
        "yeast-culture-medium-fr",
        "10.89",
        "Milieu de culture pour nos levures",
        "Mélasse de betterave",
        "Levures de brasserie usagées",
    ),
    (
        "pha-fermentation-medium-en",
        "20.16",
        "Fermentation medium for our PHA bioplastics plant",
        "Crude glycerol from biodiesel production",
        "PLA production scrap",
    ),
    (
        "fats-co-substrate-en",
        "35.21",
        "High methane yield co-substrate for our digester",
        "Fats, oils and grease from grease traps",
        "Wood chips from tree surgery",
    ),
    (
        "winery-residues-to-distil-fr",
        "11.01",
        "Matières vinicoles à distiller",
        "Marcs de raisin de notre pressoir",
        "Bouteilles en verre",
    ),
    # --- Feed, fillers, fibres, padding
    (
        "protein-aquafeed-fr",
        "10.91",
        "Matière première protéique pour l'aquaculture",
        "Farines d'insectes",
        "Eau chaude à 30 °C",
    ),
    (
        "filler-for-compounds-fr",
        "20.16",
        "Charge pour nos compounds plastiques",
        "Talc déclassé en big bags",
        "Chutes de bois",
    ),
    (
        "natural-fibre-reinforcement-fr",
        "22.29",
        "Renfort fibreux pour nos composites biosourcés",
        "Étoupes de lin",
        "Chutes de composites verre-polyester",
    ),
    (
        "cellulose-insulation-fr",
        "16.29",
        "Matière première pour ouate de cellulose",
        "Vieux journaux et magazines",
        "Chutes de laine de verre",
    ),
    (
        "padding-fr",
        "13.92",
        "Matière de rembourrage pour nos coussins",
        "Chutes textiles effilochées",
        "Chutes de cuir",
    ),
    # --- More trades: a cupola flux, an inerting gas, landfill cover, biochar and gasifier
    # feedstock, void fill, blasting abrasive, layers' calcium, stabilisation, pet food protein,
    # a digester's inoculum, a pellet binder, anode carbon
    (
        "cupola-flux-fr",
        "24.51",
        "Fondant pour notre cubilot",
        "Coquilles d'huîtres broyées",
        "Chutes de cuivre",
    ),
    (
        "inerting-gas-fr",
        "10.61",
        "Gaz d'inertage pour nos silos",
        "Azote excédentaire de notre unité de séparation d'air",
        "Silos métalliques d'occasion",
    ),
    (
        "daily-cover-fr",
        "38.21",
        "Matériau de couverture journalière pour notre ISDND",
        "Terres d'excavation inertes",
        "Films plastiques en balles",
    ),
    (
        "daily-cover-en",
        "38.21",
        "Daily cover material for our landfill",
        "Inert excavated soil",
        "Baled plastic film",
    ),
    (
        "biochar-feedstock-en",
        "20.15",
        "Feedstock for our biochar kiln",
        "Orchard prunings",
        "Scrap tyres",
    ),
    (
        "gasifier-biomass-en",
        "35.21",
        "Biomass for our gasifier",
        "Untreated waste wood, chipped",
        "Scrap tyres",
    ),
    (
        "void-fill-fr",
        "47.91",
        "Matériau de calage pour nos colis",
        "Cartons usagés broyés",
        "Films étirables usagés",
    ),
    (
        "blasting-abrasive-fr",
        "33.15",
        "Abrasif de sablage pour notre chantier naval",
        "Scories de cuivre granulées",
        "Chutes de câbles en cuivre",
    ),
    (
        "blasting-grit-en",
        "25.61",
        "Blasting abrasive for our surface preparation shop",
        "Granulated copper slag",
        "Copper cable scrap",
    ),
    (
        "layers-calcium-fr",
        "01.47",
        "Source de calcium pour nos poules pondeuses",
        "Coquilles d'huîtres concassées",
        "Fientes de volailles",
    ),
    (
        "roof-tiles-pozzolan-en",
        "23.64",
        "Seeking a pozzolan for our lime mortars",
        "Crushed roof tiles",
        "Crushed concrete",
    ),
    (
        "stabilisation-reagent-en",
        "38.22",
        "Stabilisation reagent for our hazardous waste treatment",
        "Cement kiln dust",
        "Waste wood",
    ),
    (
        "petfood-protein-en",
        "10.92",
        "Protein for our pet food kibble",
        "Category 3 poultry by-products",
        "Used cooking oil",
    ),
    (
        "digester-inoculum-en",
        "35.21",
        "Seeding material / inoculum for our new digester start-up",
        "Digestate from a running plant",
        "Canteen food waste",
    ),
    (
        "pellet-binder-fr",
        "16.29",
        "Liant pour nos granulés de bois",
        "Amidon de maïs déclassé",
        "Cendres volantes",
    ),
    (
        "anode-carbon-fr",
        "24.42",
        "Carbone pour nos anodes",
        "Coke de pétrole calciné",
        "Calcin de verre plat",
    ),
    # --- The same functions in other words: sugars, lipids, a reductant, a basic amendment,
    # a base, larvae feedstock, plant matter to extract
    (
        "sugary-raw-material-en",
        "11.01",
        "Sugary raw material for our rum fermentation",
        "Cane molasses",
        "Empty glass bottles",
    ),
    (
        "lipid-feedstock-fr",
        "20.59",
        "Intrants lipidiques pour notre unité de biodiesel",
        "Huiles de friture usagées",
        "Déchets de cuisine de restaurant",
    ),
    (
        "ferrosilicon-wood-chips-en",
        "24.10",
        "Reductant for our ferrosilicon furnace",
        "Untreated wood chips",
        "Used refractory bricks",
    ),
    (
        "basic-amendment-en",
        "01.41",
        "Basic soil amendment for our acidic meadows",
        "Sugar beet factory lime",
        "Green waste compost",
    ),
    (
        "base-for-neutralising-en",
        "25.61",
        "Base for neutralising our acid rinse waters",
        "Spent caustic soda from bottle washing",
        "Rinse water from our plating line",
    ),
    (
        "insect-larvae-feedstock-en",
        "01.49",
        "Feedstock for our insect larvae (BSF)",
        "Vegetable trimmings from our packing line",
        "Canteen plate waste",
    ),
    (
        "cosmetic-extraction-en",
        "20.42",
        "Plant-based raw material for cosmetic extraction",
        "Grape pomace from our winery",
        "Empty glass jars",
    ),
    (
        "essential-oil-extraction-fr",
        "20.53",
        "Matière végétale pour extraction d'huiles essentielles",
        "Écorces d'agrumes issues du pressage",
        "Huiles moteur usagées",
    ),
    (
        "upcycled-botanicals-en",
        "20.42",
        "Active ingredient source for our cosmetics: upcycled botanicals",
        "Spent coffee grounds",
        "Plastic jars",
    ),
    (
        "tissue-furnish-en",
        "17.22",
        "Furnish for our tissue machine",
        "Sorted office paper",
        "Tissue machine felts, used",
    ),
    (
        "lightweight-aggregate-en",
        "23.61",
        "Lightweight aggregate for our blocks",
        "Expanded glass granules",
        "Glass fibre offcuts",
    ),
    # --- Oil and gas: water to hold the reservoir's pressure
    (
        "reservoir-injection-water-en",
        "06.10",
        "Water for reservoir pressure maintenance at our field",
        "Produced water from our oil separation",
        "Used drill pipes",
    ),
]


@pytest.mark.parametrize(
    ("need_nace", "need", "partner", "decoy"),
    [case[1:] for case in LINKED],
    ids=[case[0] for case in LINKED],
)
def test_a_functional_need_is_linked_to_what_fills_it(
    need_nace: str, need: str, partner: str, decoy: str
) -> None:
    assert link(need, partner, need_nace) >= LINK
    assert ranked(need, decoy, partner, need_nace=need_nace)[:1] == ["o1"]


# A functional phrase reads the family of the function first.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        (
            "Source de carbone externe pour la dénitrification",
            "material.chemical.denitrification_carbon",
        ),
        ("External carbon source for denitrification", "material.chemical.denitrification_carbon"),
        ("Agent réducteur pour le haut fourneau", "material.fuel.reducing_agent"),
        ("Slag foaming carbon for our EAF", "material.fuel.reducing_agent"),
        ("Structurant ligneux pour le co-compostage des boues", "material.organic.bulking_agent"),
        ("Compost bulking agent, woody, 0-80 mm", "material.organic.bulking_agent"),
        ("Acidifiant pour neutraliser nos effluents", "material.chemical.acidifying_agent"),
        ("Réactif de désulfuration pour nos fumées", "material.mineral.limestone"),
        ("Castine pour notre agglomération", "material.mineral.limestone"),
        ("Fondant céramique pour nos émaux", "material.glass.glass_powder"),
        ("Substitut de tourbe pour nos terreaux", "material.organic.soil_improver"),
        ("Waterflood water for our injectors", "water.wastewater.produced_water"),
        ("Source de soufre pour notre atelier d'acide sulfurique", "material.chemical.sulphur"),
        ("Adsorbant pour le traitement de l'air", "material.chemical.activated_carbon"),
        ("Modifiant pour bitume caoutchouc", "material.rubber.rubber_scrap"),
        ("Crumb rubber modifier for our asphalt plant", "material.rubber.rubber_scrap"),
        ("Carbon source to denitrify in our works", "material.chemical.denitrification_carbon"),
        ("Gaz d'inertage pour nos cuves de stockage", "material.chemical.industrial_gases"),
        ("Lipid feedstock for transesterification", "material.organic.biofuel_feedstock"),
    ],
)
def test_a_functional_phrase_reads_its_family(description: str, family: str) -> None:
    assert shipped_families(description, role="need")[:1] == [family]


# The same words in another sense must not read the functional family.
@pytest.mark.parametrize(
    ("description", "role", "family"),
    [
        (
            "Dégraissant industriel pour nettoyer nos sols d'atelier",
            "need",
            "material.mineral.ceramics",
        ),
        ("Réducteur de vitesse pour convoyeur à bande", "offer", "material.fuel.reducing_agent"),
        ("Motoréducteurs d'occasion", "offer", "material.fuel.reducing_agent"),
        (
            "Bulking agent for our sugar-free confectionery",
            "need",
            "material.organic.bulking_agent",
        ),
        ("Acidifiant alimentaire pour nos boissons", "need", "material.chemical.acidifying_agent"),
        (
            "Fibres longues de lin peignées pour notre filature",
            "need",
            "material.paper.recycled_fibre",
        ),
        ("Borne de charge pour véhicules électriques", "offer", "material.metal.ferrous_scrap"),
        ("Fondant pour brasage à l'étain", "need", "material.mineral.limestone"),
        ("Fondant routier pour le déneigement", "need", "material.mineral.limestone"),
        (
            "Water for injection (WFI) for our sterile production",
            "need",
            "water.wastewater.produced_water",
        ),
        (
            "Carbone actif pour la filtration de nos eaux",
            "need",
            "material.chemical.denitrification_carbon",
        ),
        ("Long fibre reinforced thermoplastic offcuts", "offer", "material.paper.recycled_fibre"),
        ("Matériel de recyclage de solvants", "offer", "material.plastic.mixed_plastics"),
        ("Garnissage réfractaire usagé de nos poches", "offer", "material.textile.offcuts"),
        (
            "Inertage de nos déchets amiantés par vitrification",
            "need",
            "material.chemical.industrial_gases",
        ),
        ("Calage de nos machines-outils", "need", "material.paper.cardboard"),
        ("Extraction hood for our kitchen", "offer", "material.organic.extraction_feedstock"),
        ("Spent activated charcoal from our air filters", "offer", "material.fuel.coal_petcoke"),
        ("Chutes de mousse de rembourrage", "offer", "material.textile.offcuts"),
        ("Huiles essentielles déclassées", "offer", "material.organic.extraction_feedstock"),
        ("Matériaux de couverture pour notre toiture", "need", "material.mineral.fill"),
        ("Source de fer pour nos porcelets", "need", "material.mineral.cement_raw_material"),
    ],
)
def test_the_same_words_in_another_sense_stay_apart(
    description: str, role: str, family: str
) -> None:
    assert family not in shipped_families(description, role=role)
