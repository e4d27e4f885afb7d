"""Photos of lots: checked, re-encoded without their metadata, thumbnailed, stored.

An upload is trusted for nothing: its name and the browser's content type are ignored, Pillow
reads the content and only JPEG, PNG and WebP are opened at all. The picture is decoded once,
turned upright from its EXIF orientation, then written again as a JPEG with no metadata (a
phone's EXIF holds the GPS position of the warehouse and the owner's device), at most
`MAX_SIDE_PX` on its long side, with a `THUMB_SIDE_PX` thumbnail for lists::

    with open("chairs.jpg", "rb") as handle:
        photo = photo_add(actor=olivia, lot=lot, upload=File(handle, name="chairs.jpg"))
    photo.thumbnail.url  # marketplace/lots/<lot id>/<random>-thumb.jpg

Files go through Django's default storage (a local folder, or S3 by settings) and are served
by a view that checks who may see the lot, never straight from MEDIA_URL.
"""

from __future__ import annotations

import secrets
import struct
import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from boucle.accounts.models import Site, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, LotPhoto
from boucle.marketplace.services.lots import lot_create, require_member

__all__ = [
    "MAX_BYTES",
    "MAX_PHOTOS",
    "MAX_PIXELS",
    "MAX_SIDE_PX",
    "THUMB_SIDE_PX",
    "PreparedPhoto",
    "lot_create_with_photos",
    "photo_add",
    "photo_delete",
    "photo_make_cover",
    "photo_prepare",
    "photos_add",
    "photos_store_prepared",
]

MAX_PHOTOS = 10
MAX_BYTES = 10 * 1024 * 1024
# 40 megapixels is above any phone or camera a seller would use (a 24 MP camera is 6000x4000);
# decoding one takes about 120 MB, which bounds what a single upload can cost the server.
MAX_PIXELS = 40_000_000
MAX_SIDE_PX = 1600
THUMB_SIDE_PX = 400
JPEG_QUALITY = 85
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")

# Pillow's own limit (Image.MAX_IMAGE_PIXELS, about 89 megapixels) stays as it is: it is
# process-wide and other code opens images too. Ours is lower and checked first, from the
# header alone; Pillow's warning and error above its limit are turned into refusals as well.


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked upload, re-encoded in memory and ready to store (JPEG bytes)."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _not_an_image() -> ServiceError:
    return ServiceError(
        _("This file is not a photo we can read: send a JPEG, PNG or WebP image."),
        field="photo",
    )


def _too_many_pixels(width: int, height: int) -> ServiceError:
    return ServiceError(
        _(
            "This image is %(width)s by %(height)s pixels, more than the %(limit)s megapixels "
            "accepted: send a smaller one."
        )
        % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
        field="photo",
    )


