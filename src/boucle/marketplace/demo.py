"""The marketplace's demo data: a few hundred lots with photos, and orders at every stage.

Called by `boucle.demo.demo_load` once the demo organisations exist. Lots are drawn from a
catalogue of realistic unsold goods per kind of seller, with a seeded random generator, so
every run builds the same marketplace. Photos are drawn locally with Pillow (a coloured card
with a pictogram of the category and the lot's title): nothing is downloaded.

Everything goes through the services, as a person would: lots are created, photographed and
published; orders are placed, then accepted, handed over, received, declined or cancelled.
Only what is missing is created: a seller that already has lots is left as it is.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from boucle.accounts.models import Organisation, Site, User
from boucle.marketplace.models import Lot, LotStatus, Order
from boucle.marketplace.services import hire as hire_services
from boucle.marketplace.services import orders as order_services
from boucle.marketplace.services.lots import lot_create, lot_publish, lot_withdraw
from boucle.marketplace.services.photos import photo_add

CATALOGUE_CSV = Path(__file__).parent / "data" / "demo_catalogue.csv"

# How many lots each selling organisation of the demo offers (about 300 in all).
DEMO_LOTS_PER_SELLER = 45


@dataclass(frozen=True)
class Product:
    """One kind of unsold goods a demo seller has left over, from which lots are drawn."""

    seller: str
    title: str
    category: str
    brand: str
    unit: str
    price: tuple[float, float]  # per unit excl. VAT, euros
    weight_kg: float
    retail_factor: float  # retail value per unit / price
    quantity: tuple[int, int]
    description: str


def catalogue() -> dict[str, list[Product]]:
    """What each demo seller has left over, in its own words (`data/demo_catalogue.csv`)."""
    products: dict[str, list[Product]] = {}
    with CATALOGUE_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            products.setdefault(row["seller"], []).append(
                Product(
                    seller=row["seller"],
                    title=row["title"],
                    category=row["category"],
                    brand=row["brand"],
                    unit=row["unit"],
                    price=(float(row["price_min"]), float(row["price_max"])),
                    weight_kg=float(row["weight_kg"]),
                    retail_factor=float(row["retail_factor"]),
                    quantity=(int(row["quantity_min"]), int(row["quantity_max"])),
                    description=row["description"],
                )
            )
    return products


CONDITIONS_NEW = ("new_packaged", "new_packaged", "new_unpackaged")
CONDITIONS_USED = ("refurbished", "used_good", "used_good", "used_fair", "for_parts")
# Sellers whose goods are used (a consultancy's furniture, a reuse association's appliances).
USED_GOODS_SELLERS = {"Confluence Conseil", "Les Ateliers du Réemploi"}
VARIANTS = (
    "",
    " — lot A",
    " — lot B",
    " (fin de série)",
    " (déstockage)",
    " — coloris assortis",
    " — taille unique",
    " — grand format",
)

# Colours of the photo cards, by top-level category.
PALETTE = {
    "clothing": (196, 91, 112),
    "footwear": (140, 82, 160),
    "furniture": (166, 124, 82),
    "it": (61, 111, 176),
    "appliances": (90, 140, 150),
    "building": (200, 130, 60),
    "office": (90, 150, 110),
    "beauty": (214, 120, 160),
    "household": (120, 160, 90),
    "toys": (230, 170, 40),
    "sports": (50, 150, 200),
    "books": (120, 100, 80),
    "packaging": (170, 150, 110),
    "industrial": (110, 120, 130),
}


def _drawable(text: str) -> str:
    """The text without accents: Pillow's built-in font, the one sure to be there, has none."""
    text = text.replace("\u2014", "-").replace("\u2019", "'")  # em dash, apostrophe
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def demo_photo(title: str, category: str, seed: int) -> bytes:
    """An 800 x 600 JPEG card: a colour of the category, a pictogram, the lot's title."""
    rng = random.Random(seed)
    base = PALETTE.get(category.split(".")[0], (100, 120, 120))
    shade = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in base)
    image = Image.new("RGB", (800, 600), shade)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in shade)
    dark = tuple(max(0, c - 60) for c in shade)
    # A pictogram of boxes on a pallet, sized and placed a little differently each time.
    for i in range(rng.randint(2, 5)):
        x = 150 + i * 105 + rng.randint(-10, 10)
        height = rng.randint(100, 220)
        draw.rounded_rectangle(
            (x, 380 - height, x + 95, 380), radius=12, fill=light, outline=dark, width=5
        )
    draw.rectangle((110, 380, 690, 405), fill=dark)
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 30:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for n, text in enumerate(lines[:3]):
        draw.text((50, 440 + n * 46), _drawable(text), fill=(255, 255, 255), font=_font(38))
    draw.text((50, 30), "Boucle - demo", fill=(255, 255, 255), font=_font(32))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _price(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2)))


