"""Marketplace search at 100,000 published lots, on SQLite and PostgreSQL, in one run.

    python -m benchmarks.marketplace_search                  # both databases, 100,000 lots
    python -m benchmarks.marketplace_search --n 20000        # a quicker look
    python -m benchmarks.marketplace_search --database sqlite
    python -m benchmarks.marketplace_search --database-url postgres://postgres@127.0.0.1:5432/postgres

For each database, in a fresh process (SQLite in a temporary data directory; PostgreSQL in a
scratch database this script creates on the server of `--database-url` and drops at the end):

1. Migrates, then builds N published lots with `bulk_create`: French (three in four) and
   English titles and descriptions drawn from products of about fifty categories, brands,
   conditions, prices, stock and minimum orders, from 1,500 sellers (companies, associations,
   public bodies) each with a site in a commune of France drawn by population; one lot in two
   has a photo row. `search_text` is the real `boucle.marketplace.search.search_text`.
2. Latency of the search API as a full request (`GET /api/v1/marketplace/lots?q=..&near=..
   &radius_km=..`, through every middleware, JSON out, facet counts included) over a varied set
   of queries (words in French and English, with accents, plurals, a prefix; ten cities;
   20 to 100 km; some with a category, a condition, a price or another sort), median and p95;
   against, in the same run, a naive implementation answering the same request: `icontains`
   on title, description and brand per word, the haversine distance computed by the database
   for every open lot, one GROUP BY per facet, a COUNT, and the page.
3. Requests per second of the search page (`/marketplace/?q=..&near=..&radius_km=..`, the same
   queries in turn) served by gunicorn with 2 sync workers, as `boucle serve` runs it, loaded by
   `--clients` processes of this script for `--seconds` (keep-alive when the server offers it).

Goals (issue #3): p95 under 30 ms, at least 20 times faster than the scan, at least 400
requests per second. The load generator shares the machine's CPUs with gunicorn, as `wrk`
would.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import urllib.parse
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

SEED = 20_260_301
SELLERS = 1500
API = "/api/v1/marketplace/lots"
PAGE = "/marketplace/"
NAIVE = "/bench/naive-lots"

# Products by subcategory: (French names, English names). A title is a product name with a
# qualifier; a description mixes features, material, colour and terms.
PRODUCTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clothing.women": (
        ("Robes d'été", "Chemisiers en viscose", "Jeans femme", "Manteaux en laine"),
        ("Summer dresses", "Viscose blouses", "Women's jeans", "Wool coats"),
    ),
    "clothing.men": (
        ("Chemises homme", "Pulls en coton", "Vestes en jean", "Pantalons chino"),
        ("Men's shirts", "Cotton jumpers", "Denim jackets", "Chino trousers"),
    ),
    "clothing.children": (
        ("Tee-shirts enfant", "Pyjamas enfant", "Doudounes enfant"),
        ("Children's t-shirts", "Kids' pyjamas", "Children's puffer jackets"),
    ),
    "clothing.workwear": (
        ("Vêtements de travail", "Gilets haute visibilité", "Combinaisons de travail"),
        ("Workwear jackets", "High-visibility vests", "Work overalls"),
    ),
    "clothing.household-linen": (
        ("Draps housse", "Serviettes de bain", "Nappes en lin"),
        ("Fitted sheets", "Bath towels", "Linen tablecloths"),
    ),
    "footwear.city": (
        ("Chaussures de ville", "Bottines en cuir", "Mocassins"),
        ("Leather shoes", "Ankle boots", "Loafers"),
    ),
    "footwear.sports": (
        ("Baskets running", "Chaussures de randonnée"),
        ("Running shoes", "Hiking boots"),
    ),
    "footwear.safety": (
        ("Chaussures de sécurité", "Bottes de sécurité"),
        ("Safety shoes", "Safety boots"),
    ),
    "furniture.office": (
        ("Bureaux", "Caissons de bureau", "Tables de réunion", "Bureaux assis-debout"),
        ("Office desks", "Pedestal drawers", "Meeting tables", "Standing desks"),
    ),
    "furniture.seating": (
        ("Chaises de bureau", "Fauteuils", "Chaises empilables", "Tabourets"),
        ("Office chairs", "Armchairs", "Stacking chairs", "Stools"),
    ),
    "furniture.storage": (
        ("Étagères métalliques", "Armoires de bureau", "Rayonnages", "Casiers vestiaires"),
        ("Metal shelves", "Office cupboards", "Racking", "Lockers"),
    ),
    "furniture.home": (
        ("Canapés", "Tables basses", "Commodes"),
        ("Sofas", "Coffee tables", "Chests of drawers"),
    ),
    "furniture.outdoor": (
        ("Salons de jardin", "Parasols", "Transats"),
        ("Garden sets", "Parasols", "Deckchairs"),
    ),
    "furniture.shop-fittings": (
        ("Présentoirs", "Gondoles de magasin", "Mannequins", "Comptoirs"),
        ("Display stands", "Shop gondolas", "Mannequins", "Counters"),
    ),
    "furniture.lighting": (
        ("Lampes de bureau", "Lampadaires", "Suspensions"),
        ("Desk lamps", "Floor lamps", "Pendant lights"),
    ),
    "it.computers": (
        ("Ordinateurs portables", "Ordinateurs de bureau", "Tablettes", "Serveurs"),
        ("Laptops", "Desktop computers", "Tablets", "Servers"),
    ),
    "it.screens": (
        ("Écrans 24 pouces", "Écrans 27 pouces", "Moniteurs"),
        ("24-inch monitors", "27-inch screens", "Displays"),
    ),
    "it.phones": (
        ("Téléphones portables", "Smartphones", "Téléphones fixes"),
        ("Mobile phones", "Smartphones", "Desk phones"),
    ),
    "it.peripherals": (
        ("Claviers", "Souris sans fil", "Imprimantes", "Stations d'accueil"),
        ("Keyboards", "Wireless mice", "Printers", "Docking stations"),
    ),
    "it.networking": (
        ("Switchs réseau", "Routeurs wifi", "Bornes wifi"),
        ("Network switches", "Wifi routers", "Access points"),
    ),
    "it.audio-video": (
        ("Casques audio", "Vidéoprojecteurs", "Enceintes"),
        ("Headphones", "Projectors", "Speakers"),
    ),
    "it.components": (
        ("Câbles HDMI", "Disques durs", "Barrettes mémoire"),
        ("HDMI cables", "Hard drives", "Memory modules"),
    ),
    "appliances.large": (
        ("Lave-linge", "Réfrigérateurs", "Lave-vaisselle", "Congélateurs"),
        ("Washing machines", "Fridges", "Dishwashers", "Freezers"),
    ),
    "appliances.small": (
        ("Bouilloires", "Cafetières", "Aspirateurs", "Grille-pain"),
        ("Kettles", "Coffee makers", "Vacuum cleaners", "Toasters"),
    ),
    "appliances.kitchen": (
        ("Fours micro-ondes", "Plaques de cuisson", "Hottes"),
        ("Microwave ovens", "Hobs", "Cooker hoods"),
    ),
    "appliances.professional": (
        ("Fours professionnels", "Trancheuses", "Vitrines réfrigérées"),
        ("Commercial ovens", "Meat slicers", "Refrigerated displays"),
    ),
    "building.tiles": (
        ("Carrelage grès cérame", "Faïence murale", "Parquet stratifié"),
        ("Porcelain tiles", "Wall tiles", "Laminate flooring"),
    ),
    "building.timber": (
        ("Panneaux OSB", "Planches de pin", "Contreplaqué"),
        ("OSB boards", "Pine planks", "Plywood sheets"),
    ),
    "building.insulation": (
        ("Laine de verre", "Plaques de plâtre", "Isolant polystyrène"),
        ("Glass wool", "Plasterboard", "Polystyrene insulation"),
    ),
    "building.plumbing": (
        ("Robinets mitigeurs", "Lavabos", "Tubes cuivre"),
        ("Mixer taps", "Washbasins", "Copper pipes"),
    ),
    "building.electrical": (
        ("Câbles électriques", "Disjoncteurs", "Prises murales"),
        ("Electrical cables", "Circuit breakers", "Wall sockets"),
    ),
    "building.paint": (
        ("Pots de peinture", "Rouleaux de peinture", "Enduits"),
        ("Paint tins", "Paint rollers", "Fillers"),
    ),
    "building.tools": (
        ("Perceuses visseuses", "Scies circulaires", "Meuleuses", "Caisses à outils"),
        ("Cordless drills", "Circular saws", "Angle grinders", "Toolboxes"),
    ),
    "building.hardware": (
        ("Vis inox", "Charnières", "Serrures"),
        ("Stainless screws", "Hinges", "Door locks"),
    ),
    "building.joinery": (
        ("Portes intérieures", "Fenêtres PVC", "Volets roulants"),
        ("Interior doors", "PVC windows", "Roller shutters"),
    ),
    "office.paper": (
        ("Ramettes de papier", "Cahiers", "Enveloppes"),
        ("Reams of paper", "Notebooks", "Envelopes"),
    ),
    "office.writing": (
        ("Stylos bille", "Surligneurs", "Feutres"),
        ("Ballpoint pens", "Highlighters", "Markers"),
    ),
    "office.filing": (
        ("Classeurs", "Boîtes d'archives", "Pochettes"),
        ("Ring binders", "Archive boxes", "Folders"),
    ),
    "office.printing": (("Cartouches d'encre", "Toners laser"), ("Ink cartridges", "Laser toners")),
    "office.school": (
        ("Cartables", "Trousses", "Calculatrices"),
        ("School bags", "Pencil cases", "Calculators"),
    ),
    "beauty.skincare": (
        ("Crèmes hydratantes", "Savons surgras", "Gels douche"),
        ("Moisturising creams", "Soaps", "Shower gels"),
    ),
    "beauty.haircare": (
        ("Shampooings", "Après-shampooings", "Masques capillaires"),
        ("Shampoos", "Conditioners", "Hair masks"),
    ),
    "beauty.makeup": (
        ("Rouges à lèvres", "Mascaras", "Palettes de maquillage"),
        ("Lipsticks", "Mascaras", "Eyeshadow palettes"),
    ),
    "beauty.fragrance": (("Eaux de toilette", "Parfums"), ("Eaux de toilette", "Perfumes")),
    "household.cleaning": (
        ("Produits vaisselle", "Nettoyants multi-usages", "Éponges"),
        ("Washing-up liquid", "All-purpose cleaners", "Sponges"),
    ),
    "household.kitchenware": (
        ("Assiettes", "Verres", "Casseroles", "Couverts"),
        ("Plates", "Glasses", "Saucepans", "Cutlery"),
    ),
    "household.decoration": (
        ("Cadres photo", "Bougies parfumées", "Coussins"),
        ("Photo frames", "Scented candles", "Cushions"),
    ),
    "toys.games": (
        ("Jeux de société", "Peluches", "Puzzles", "Jouets en bois"),
        ("Board games", "Soft toys", "Jigsaw puzzles", "Wooden toys"),
    ),
    "toys.childcare": (
        ("Poussettes", "Sièges auto", "Lits parapluie"),
        ("Pushchairs", "Car seats", "Travel cots"),
    ),
    "sports.equipment": (
        ("Ballons de football", "Raquettes de tennis", "Tapis de sol"),
        ("Footballs", "Tennis rackets", "Exercise mats"),
    ),
    "sports.cycling": (
        ("Vélos de ville", "Vélos électriques", "Casques vélo"),
        ("City bikes", "Electric bikes", "Bike helmets"),
    ),
    "sports.outdoor": (
        ("Tentes de camping", "Sacs de couchage", "Sacs à dos"),
        ("Camping tents", "Sleeping bags", "Backpacks"),
    ),
    "books.books": (
        ("Livres de poche", "Romans", "Bandes dessinées"),
        ("Paperbacks", "Novels", "Comics"),
    ),
    "books.video-games": (("Jeux vidéo", "Manettes"), ("Video games", "Controllers")),
    "packaging.cardboard": (
        ("Cartons de déménagement", "Caisses carton", "Boîtes d'expédition"),
        ("Moving boxes", "Cardboard boxes", "Shipping boxes"),
    ),
    "packaging.pallets": (("Palettes bois", "Palettes Europe"), ("Wooden pallets", "Euro pallets")),
    "packaging.film": (("Film étirable", "Papier bulle"), ("Stretch film", "Bubble wrap")),
    "industrial.safety": (
        ("Gants de protection", "Casques de chantier", "Lunettes de protection"),
        ("Protective gloves", "Hard hats", "Safety glasses"),
    ),
    "industrial.handling": (
        ("Transpalettes", "Diables", "Chariots"),
        ("Pallet trucks", "Hand trucks", "Trolleys"),
    ),
    "industrial.machinery": (
        ("Compresseurs", "Groupes électrogènes", "Nettoyeurs haute pression"),
        ("Compressors", "Generators", "Pressure washers"),
    ),
    "garden.tools": (
        ("Tondeuses", "Taille-haies", "Brouettes"),
        ("Lawn mowers", "Hedge trimmers", "Wheelbarrows"),
    ),
    "events.equipment": (
        ("Tentes de réception", "Tables pliantes", "Chaises pliantes"),
        ("Marquees", "Folding tables", "Folding chairs"),
    ),
    "medical.consumables": (
        ("Masques chirurgicaux", "Gants nitrile", "Gel hydroalcoolique"),
        ("Surgical masks", "Nitrile gloves", "Hand sanitiser"),
    ),
}
QUALIFIERS_FR = (
    "neufs",
    "fin de série",
    "reconditionnés",
    "invendus",
    "déstockage",
    "lot",
    "surplus",
    "neufs sous emballage",
    "d'occasion",
    "de marque",
    "collection 2025",
    "retour client",
)
QUALIFIERS_EN = (
    "new",
    "end of line",
    "refurbished",
    "unsold",
    "overstock",
    "job lot",
    "surplus",
    "new in box",
    "used",
    "branded",
    "2025 range",
    "customer returns",
)
FEATURES_FR = (
    "Coloris noir, blanc et gris.",
    "Bon état général, quelques traces d'usage.",
    "Emballage d'origine, jamais servi.",
    "Conforme aux normes européennes.",
    "Retrait sur place, chargement possible par chariot.",
    "Livraison possible en région.",
    "Garantie constructeur six mois.",
    "Matière recyclable, fabriqué en France.",
    "Dimensions et fiche technique sur demande.",
    "Quantités disponibles par palette.",
    "Changement de gamme, stock à écouler rapidement.",
    "Photos non contractuelles.",
)
FEATURES_EN = (
    "Black, white and grey.",
    "Good overall condition, light signs of use.",
    "Original packaging, never used.",
    "Meets European standards.",
    "Collection on site, forklift loading available.",
    "Regional delivery possible.",
    "Six-month manufacturer warranty.",
    "Recyclable material, made in Europe.",
    "Datasheet and dimensions on request.",
    "Available by the pallet.",
    "Range change, stock must go.",
    "Photos for illustration.",
)
BRANDS = (
    "",
    "",
    "",
    "Sedia",
    "Iiyama",
    "Bosch",
    "Makita",
    "Ikea",
    "Steelcase",
    "Dell",
    "Lenovo",
    "HP",
    "Samsung",
    "Philips",
    "Moulinex",
    "Seb",
    "Decathlon",
    "Petit Bateau",
    "Lafuma",
    "Legrand",
    "Schneider",
    "Leroy",
    "Bic",
    "Clairefontaine",
    "Oxford",
    "L'Oréal",
    "Nuxe",
)
CONDITIONS = (
    ("new_packaged", 30),
    ("new_unpackaged", 15),
    ("refurbished", 10),
    ("used_good", 25),
    ("used_fair", 15),
    ("for_parts", 5),
)
CITIES = {
    "Lyon": (45.7578, 4.8320),
    "Paris": (48.8566, 2.3522),
    "Marseille": (43.2965, 5.3698),
    "Toulouse": (43.6045, 1.4440),
    "Lille": (50.6292, 3.0573),
    "Nantes": (47.2184, -1.5536),
    "Bordeaux": (44.8378, -0.5792),
    "Strasbourg": (48.5734, 7.7521),
    "Rennes": (48.1173, -1.6778),
    "Grenoble": (45.1885, 5.7245),
}
# Words a buyer types: French and English, accents or not, singular or plural, a prefix.
WORDS = (
    "chaise",
    "chaises de bureau",
    "office chairs",
    "ecran",
    "écrans 27 pouces",
    "bureau",
    "carton",
    "palettes",
    "perceuse",
    "lave-linge",
    "vêtements de travail",
    "t-shirts",
    "shampooing",
    "jouets en bois",
    "vélo électrique",
    "livres",
    "ordinateur portable",
    "laptops",
    "tables",
    "lampes",
    "carrelage",
    "gants",
    "étagères métalliques",
    "ordi",
    "fridge",
    "neufs",
    "tente",
    "assiettes",
    "boots",
    "papier",
)


@dataclass(frozen=True)
class Figures:
    database: str
    lots: int
    build_s: float
    api_median_ms: float
    api_p95_ms: float
    naive_median_ms: float
    naive_p95_ms: float
    api_cpu_median_ms: float  # this process's CPU per request (SQLite's work included)
    load_average: float  # of the machine over the last minute, at the end of the latencies
    found_median: float  # lots found per query (the API's total), for context
    rps: float
    errors: int


def queries(count: int, seed: int) -> list[dict[str, str]]:
    """A varied, seeded set of searches, each with a place and a radius."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    cities = list(CITIES.values())
    found = []
    for i in range(count):
        lat, lon = cities[i % len(cities)]
        params = {
            "q": WORDS[i % len(WORDS)],
            "near": f"{lat},{lon}",
            "radius_km": str(rng.choice((20, 30, 50, 50, 100))),
        }
        extra = rng.random()
        if extra < 0.15:
            params["condition"] = rng.choice(("new_packaged", "used_good"))
        elif extra < 0.25:
            params["price_max"] = "50"
        elif extra < 0.35:
            params["sort"] = rng.choice(("distance", "price", "newest"))
        elif extra < 0.4:
            params["category"] = rng.choice(("furniture", "it", "building"))
        found.append(params)
    return found


