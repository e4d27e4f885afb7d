"""The seller's lot pages, through the test client: list, post, edit, photos, publish,
withdraw, delete; members only."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from boucle.accounts.models import Organisation, Site, User, VerificationStatus
from boucle.marketplace.models import Lot, LotPhoto, LotStatus
from boucle.marketplace.services.lots import lot_create
from boucle.marketplace.services.photos import MAX_PHOTOS, photo_add
from tests.conftest import client_for
from tests.marketplace.conftest import lot_values, make_site

pytestmark = pytest.mark.django_db

SLUG = "recyclerie-du-rhone"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def jpeg(name: str = "chairs.jpg", exif: Image.Exif | None = None) -> SimpleUploadedFile:
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", (640, 480), (120, 80, 40)).save(buffer, format="JPEG", **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(site: Site, **overrides: Any) -> dict[str, Any]:
    """The create form as a browser posts it: strings, and unticked boxes left out."""
    values = lot_values(**overrides)
    data: dict[str, Any] = {"site": site.pk, "offer_type": values.pop("offer_type", "sale")}
    for name, value in values.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def url(name: str, *args: Any) -> str:
    return reverse(f"marketplace:{name}", args=[SLUG, *args])


def test_a_member_posts_a_lot_with_a_photo_and_gets_a_draft_with_a_thumbnail(
    member: User, member_client: Client, seller_site: Site, media: Path
) -> None:
    data = form_data(seller_site, unit_price="12,50", weight_kg="14,5")
    response = member_client.post(url("lot_create"), {**data, "photos": [jpeg()]})
    lot = Lot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("lot_edit", lot.pk)
    assert lot.status == LotStatus.DRAFT
    assert lot.created_by == member
    assert (lot.unit_price, lot.weight_kg) == (Decimal("12.50"), Decimal("14.5"))
    photo = lot.photos.get()
    assert photo.thumbnail.name.endswith("-thumb.jpg")
    assert len(stored_files(media)) == 2
    page = member_client.get(response["Location"])
    assert "was saved as a draft" in page.content.decode()


def test_several_photos_are_sent_at_once_and_their_gps_position_removed(
    owner_client: Client, seller_site: Site
) -> None:
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (45.0, 44.0, 1.5)
    owner_client.post(
        url("lot_create"), {**form_data(seller_site), "photos": [jpeg(exif=exif), jpeg("b.jpg")]}
    )
    photos = list(Lot.objects.get().photos.all())
    assert [p.position for p in photos] == [0, 1]
    with photos[0].image.open("rb") as handle:
        assert not Image.open(handle).getexif()


def test_save_and_publish_publishes_at_once(owner_client: Client, seller_site: Site) -> None:
    response = owner_client.post(
        url("lot_create"), {**form_data(seller_site), "publish": ""}, follow=True
    )
    assert Lot.objects.get().status == LotStatus.PUBLISHED
    assert "buyers can find it" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"%PDF-1.4 an invoice", "photo.jpg"), (b"#!/bin/sh\necho hi\n", "script.png")],
)
def test_a_file_that_is_not_an_image_refuses_the_whole_lot_and_keeps_what_was_typed(
    owner_client: Client, seller_site: Site, media: Path, content: bytes, name: str
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    data = form_data(seller_site, title="Tabourets de bar", unit_price="7,90")
    response = owner_client.post(url("lot_create"), {**data, "photos": [jpeg(), upload]})
    html = response.content.decode()
    assert response.status_code == 200
    assert not Lot.objects.exists()
    assert not LotPhoto.objects.exists()
    assert stored_files(media) == []
    assert "send a JPEG, PNG or WebP image" in html
    assert 'value="Tabourets de bar"' in html
    assert 'value="7,90"' in html
    assert "select the photos again" in html


def test_a_bomb_sent_with_a_lot_is_refused_with_a_clear_message(
    owner_client: Client, seller_site: Site, media: Path
) -> None:
    from tests.marketplace.test_photos import png_declaring

    bomb = SimpleUploadedFile("bomb.png", png_declaring(30000, 30000), content_type="image/png")
    response = owner_client.post(url("lot_create"), {**form_data(seller_site), "photos": [bomb]})
    assert "to protect the server" in response.content.decode()
    assert not Lot.objects.exists()
    assert stored_files(media) == []


def test_a_rule_of_the_lot_is_shown_beside_its_field(
    owner_client: Client, seller_site: Site
) -> None:
    data = form_data(seller_site, quantity=5, min_order_quantity=8, brand="Sedia")
    response = owner_client.post(url("lot_create"), data)
    form = response.context["form"]
    assert form.errors["min_order_quantity"] == [
        "The minimum order cannot be above the quantity offered."
    ]
    assert 'value="Sedia"' in response.content.decode()
    assert not Lot.objects.exists()


def test_a_price_with_three_decimals_is_refused(owner_client: Client, seller_site: Site) -> None:
    response = owner_client.post(url("lot_create"), form_data(seller_site, unit_price="12,505"))
    assert "unit_price" in response.context["form"].errors
    assert not Lot.objects.exists()


def test_categories_are_grouped_under_their_top_level_in_the_active_language(
    owner_client: Client, seller_site: Site
) -> None:
    english = owner_client.get(url("lot_create")).content.decode()
    assert '<optgroup label="Furniture">' in english
    assert '<option value="furniture.seating">Seating and chairs</option>' in english
    owner_client.cookies["django_language"] = "fr"
    french = owner_client.get(url("lot_create")).content.decode()
    assert '<optgroup label="Mobilier">' in french
    assert "Sièges et chaises" in french


def test_the_form_offers_only_the_organisation_s_sites(
    owner_client: Client, seller_site: Site, other_company: Organisation
) -> None:
    other = make_site(other_company, "13201", "Boutique de Marseille")
    html = owner_client.get(url("lot_create")).content.decode()
    assert "Entrepôt de Gerland" in html
    assert "Boutique de Marseille" not in html
    response = owner_client.post(url("lot_create"), {**form_data(seller_site), "site": other.pk})
    assert "site" in response.context["form"].errors
    assert not Lot.objects.exists()


def test_a_hire_offer_keeps_its_hire_terms_and_drops_the_sale_price(
    owner_client: Client, seller_site: Site
) -> None:
    data = form_data(
        seller_site,
        offer_type="hire",
        unit_price="12,50",
        hire_price_per_day="35,00",
        deposit="200",
        category="industrial",
    )
    owner_client.post(url("lot_create"), data)
    lot = Lot.objects.get()
    assert lot.is_hire
    assert (lot.unit_price, lot.hire_price_per_day, lot.deposit) == (
        None,
        Decimal("35.00"),
        Decimal("200"),
    )


def test_editing_keeps_the_values_and_saves_changes(
    owner_client: Client, draft_lot: Lot, seller_site: Site
) -> None:
    page = owner_client.get(url("lot_edit", draft_lot.pk)).content.decode()
    assert 'value="Chaises de bureau ergonomiques"' in page
    data = form_data(seller_site, title="Chaises de bureau", quantity=12, unit_price="11,00")
    response = owner_client.post(url("lot_edit", draft_lot.pk), data)
    assert response.status_code == 302
    draft_lot.refresh_from_db()
    assert (draft_lot.title, draft_lot.quantity, draft_lot.quantity_available) == (
        "Chaises de bureau",
        12,
        12,
    )
    assert draft_lot.unit_price == Decimal("11.00")


def test_the_list_shows_lots_by_status_with_counts_stock_and_thumbnail(
    owner: User, owner_client: Client, lot: Lot, seller_site: Site
) -> None:
    lot_create(actor=owner, site=seller_site, **lot_values(title="Bureaux en chêne"))
    photo_add(actor=owner, lot=lot, upload=jpeg())
    html = owner_client.get(url("seller_lots")).content.decode()
    assert "Chaises de bureau ergonomiques" in html
    assert "Bureaux en chêne" in html
    assert "All <small>(2)</small>" in html
    assert "Draft <small>(1)</small>" in html
    assert "Published <small>(1)</small>" in html
    assert "Sold out <small>(0)</small>" in html
    assert "10/10" in html
    photo = lot.photos.get()
    thumb = reverse("marketplace:lot_photo", args=[lot.pk, photo.pk, "thumb"])
    assert f'src="{thumb}"' in html
    drafts = owner_client.get(url("seller_lots") + "?status=draft").content.decode()
    assert "Bureaux en chêne" in drafts
    assert "Chaises de bureau ergonomiques" not in drafts


def test_the_list_page_makes_as_many_queries_for_many_lots_as_for_one(
    owner: User,
    owner_client: Client,
    seller_site: Site,
    django_assert_max_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_lots(count: int) -> None:
        for n in range(count):
            lot = lot_create(actor=owner, site=seller_site, **lot_values(title=f"Lot {n}"))
            photo_add(actor=owner, lot=lot, upload=jpeg())

    add_lots(1)
    with CaptureQueriesContext(connection) as one_lot:
        assert owner_client.get(url("seller_lots")).status_code == 200
    add_lots(14)
    with django_assert_max_num_queries(len(one_lot.captured_queries)):
        html = owner_client.get(url("seller_lots")).content.decode()
    assert html.count("<tr data-lot=") == 15


def test_publish_withdraw_and_delete_buttons(owner_client: Client, draft_lot: Lot) -> None:
    back = url("seller_lots") + "?status=draft"
    response = owner_client.post(url("lot_publish", draft_lot.pk), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "is published" in response.content.decode()
    draft_lot.refresh_from_db()
    assert draft_lot.status == LotStatus.PUBLISHED

    response = owner_client.post(url("lot_delete", draft_lot.pk), follow=True)
    assert "Only a draft that was never ordered may be deleted." in response.content.decode()
    assert Lot.objects.filter(pk=draft_lot.pk).exists()

    response = owner_client.post(url("lot_withdraw", draft_lot.pk), follow=True)
    assert "is withdrawn" in response.content.decode()
    draft_lot.refresh_from_db()
    assert draft_lot.status == LotStatus.WITHDRAWN


def test_a_draft_is_deleted_with_its_photo_files(
    owner: User,
    owner_client: Client,
    draft_lot: Lot,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    photo_add(actor=owner, lot=draft_lot, upload=jpeg())
    # The files go once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url("lot_delete", draft_lot.pk), follow=True)
    assert "was deleted" in response.content.decode()
    assert not Lot.objects.exists()
    assert stored_files(media) == []


def test_the_buttons_do_not_answer_get(owner_client: Client, draft_lot: Lot) -> None:
    for name in ("lot_publish", "lot_withdraw", "lot_delete"):
        assert owner_client.get(url(name, draft_lot.pk)).status_code == 405
    draft_lot.refresh_from_db()
    assert draft_lot.status == LotStatus.DRAFT


def test_an_unverified_seller_is_told_and_may_save_drafts_but_not_publish(
    owner_client: Client, company: Organisation, seller_site: Site
) -> None:
    company.verification_status = VerificationStatus.PENDING
    company.save()
    page = owner_client.get(url("lot_create")).content.decode()
    assert "is not verified yet" in page
    response = owner_client.post(
        url("lot_create"), {**form_data(seller_site), "publish": ""}, follow=True
    )
    lot = Lot.objects.get()
    assert lot.status == LotStatus.DRAFT
    html = response.content.decode()
    assert "was saved as a draft" in html
    assert "The lot was not published: Recyclerie du Rhône is not verified yet" in html
    response = owner_client.post(url("lot_publish", lot.pk), follow=True)
    assert "not verified yet" in response.content.decode()
    lot.refresh_from_db()
    assert lot.status == LotStatus.DRAFT


def test_the_photos_page_adds_several_and_deletes_one(
    owner_client: Client, draft_lot: Lot, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    response = owner_client.post(url("lot_photos", draft_lot.pk), {"photos": [jpeg(), jpeg()]})
    assert response.status_code == 302
    first, second = draft_lot.photos.all()
    html = owner_client.get(url("lot_photos", draft_lot.pk)).content.decode()
    assert "Photos added: 2." in html
    assert url("lot_photo_delete", draft_lot.pk, second.pk) in html
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url("lot_photo_delete", draft_lot.pk, second.pk))
    assert list(draft_lot.photos.all()) == [first]
    assert len(stored_files(media)) == 2


def test_the_eleventh_photo_is_refused_on_the_photos_page(
    owner: User, owner_client: Client, draft_lot: Lot
) -> None:
    for _ in range(MAX_PHOTOS):
        photo_add(actor=owner, lot=draft_lot, upload=jpeg())
    response = owner_client.post(url("lot_photos", draft_lot.pk), {"photos": [jpeg()]})
    assert response.status_code == 200
    assert "A lot has at most 10 photos" in response.content.decode()
    assert draft_lot.photos.count() == MAX_PHOTOS


def test_the_photos_page_refuses_a_text_file(owner_client: Client, draft_lot: Lot) -> None:
    text = SimpleUploadedFile("notes.webp", b"just some notes", content_type="image/webp")
    response = owner_client.post(url("lot_photos", draft_lot.pk), {"photos": [text]})
    assert "send a JPEG, PNG or WebP image" in response.content.decode()
    assert not draft_lot.photos.exists()


SELLER_PAGES = [
    ("seller_lots", False, "get"),
    ("lot_create", False, "get"),
    ("lot_create", False, "post"),
    ("lot_edit", True, "get"),
    ("lot_edit", True, "post"),
    ("lot_publish", True, "post"),
    ("lot_withdraw", True, "post"),
    ("lot_delete", True, "post"),
    ("lot_photos", True, "get"),
    ("lot_photos", True, "post"),
    ("lot_photo_delete", True, "post"),
    ("lot_photo_cover", True, "post"),
]


@pytest.mark.parametrize(("name", "with_lot", "method"), SELLER_PAGES)
def test_an_outsider_gets_404_on_every_seller_page(
    outsider_client: Client,
    owner: User,
    draft_lot: Lot,
    seller_site: Site,
    name: str,
    with_lot: bool,
    method: str,
) -> None:
    photo = photo_add(actor=owner, lot=draft_lot, upload=jpeg())
    args: list[Any] = [draft_lot.pk] if with_lot else []
    if name in ("lot_photo_delete", "lot_photo_cover"):
        args.append(photo.pk)
    data = {**form_data(seller_site), "photos": [jpeg()]} if method == "post" else None
    response = getattr(outsider_client, method)(url(name, *args), data)
    assert response.status_code == 404
    draft_lot.refresh_from_db()
    assert draft_lot.title == "Chaises de bureau ergonomiques"
    assert draft_lot.photos.count() == 1
    assert Lot.objects.count() == 1


def test_a_lot_of_another_seller_is_404_under_one_s_own_organisation(
    outsider: User, other_company: Organisation, draft_lot: Lot
) -> None:
    client = client_for(outsider)
    for name in ("lot_edit", "lot_photos"):
        path = reverse(f"marketplace:{name}", args=[other_company.slug, draft_lot.pk])
        assert client.get(path).status_code == 404
    path = reverse("marketplace:lot_publish", args=[other_company.slug, draft_lot.pk])
    assert client.post(path).status_code == 404


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client: Client, draft_lot: Lot) -> None:
    response = client.get(url("seller_lots"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_publishing_a_published_lot_again_says_so(owner_client: Client, lot: Lot) -> None:
    response = owner_client.post(url("lot_publish", lot.pk), follow=True)
    assert "already published" in response.content.decode()


def test_the_photos_page_asks_for_a_file_when_none_was_chosen(
    owner_client: Client, draft_lot: Lot
) -> None:
    response = owner_client.post(url("lot_photos", draft_lot.pk), {})
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == ["This field is required."]


def test_a_photo_is_made_the_cover(owner: User, owner_client: Client, draft_lot: Lot) -> None:
    first = photo_add(actor=owner, lot=draft_lot, upload=jpeg())
    second = photo_add(actor=owner, lot=draft_lot, upload=jpeg())
    response = owner_client.post(url("lot_photo_cover", draft_lot.pk, second.pk), follow=True)
    assert "This photo is now the lot" in response.content.decode()
    assert list(draft_lot.photos.values_list("pk", "position")) == [(second.pk, 0), (first.pk, 1)]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12,50", Decimal("12.50")),
        ("1 250,50 €", Decimal("1250.50")),
        ("1\u202f250,50", Decimal("1250.50")),
        ("1.250,50", Decimal("1250.50")),
        ("1,250.50", Decimal("1250.50")),
        ("12.5", Decimal("12.5")),
    ],
)
def test_prices_are_read_the_french_and_the_english_way(
    owner_client: Client, seller_site: Site, typed: str, stored: Decimal
) -> None:
    owner_client.post(url("lot_create"), form_data(seller_site, unit_price=typed))
    assert Lot.objects.get().unit_price == stored


def test_a_french_reader_sees_prices_with_a_decimal_comma(
    owner_client: Client, draft_lot: Lot
) -> None:
    owner_client.cookies["django_language"] = "fr"
    html = owner_client.get(url("lot_edit", draft_lot.pk)).content.decode()
    assert 'name="unit_price" value="12,50"' in html


def test_the_list_links_to_posting_importing_and_exporting(
    owner_client: Client, company: Organisation
) -> None:
    html = owner_client.get(url("seller_lots")).content.decode()
    assert url("lot_create") in html
    assert url("lot_import") in html
    assert url("lot_export", "xlsx") in html