def _size_of(upload: Any) -> int | None:
    size = getattr(upload, "size", None)
    return size if isinstance(size, int) else None


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent areas become white, as on the page they are shown on."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale PNGs: scale to 8 bits, as Pillow's conversion would clip to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _encode(image: Image.Image, icc_profile: bytes | None) -> bytes:
    buffer = BytesIO()
    # No `exif=`: Pillow writes no metadata unless asked. The colour profile is kept (it
    # describes colours, not people), so wide-gamut phone photos do not come out dull.
    options: dict[str, Any] = {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def _open(stream: IO[bytes]) -> Image.Image:
    """Opens the header only, refusing other formats and pictures too large to decode."""
    with warnings.catch_warnings():
        # Between Pillow's limit and twice it, Pillow only warns: make that a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ServiceError(
                _(
                    "This image declares far more pixels than a photo needs (over %(limit)s "
                    "megapixels): it was refused to protect the server. Send an ordinary photo."
                )
                % {"limit": MAX_PIXELS // 1_000_000},
                field="photo",
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise _not_an_image() from None
    width, height = image.size
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        image.close()
        raise _too_many_pixels(width, height) if width and height else _not_an_image()
    return image


def photo_prepare(upload: Any) -> PreparedPhoto:
    """Checks and re-encodes an upload in memory; raises ServiceError(field="photo").

    Nothing is stored, so a form can check every photo before it saves anything.
    """
    size = _size_of(upload)
    if size is not None and size > MAX_BYTES:
        raise ServiceError(
            _("This photo weighs %(size)s MB; the limit is %(limit)s MB.")
            % {"size": number_format(size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024},
            field="photo",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    # Read at most one byte more than allowed: a File without a size is still bounded.
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ServiceError(
            _("This photo weighs more than %(limit)s MB.") % {"limit": MAX_BYTES // 1024 // 1024},
            field="photo",
        )
    if not data:
        raise _not_an_image()
    image = _open(BytesIO(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # MPO: the JPEG of cameras and phones that embed a second picture (Pillow reads the
            # first one).
            if image.format in ("JPEG", "MPO"):
                # The JPEG decoder can scale by 1/2, 1/4 or 1/8 while decoding: far less memory.
                image.draft("RGB", (MAX_SIDE_PX, MAX_SIDE_PX))
            image.load()
            # A profile describes the source's colour space: it fits the RGB output only when
            # the source was RGB (a CMYK or grey profile on RGB pixels would be wrong).
            icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
            try:
                upright = ImageOps.exif_transpose(image)
            except (KeyError, TypeError, ValueError, SyntaxError, struct.error):
                # A broken EXIF block: the picture itself is fine, keep it as stored.
                upright = image
            flat = _flatten(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(*image.size) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        # A truncated or corrupt file whose header looked right.
        raise _not_an_image() from None
    finally:
        image.close()
    full = flat
    full.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
    thumb = full.copy()
    thumb.thumbnail((THUMB_SIDE_PX, THUMB_SIDE_PX), Image.Resampling.LANCZOS)
    return PreparedPhoto(
        image=_encode(full, icc_profile),
        thumbnail=_encode(thumb, icc_profile),
        width=full.width,
        height=full.height,
    )


def _check_room(lot: Lot, adding: int) -> None:
    count = LotPhoto.objects.filter(lot=lot).count()
    if count + adding > MAX_PHOTOS:
        if count >= MAX_PHOTOS:
            message = _("A lot has at most %(max)s photos: delete one before adding another.") % {
                "max": MAX_PHOTOS
            }
        else:
            message = _(
                "A lot has at most %(max)s photos: this one has %(count)s, so add at most "
                "%(room)s more."
            ) % {"max": MAX_PHOTOS, "count": count, "room": MAX_PHOTOS - count}
        raise ServiceError(message, field="photo")


def _store(lot: Lot, prepared: PreparedPhoto, position: int) -> LotPhoto:
    """Writes both files, then the row; removes the files if the row cannot be saved."""
    # A random name: no guessing another lot's photo, no clash, and nothing from the upload.
    token = secrets.token_urlsafe(12)
    photo = LotPhoto(lot=lot, position=position)
    try:
        photo.image.save(f"{token}.jpg", ContentFile(prepared.image), save=False)
        photo.thumbnail.save(f"{token}-thumb.jpg", ContentFile(prepared.thumbnail), save=False)
        photo.width, photo.height = prepared.width, prepared.height
        photo.save()
    except BaseException:
        _delete_files(photo.image.name, photo.thumbnail.name)
        raise
    return photo


def _delete_files(*names: str | None) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def _lock(lot: Lot) -> Lot:
    # The lot's row is the lock that keeps two uploads at once from making an 11th photo.
    return Lot.objects.select_for_update().select_related("seller").get(pk=lot.pk)


def photos_add(*, actor: User, lot: Lot, uploads: list[Any]) -> list[LotPhoto]:
    """Adds several photos, all or none: each is checked before any is stored."""
    require_member(actor, lot.seller)
    # Counted once before the work of decoding, and again under the lock before storing.
    _check_room(lot, len(uploads))
    prepared = [photo_prepare(upload) for upload in uploads]
    return photos_store_prepared(actor=actor, lot=lot, prepared=prepared)


def photo_add(*, actor: User, lot: Lot, upload: Any) -> LotPhoto:
    """Adds one photo to a lot (upload: a Django File or UploadedFile).

    Raises ServiceError(field="photo") for a file that is not a JPEG, PNG or WebP image, one
    above `MAX_BYTES` or `MAX_PIXELS`, a decompression bomb, or a photo beyond `MAX_PHOTOS`.
    """
    return photos_add(actor=actor, lot=lot, uploads=[upload])[0]


@transaction.atomic
def photos_store_prepared(
    *, actor: User, lot: Lot, prepared: list[PreparedPhoto]
) -> list[LotPhoto]:
    """Stores photos already checked by `photo_prepare`, after the lot's existing ones."""
    locked = _lock(lot)
    require_member(actor, locked.seller)
    _check_room(locked, len(prepared))
    last = LotPhoto.objects.filter(lot=locked).aggregate(last=Max("position"))["last"]
    start = 0 if last is None else last + 1
    stored: list[LotPhoto] = []
    try:
        for offset, one in enumerate(prepared):
            stored.append(_store(locked, one, start + offset))
    except BaseException:
        # The rows roll back with the transaction; the files of those already stored must go too.
        _delete_files(*(name for p in stored for name in (p.image.name, p.thumbnail.name)))
        raise
    return stored


@transaction.atomic
def photo_delete(*, actor: User, photo: LotPhoto) -> None:
    """Deletes a photo and its files; the photos after it move up one place."""
    locked = _lock(photo.lot)
    require_member(actor, locked.seller)
    current = LotPhoto.objects.filter(pk=photo.pk, lot=locked).first()
    if current is None:
        return  # deleted meanwhile (a double click): nothing left to do
    photo = current
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    LotPhoto.objects.filter(lot=locked, position__gt=photo.position).update(
        position=F("position") - 1
    )
    # Only once the row is gone for good: a rollback must not leave a row without its files.
    transaction.on_commit(lambda: _delete_files(*names))


@transaction.atomic
def photo_make_cover(*, actor: User, photo: LotPhoto) -> LotPhoto:
    """Puts a photo first, where lists and the lot's page show it; the others keep their order."""
    locked = _lock(photo.lot)
    require_member(actor, locked.seller)
    photos = list(LotPhoto.objects.filter(lot=locked))
    ordered = [p for p in photos if p.pk == photo.pk] + [p for p in photos if p.pk != photo.pk]
    if not ordered or ordered[0].pk != photo.pk:
        raise ServiceError(_("This photo was deleted meanwhile."), field="photo")
    for position, one in enumerate(ordered):
        if one.position != position:
            one.position = position
            one.save(update_fields=["position"])
    return ordered[0]


def lot_create_with_photos(*, actor: User, site: Site, uploads: list[Any], **fields: Any) -> Lot:
    """Creates a draft lot with its first photos, all or nothing (the create page's service).

    The photos are checked before the lot is saved: a bad file refuses the whole submission,
    so no lot is left without the photos its seller meant it to have.
    """
    if len(uploads) > MAX_PHOTOS:
        raise ServiceError(
            _("A lot has at most %(max)s photos: select fewer.") % {"max": MAX_PHOTOS},
            field="photo",
        )
    prepared = [photo_prepare(upload) for upload in uploads]
    with transaction.atomic():
        lot = lot_create(actor=actor, site=site, **fields)
        photos_store_prepared(actor=actor, lot=lot, prepared=prepared)
    return lot