def lots_for_seller(
    seller: Organisation, owner: User, *, count: int, rng: random.Random
) -> list[Lot]:
    """Creates and publishes `count` lots of the seller's catalogue, spread over its sites."""
    products = catalogue().get(seller.name, [])
    sites = list(Site.objects.filter(organisation=seller).order_by("pk"))
    if not products or not sites:
        return []
    today = timezone.localdate()
    used = seller.name in USED_GOODS_SELLERS
    lots = []
    for n in range(count):
        product = products[n % len(products)]
        variant = VARIANTS[(n // len(products)) % len(VARIANTS)]
        low, high = product.quantity
        quantity = rng.randint(low, high)
        free = used and rng.random() < 0.1
        unit_price = None if free else _price(rng, *product.price)
        reference = unit_price or _price(rng, *product.price)
        lot = lot_create(
            actor=owner,
            site=sites[n % len(sites)],
            title=f"{product.title}{variant}",
            description=product.description,
            category=product.category,
            brand=product.brand,
            condition=rng.choice(CONDITIONS_USED if used else CONDITIONS_NEW),
            quantity=quantity,
            unit=product.unit,
            min_order_quantity=max(1, quantity // rng.choice((1, 5, 10, 20, 50))),
            is_free=free,
            unit_price=unit_price,
            vat_rate="20.0",
            retail_value=(reference * Decimal(str(product.retail_factor))).quantize(
                Decimal("0.01")
            ),
            cost_price=(reference * Decimal("0.7")).quantize(Decimal("0.01")),
            weight_kg=Decimal(str(product.weight_kg)),
            pickup=True,
            delivery=rng.random() < 0.4,
            delivery_terms="Livraison sous 5 jours ouvrés en région, sur devis au-delà.",
            available_until=today + timedelta(days=rng.randint(20, 120)),
        )
        photo = demo_photo(lot.title, product.category, seed=lot.pk)
        photo_add(
            actor=owner,
            lot=lot,
            upload=SimpleUploadedFile(f"lot-{lot.pk}.jpg", photo, "image/jpeg"),
        )
        # One lot in ten stays a draft, so the seller's pages show every state.
        if n % 10 != 9:
            lot = lot_publish(actor=owner, lot=lot)
        lots.append(lot)
    # Two lots withdrawn, so the seller's pages show that state too.
    for n in (3, 4):
        if n < len(lots) and lots[n].status == LotStatus.PUBLISHED:
            lots[n] = lot_withdraw(actor=owner, lot=lots[n])
    return lots


def orders_between(lots: list[Lot], buyers: list[tuple[Organisation, User]]) -> list[Order]:
    """Orders at every stage, from the buyers on the sellers' published lots."""
    open_lots = [lot for lot in lots if lot.status == LotStatus.PUBLISHED and lot.unit_price]
    stages = (
        "pending",
        "accepted",
        "handed_over",
        "received",
        "received",
        "declined",
        "cancelled",
        "received",
    )
    placed = []
    for n, lot in enumerate(open_lots[: len(stages) * 3]):
        buyer, person = buyers[n % len(buyers)]
        if buyer.pk == lot.seller_id or not buyer.is_verified:
            continue
        seller_person = lot.created_by
        assert seller_person is not None
        quantity = min(lot.quantity_available, max(lot.min_order_quantity, 2))
        order = order_services.order_place(
            actor=person, buyer=buyer, lot=lot, quantity=quantity, note="Commande de démo."
        )
        stage = stages[n % len(stages)]
        if stage == "declined":
            order = order_services.order_decline(
                actor=seller_person, order=order, reason="Lot déjà promis à un autre acheteur."
            )
        elif stage == "cancelled":
            order = order_services.order_cancel(
                actor=person, order=order, reason="Besoin couvert entre-temps."
            )
        elif stage != "pending":
            order = order_services.order_accept(
                actor=seller_person, order=order, pickup_at=timezone.now() + timedelta(days=3)
            )
            if stage in ("handed_over", "received"):
                order = order_services.order_hand_over(actor=seller_person, order=order)
            if stage == "received":
                order = order_services.order_confirm_receipt(actor=person, order=order)
        placed.append(order)
    return placed


# Equipment the demo sellers hire out rather than sell: (seller, title, category, per day, per
# week, deposit, description).
HIRE_EQUIPMENT = (
    (
        "Bati Nord Matériaux",
        "Nacelle ciseaux électrique 8 m",
        "building.tools",
        "95",
        "420",
        "1500",
        "Hauteur de travail 8 m, charge 230 kg, batterie chargée, formation CACES requise.",
    ),
    (
        "Bati Nord Matériaux",
        "Bétonnière 350 litres",
        "building.tools",
        "25",
        "110",
        "300",
        "Moteur électrique 230 V, cuve acier, roues de transport.",
    ),
    (
        "Bati Nord Matériaux",
        "Échafaudage roulant 6 m",
        "building.tools",
        "40",
        "180",
        "600",
        "Aluminium, plateaux et garde-corps, montage sans outil.",
    ),
    (
        "Sport Horizon",
        "Structure gonflable pour événement sportif",
        "events.equipment",
        "150",
        "600",
        "800",
        "Arche d'arrivée 6 m avec souffleur, pour courses et salons.",
    ),
    (
        "Maison Lumière",
        "Présentoirs lumineux pour salon",
        "events.stands",
        "30",
        "120",
        "200",
        "Six colonnes lumineuses LED de 2 m, câbles et caisses de transport.",
    ),
)


def hire_lots(sellers: list[tuple[Organisation, User]]) -> list[Lot]:
    """Equipment for hire (the functional economy: selling use rather than goods)."""
    owners = {seller.name: (seller, owner) for seller, owner in sellers}
    lots = []
    for name, title, category, day, week, deposit, description in HIRE_EQUIPMENT:
        if name not in owners:
            continue
        seller, owner = owners[name]
        site = Site.objects.filter(organisation=seller).order_by("pk").first()
        if site is None:
            continue
        lot = lot_create(
            actor=owner,
            site=site,
            offer_type="hire",
            title=title,
            description=description,
            category=category,
            brand="",
            condition="used_good",
            quantity=1,
            unit="unit",
            hire_price_per_day=Decimal(day),
            hire_price_per_week=Decimal(week),
            deposit=Decimal(deposit),
            vat_rate="20.0",
            pickup=True,
        )
        photo_add(
            actor=owner,
            lot=lot,
            upload=SimpleUploadedFile(
                f"lot-{lot.pk}.jpg", demo_photo(title, category, seed=lot.pk), "image/jpeg"
            ),
        )
        lots.append(lot_publish(actor=owner, lot=lot))
    return lots


def bookings_between(lots: list[Lot], buyers: list[tuple[Organisation, User]]) -> None:
    """A booking accepted and one awaiting its answer, on the first two hire lots."""
    today = timezone.localdate()
    for n, lot in enumerate(lots[:2]):
        renter, person = next((b for b in buyers if b[0].pk != lot.seller_id), buyers[0])
        booking = hire_services.booking_request(
            actor=person,
            renter=renter,
            lot=lot,
            start_date=today + timedelta(days=7 + n * 3),
            end_date=today + timedelta(days=9 + n * 3),
            note="Réservation de démonstration.",
        )
        if n == 0 and lot.created_by is not None:
            hire_services.booking_accept(actor=lot.created_by, booking=booking)


def marketplace_demo_load(
    sellers: list[tuple[Organisation, User]],
    buyers: list[tuple[Organisation, User]],
    *,
    lots_per_seller: int = DEMO_LOTS_PER_SELLER,
) -> None:
    """Lots for each seller that has none yet, then orders from the buyers on them."""
    rng = random.Random(2026)
    new_lots: list[Lot] = []
    for seller, owner in sellers:
        if Lot.objects.filter(seller=seller).exists():
            continue
        new_lots += lots_for_seller(seller, owner, count=lots_per_seller, rng=rng)
    if new_lots:
        orders_between(new_lots, buyers)
        bookings_between(hire_lots(sellers), buyers)
