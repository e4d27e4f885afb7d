"""Photos of lots: only real images, re-encoded without metadata, bounded, thumbnailed."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import ExifTags, Image

from boucle.accounts.models import Site, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, LotPhoto
from boucle.marketplace.services import photos
from boucle.marketplace.services.lots import lot_delete
from boucle.marketplace.services.photos import (
    MAX_PHOTOS,
    lot_create_with_photos,
    photo_add,
    photo_delete,
    photos_add,
)
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def image_bytes(
    width: int = 60,
    height: int = 40,
    *,
    fmt: str = "JPEG",
    mode: str = "RGB",
    colour: Any = (200, 30, 30),
    exif: Image.Exif | None = None,
) -> bytes:
    buffer = BytesIO()
    options: dict[str, Any] = {"exif": exif} if exif is not None else {}
    Image.new(mode, (width, height), colour).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: its make, the picture's orientation and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 44.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 50.0, 2.5)
    return exif


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width x height 1-bit pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def opened(field: Any) -> Image.Image:
    with field.open("rb") as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


def test_a_jpeg_is_stored_with_a_thumbnail(owner: User, draft_lot: Lot, media: Path) -> None:
    photo = photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes(3000, 2000)))
    image, thumb = opened(photo.image), opened(photo.thumbnail)
    assert (image.format, image.size) == ("JPEG", (1600, 1067))
    assert (photo.width, photo.height) == (1600, 1067)
    assert (thumb.format, thumb.size) == ("JPEG", (400, 267))
    assert photo.image.name.startswith(f"marketplace/lots/{draft_lot.pk}/")
    assert len(stored_files(media)) == 2
    assert photo.position == 0


def test_a_small_photo_is_not_enlarged(owner: User, draft_lot: Lot) -> None:
    photo = photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes(300, 200)))
    assert opened(photo.image).size == (300, 200)
    assert opened(photo.thumbnail).size == (300, 200)


@pytest.mark.parametrize(
    ("fmt", "mode", "colour"),
    [("PNG", "RGBA", (0, 0, 0, 0)), ("WEBP", "RGB", (10, 200, 10)), ("PNG", "I;16", 40000)],
)
def test_png_and_webp_are_accepted_and_become_jpeg(
    owner: User, draft_lot: Lot, fmt: str, mode: str, colour: Any
) -> None:
    data = image_bytes(fmt=fmt, mode=mode, colour=colour)
    photo = photo_add(actor=owner, lot=draft_lot, upload=upload(data, "x.bin", "text/plain"))
    image = opened(photo.image)
    assert image.format == "JPEG"
    if mode == "RGBA":
        # Transparent areas come out white, as on the page, not black.
        assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=2)


def test_the_gps_position_and_other_metadata_are_removed(owner: User, draft_lot: Lot) -> None:
    original = image_bytes(exif=gps_exif())
    assert Image.open(BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = photo_add(actor=owner, lot=draft_lot, upload=upload(original))
    for field in (photo.image, photo.thumbnail):
        image = opened(field)
        assert "exif" not in image.info
        assert not image.getexif()
        with field.open("rb") as handle:
            assert b"PhoneMaker" not in handle.read()


def test_the_orientation_is_applied_before_the_metadata_goes(owner: User, draft_lot: Lot) -> None:
    # A phone held upright stores a landscape picture and "rotate 90°" (orientation 6).
    photo = photo_add(
        actor=owner, lot=draft_lot, upload=upload(image_bytes(300, 200, exif=gps_exif(6)))
    )
    assert opened(photo.image).size == (200, 300)
    assert (photo.width, photo.height) == (200, 300)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 not a photo at all", "invoice.jpg"),
        (b"", "empty.jpg"),
        (image_bytes(fmt="GIF", mode="P", colour=3), "anim.gif"),
        (image_bytes(400, 400)[:300], "truncated.jpg"),
    ],
    ids=["pdf-named-jpg", "empty", "gif", "truncated-jpeg"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused_and_nothing_stored(
    owner: User, draft_lot: Lot, media: Path, data: bytes, name: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        photo_add(actor=owner, lot=draft_lot, upload=upload(data, name, "image/jpeg"))
    assert caught.value.field == "photo"
    assert "JPEG, PNG or WebP" in caught.value.message
    assert not LotPhoto.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "side",
    # Above twice Pillow's limit it raises; between its limit and twice it, it only warns.
    [30000, 10000],
)
def test_a_decompression_bomb_is_refused_and_nothing_stored(
    owner: User, draft_lot: Lot, media: Path, side: int
) -> None:
    bomb = png_declaring(side, side)
    assert len(bomb) < 200
    with pytest.raises(ServiceError) as caught:
        photo_add(actor=owner, lot=draft_lot, upload=upload(bomb, "bomb.png", "image/png"))
    assert caught.value.field == "photo"
    assert "refused" in caught.value.message
    assert not LotPhoto.objects.exists()
    assert stored_files(media) == []


def test_a_picture_above_the_pixel_limit_is_refused(owner: User, draft_lot: Lot) -> None:
    # 8000 x 6000 = 48 megapixels: under Pillow's own limit, above ours.
    with pytest.raises(ServiceError) as caught:
        photo_add(actor=owner, lot=draft_lot, upload=upload(png_declaring(8000, 6000)))
    assert "8000 by 6000 pixels" in caught.value.message
    assert "40 megapixels" in caught.value.message


def test_a_file_above_the_size_limit_is_refused(
    owner: User, draft_lot: Lot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "MAX_BYTES", 1024 * 1024)
    # A valid JPEG followed by padding: the weight is what counts, whatever the content.
    heavy = image_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ServiceError) as caught:
        photo_add(actor=owner, lot=draft_lot, upload=upload(heavy))
    assert "the limit is 1 MB" in caught.value.message
    # A plain stream that reports no size is bounded too.
    with pytest.raises(ServiceError):
        photo_add(actor=owner, lot=draft_lot, upload=BytesIO(heavy))
    assert not LotPhoto.objects.exists()


def test_the_eleventh_photo_is_refused(owner: User, draft_lot: Lot, media: Path) -> None:
    for _ in range(MAX_PHOTOS):
        photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes()))
    with pytest.raises(ServiceError) as caught:
        photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes()))
    assert caught.value.field == "photo"
    assert "at most 10 photos" in caught.value.message
    assert draft_lot.photos.count() == MAX_PHOTOS
    assert len(stored_files(media)) == 2 * MAX_PHOTOS
    positions = list(draft_lot.photos.values_list("position", flat=True))
    assert positions == list(range(MAX_PHOTOS))


def test_several_photos_are_added_all_or_none(owner: User, draft_lot: Lot, media: Path) -> None:
    with pytest.raises(ServiceError):
        photos_add(
            actor=owner,
            lot=draft_lot,
            uploads=[upload(image_bytes()), upload(b"not an image", "b.jpg")],
        )
    assert not LotPhoto.objects.exists()
    assert stored_files(media) == []
    added = photos_add(
        actor=owner, lot=draft_lot, uploads=[upload(image_bytes()), upload(image_bytes())]
    )
    assert [p.position for p in added] == [0, 1]


def test_too_many_at_once_is_refused_before_anything_is_stored(owner: User, draft_lot: Lot) -> None:
    photos_add(actor=owner, lot=draft_lot, uploads=[upload(image_bytes()) for _ in range(8)])
    with pytest.raises(ServiceError) as caught:
        photos_add(actor=owner, lot=draft_lot, uploads=[upload(image_bytes()) for _ in range(3)])
    assert "add at most 2 more" in caught.value.message
    assert draft_lot.photos.count() == 8


def test_a_member_may_add_a_photo(member: User, draft_lot: Lot) -> None:
    photo_add(actor=member, lot=draft_lot, upload=ContentFile(image_bytes(), name="a.jpg"))
    assert draft_lot.photos.count() == 1


def test_an_outsider_may_neither_add_nor_delete(
    outsider: User, owner: User, draft_lot: Lot, media: Path
) -> None:
    with pytest.raises(ServiceError):
        photo_add(actor=outsider, lot=draft_lot, upload=upload(image_bytes()))
    assert stored_files(media) == []
    photo = photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes()))
    with pytest.raises(ServiceError):
        photo_delete(actor=outsider, photo=photo)
    assert LotPhoto.objects.filter(pk=photo.pk).exists()
    assert len(stored_files(media)) == 2


def test_deleting_a_photo_removes_its_files_and_closes_the_gap(
    owner: User,
    draft_lot: Lot,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second, third = photos_add(
        actor=owner, lot=draft_lot, uploads=[upload(image_bytes()) for _ in range(3)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(actor=owner, photo=second)
    assert list(draft_lot.photos.values_list("pk", "position")) == [(first.pk, 0), (third.pk, 1)]
    assert not (media / second.image.name).exists()
    assert not (media / second.thumbnail.name).exists()
    assert len(stored_files(media)) == 4


def test_deleting_a_draft_lot_removes_its_photo_files(
    owner: User, draft_lot: Lot, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        lot_delete(actor=owner, lot=draft_lot)
    assert stored_files(media) == []


def test_a_lot_deletion_rolled_back_keeps_its_photo_files(
    owner: User, draft_lot: Lot, media: Path
) -> None:
    photo_add(actor=owner, lot=draft_lot, upload=upload(image_bytes()))

    class Later(Exception):
        pass

    def delete_then_fail() -> None:
        with transaction.atomic():
            lot_delete(actor=owner, lot=draft_lot)
            raise Later

    # The deletion is part of a larger transaction that fails after it: the lot and its
    # photo rows come back, so their files must still be there.
    with pytest.raises(Later):
        delete_then_fail()

    assert draft_lot.photos.count() == 1
    assert len(stored_files(media)) == 2


def test_a_lot_posted_with_too_many_photos_is_not_saved(
    owner: User, seller_site: Site, media: Path
) -> None:
    uploads = [upload(image_bytes()) for _ in range(MAX_PHOTOS + 1)]
    with pytest.raises(ServiceError) as caught:
        lot_create_with_photos(actor=owner, site=seller_site, uploads=uploads, **lot_values())
    assert caught.value.field == "photo"
    assert not Lot.objects.exists()
    assert stored_files(media) == []


def test_a_lot_refused_by_its_own_rules_leaves_no_photo_file(
    owner: User, seller_site: Site, media: Path
) -> None:
    with pytest.raises(ServiceError) as caught:
        lot_create_with_photos(
            actor=owner, site=seller_site, uploads=[upload(image_bytes())], **lot_values(quantity=0)
        )
    assert caught.value.field == "quantity"
    assert not Lot.objects.exists()
    assert stored_files(media) == []