# --- The child process: one database ---------------------------------------------------


def configure(database_url: str | None, data_dir: str) -> None:
    os.environ["BOUCLE_DATA_DIR"] = data_dir
    os.environ.pop("BOUCLE_ENV", None)
    os.environ["BOUCLE_DEBUG"] = "0"  # as in production: no query log, no debug pages
    os.environ["BOUCLE_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["BOUCLE_LOG_LEVEL"] = "WARNING"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "boucle.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def build(n: int, seed: int) -> None:
    """N published lots from SELLERS sellers, with bulk_create."""
    from django.db import connection
    from django.utils import timezone

    from boucle.accounts.models import Organisation, Site, VerificationStatus
    from boucle.geo.models import Commune
    from boucle.marketplace.models import Category, Lot, LotPhoto
    from boucle.marketplace.search import search_text

    rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    now = timezone.now()
    communes = list(
        Commune.objects.filter(population__gt=0).values_list(
            "id", "latitude", "longitude", "population"
        )
    )
    weights = [c[3] for c in communes]
    kinds = ["company"] * 16 + ["association"] * 3 + ["public_body"]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Vendeur {i}",
            slug=f"bench-seller-{i}",
            kind=rng.choice(kinds),
            verification_status=VerificationStatus.VERIFIED,
            verified_at=now,
        )
        for i in range(SELLERS)
    )
    places = rng.choices(communes, weights=weights, k=SELLERS)
    sites = Site.objects.bulk_create(
        Site(
            organisation=org,
            name="Entrepôt",
            kind="warehouse",
            address="1 rue du Banc",
            postcode="00000",
            commune_id=place[0],
            latitude=place[1],
            longitude=place[2],
        )
        for org, place in zip(organisations, places, strict=True)
    )
    categories = {c.code: c for c in Category.objects.select_related("parent")}
    codes = list(PRODUCTS)
    condition_values = [c for c, _w in CONDITIONS]
    condition_weights = [w for _c, w in CONDITIONS]
    today = timezone.localdate()

    def make_lot(i: int) -> Lot:
        code = rng.choice(codes)
        french = rng.random() < 0.75
        names = PRODUCTS[code][0 if french else 1]
        product = rng.choice(names)
        qualifier = rng.choice(QUALIFIERS_FR if french else QUALIFIERS_EN)
        features = FEATURES_FR if french else FEATURES_EN
        title = f"{product} {qualifier}" if rng.random() < 0.7 else product
        description = " ".join(rng.sample(features, rng.randint(2, 4)))
        site = sites[rng.randrange(SELLERS)]
        quantity = max(1, int(rng.lognormvariate(3, 1.2)))
        hire = rng.random() < 0.04
        free = not hire and rng.random() < 0.05
        price = Decimal(f"{rng.lognormvariate(3.2, 1.1):.2f}") + Decimal("0.01")
        published = now - timedelta(minutes=rng.randrange(60 * 24 * 120))
        lot = Lot(
            seller_id=site.organisation_id,
            site=site,
            offer_type="hire" if hire else "sale",
            title=title[:150],
            description=description,
            category=categories[code],
            brand=rng.choice(BRANDS),
            condition=rng.choices(condition_values, condition_weights)[0],
            quantity=quantity,
            quantity_available=quantity - rng.randrange(quantity) // 3,
            unit=rng.choice(("unit", "unit", "unit", "box", "pallet", "kg")),
            min_order_quantity=rng.choice((1, 1, 1, 1, 2, 5, 10, 50)) if quantity > 50 else 1,
            is_free=free,
            unit_price=None if hire or free else price,
            hire_price_per_day=price if hire else None,
            vat_rate="20.0",
            pickup=True,
            delivery=rng.random() < 0.3,
            available_until=None if rng.random() < 0.5 else today + timedelta(rng.randint(1, 200)),
            status="published",
            latitude=site.latitude,
            longitude=site.longitude,
            created_at=published,
            updated_at=published,
            published_at=published,
        )
        lot.search_text = search_text(lot)
        return lot

    batch = 5000
    for start in range(0, n, batch):
        lots = Lot.objects.bulk_create(make_lot(i) for i in range(start, min(n, start + batch)))
        LotPhoto.objects.bulk_create(
            LotPhoto(
                lot=lot,
                image=f"marketplace/lots/{lot.pk}/photo.jpg",
                thumbnail=f"marketplace/lots/{lot.pk}/thumb.jpg",
                width=800,
                height=600,
            )
            for lot in lots
            if lot.pk % 2
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def naive_lots(request: Any) -> Any:
    """The same request answered the obvious way: icontains per word, the distance computed
    by the database for every open lot, one GROUP BY per facet, a COUNT, then the page."""
    from django.db.models import Count, F, FloatField, Q, QuerySet
    from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
    from django.http import JsonResponse
    from django.utils import timezone

    from boucle.marketplace.models import Lot

    get = request.GET
    qs: QuerySet[Lot] = Lot.objects.filter(status="published").filter(
        Q(available_until__isnull=True) | Q(available_until__gte=timezone.localdate())
    )
    for word in get.get("q", "").split():
        qs = qs.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(brand__icontains=word)
        )
    lat, lon = (float(v) for v in get["near"].split(","))
    half_lat = Radians(F("latitude") - lat) / 2
    half_lon = Radians(F("longitude") - lon) / 2
    a = Power(Sin(half_lat), 2) + Cos(Radians(F("latitude"))) * Cos(Radians(lat)) * Power(
        Sin(half_lon), 2
    )
    qs = qs.annotate(distance_km=2 * 6371.0088 * ASin(Sqrt(a), output_field=FloatField()))
    qs = qs.filter(distance_km__lte=float(get["radius_km"]))
    filters = {
        "category": Q(category__code=get["category"]) | Q(category__parent__code=get["category"])
        if get.get("category")
        else Q(),
        "condition": Q(condition__in=get.getlist("condition")) if get.get("condition") else Q(),
        "price": Q(unit_price__lte=Decimal(get["price_max"])) if get.get("price_max") else Q(),
    }
    facets = {}
    for name, field in (
        ("category", "category__parent__code"),
        ("condition", "condition"),
        ("price", "unit_price"),
        ("quantity", "min_order_quantity"),
        ("seller_kind", "seller__kind"),
    ):
        others = [f for key, f in filters.items() if key != name]
        rows = qs.filter(*others).values(field).annotate(n=Count("id")).order_by()
        facets[name] = {str(r[field]): r["n"] for r in rows}
    filtered = qs.filter(*filters.values())
    total = filtered.count()
    order = {"price": "unit_price", "newest": "-published_at", "distance": "distance_km"}
    page = (
        filtered.order_by(order.get(get.get("sort", ""), "-published_at"), "id")
        .select_related("seller", "site", "category")
        .prefetch_related("photos")[:20]
    )
    items = [
        {
            "id": lot.pk,
            "title": lot.title,
            "unit_price": str(lot.unit_price),
            "seller": lot.seller.name,
            "site": lot.site.name,
            "category": lot.category.code,
            "distance_km": round(lot.distance_km, 1),
            "photos": [p.thumbnail.name for p in lot.photos.all()],
        }
        for lot in page
    ]
    return JsonResponse({"total": total, "items": items, "facets": facets})


def install_naive_route() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("benchmark_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(NAIVE.lstrip("/"), naive_lots),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def latencies(
    client: Any, url: str, searches: list[dict[str, str]], repeat: int
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each request."""
    timings, cpu = [], []
    for params in searches:  # warm caches and lazy imports
        client.get(url, params)
    for _ in range(repeat):
        for params in searches:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if response.status_code != 200:
                raise RuntimeError(f"{url} {params}: {response.status_code} {response.content!r}")
    return timings, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(port: int, paths: list[str], stop_at: float) -> tuple[int, int]:
    """One client process: requests in turn on a kept-alive connection until `stop_at`."""
    done = errors = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = os.getpid()
    while time.time() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
    connection.close()
    return done, errors


def requests_per_second(
    searches: list[dict[str, str]], *, clients: int, seconds: float
) -> tuple[float, int]:
    """The search page served by gunicorn with 2 workers, as `boucle serve` starts it."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "boucle.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        paths = [f"{PAGE}?{urllib.parse.urlencode(p)}" for p in searches]
        deadline = time.time() + 60
        while True:  # until both workers answer
            try:
                for path in paths[:4]:
                    probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    probe.request("GET", path)
                    status = probe.getresponse().status
                    probe.close()
                    if status != 200:
                        raise RuntimeError(f"the search page answered {status}")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        # Warm both workers' caches with every query before timing.
        stop_at = time.time() + 3
        with multiprocessing.Pool(clients) as pool:
            pool.starmap(load, [(port, paths, stop_at)] * clients)
            start = time.time()
            stop_at = start + seconds
            results = pool.starmap(load, [(port, paths, stop_at)] * clients)
            elapsed = time.time() - start
        done = sum(r[0] for r in results)
        errors = sum(r[1] for r in results)
        return done / elapsed, errors
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def run_one(args: argparse.Namespace, database_url: str | None) -> Figures:
    with tempfile.TemporaryDirectory(prefix="boucle-bench-search-") as data_dir:
        configure(database_url, data_dir)
        from django.db import connection
        from django.test import Client

        started = time.perf_counter()
        build(args.n, args.seed)
        build_s = time.perf_counter() - started
        install_naive_route()
        searches = queries(args.queries, args.seed)
        client = Client()
        api, api_cpu = latencies(client, API, searches, args.repeat)
        load_average = os.getloadavg()[0]
        naive, _cpu = latencies(client, NAIVE, searches[: args.scan_queries], 1)
        totals = [client.get(API, p).json()["total"] for p in searches]
        vendor = connection.vendor
        connection.close()
        rps, errors = (0.0, 0)
        if args.seconds > 0:
            rps, errors = requests_per_second(searches, clients=args.clients, seconds=args.seconds)
        return Figures(
            database=vendor,
            lots=args.n,
            build_s=build_s,
            api_median_ms=statistics.median(api) * 1000,
            api_p95_ms=p95(api) * 1000,
            naive_median_ms=statistics.median(naive) * 1000,
            naive_p95_ms=p95(naive) * 1000,
            api_cpu_median_ms=statistics.median(api_cpu) * 1000,
            load_average=load_average,
            found_median=statistics.median(totals),
            rps=rps,
            errors=errors,
        )


# --- The parent process ----------------------------------------------------------------


def scratch_database(server_url: str) -> tuple[str, Any]:
    """Creates a scratch database on the server; answers its URL and a function dropping it."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"boucle_bench_search_{os.getpid()}"
    admin = psycopg.connect(server_url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def in_fresh_process(argv: list[str], database_url: str | None) -> Figures:
    env = os.environ.copy()
    env.pop("DATABASE_URL", None)
    if database_url:
        env["BENCH_DATABASE_URL"] = database_url
    completed = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "benchmarks.marketplace_search", *argv, "--one"],
        env=env,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return Figures(**json.loads(completed.stdout.strip().splitlines()[-1]))


def format_figures(figures: list[Figures]) -> str:
    rows = [
        (
            "database",
            "lots",
            "API median",
            "API p95",
            "API CPU median",
            "icontains scan median",
            "scan p95",
            "ratio (median)",
            "ratio (p95)",
            "page, gunicorn 2 workers",
        )
    ]
    for f in figures:
        rows.append(
            (
                f.database,
                f"{f.lots:,}",
                f"{f.api_median_ms:.1f} ms",
                f"{f.api_p95_ms:.1f} ms",
                f"{f.api_cpu_median_ms:.1f} ms",
                f"{f.naive_median_ms:.0f} ms",
                f"{f.naive_p95_ms:.0f} ms",
                f"{f.naive_median_ms / f.api_median_ms:.0f}x",
                f"{f.naive_p95_ms / f.api_p95_ms:.0f}x",
                f"{f.rps:.0f} req/s" + (f" ({f.errors} errors)" if f.errors else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.marketplace_search", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--n", type=int, default=100_000, help="published lots (100,000)")
    parser.add_argument("--database", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a scratch database may be created and dropped",
    )
    parser.add_argument("--queries", type=int, default=60, help="distinct searches (60)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over them (3)")
    parser.add_argument(
        "--scan-queries", type=int, default=20, help="of them answered by the scan too (20)"
    )
    parser.add_argument("--clients", type=int, default=4, help="load-generating processes")
    parser.add_argument("--seconds", type=float, default=10, help="load duration; 0 skips it")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args(argv)
    if args.one:
        figures = run_one(args, os.environ.get("BENCH_DATABASE_URL"))
        print(json.dumps(figures.__dict__))
        return 0

    child_argv = [
        f"--n={args.n}",
        f"--queries={args.queries}",
        f"--repeat={args.repeat}",
        f"--scan-queries={args.scan_queries}",
        f"--clients={args.clients}",
        f"--seconds={args.seconds}",
        f"--seed={args.seed}",
    ]
    started = time.perf_counter()
    results = []
    if args.database in ("both", "sqlite"):
        results.append(in_fresh_process(child_argv, None))
        print(format_figures(results).splitlines()[-1], file=sys.stderr, flush=True)
    if args.database in ("both", "postgresql"):
        url, drop = scratch_database(args.database_url)
        try:
            results.append(in_fresh_process(child_argv, url))
        finally:
            drop()
    print(format_figures(results))
    print(
        f"\n{args.queries} searches x {args.repeat} through the Django test client (every "
        f"middleware, JSON out), the scan once on {args.scan_queries} of them; "
        "load average during the API timings: "
        + ", ".join(f"{f.database} {f.load_average:.1f}" for f in results)
        + "; lots found per search (median): "
        + ", ".join(f"{f.database} {f.found_median:.0f}" for f in results)
        + "; data built in "
        + ", ".join(f"{f.database} {f.build_s:.0f} s" for f in results)
        + f". {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"{time.perf_counter() - started:.0f} s in all."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
