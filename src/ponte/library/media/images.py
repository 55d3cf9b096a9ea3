"""Images: decoded in full by Pillow, turned upright, and saved again from their pixels alone.

A new image made from the pixels carries no EXIF (camera, GPS position, owner), XMP, ICC
profile or comment: nothing of the original file but what it shows.
"""

from __future__ import annotations

import io
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from ..models import PillKind
from .rules import MediaRejected, damaged, display_name, max_pixels

_PILLOW_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_OUTPUTS = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"), "WEBP": (".webp", "image/webp")}
#: The pixel layouts each format is saved in; anything else is converted first.
_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"L", "LA", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}
_SAVE_OPTIONS: dict[str, dict[str, int]] = {
    "JPEG": {"quality": 90},
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 90},
}
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, UnidentifiedImageError)
_TRUNCATION_SWITCH = threading.Lock()
THUMBNAIL_SIZE = (640, 640)
THUMBNAIL_QUALITY = 80


@dataclass(frozen=True)
class CleanedImage:
    path: Path
    mime: str
    extension: str
    width: int
    height: int
    thumbnail: bytes


def clean_image(source: Path, workdir: Path, extension: str, *, name: str) -> CleanedImage:
    """Decode, check and re-encode ``source``; a MediaRejected if it is not a sound image."""
    expected = _PILLOW_FORMATS[extension]
    try:
        with Image.open(source, formats=[expected]) as picture:
            _check_pixels(name, *picture.size)
            with warnings.catch_warnings(), _refusing_truncated_images():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                picture.load()
            clean = _pixels_only(_upright(picture), expected)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name, None) from error
    except _DECODE_ERRORS as error:
        raise damaged(name, PillKind.IMAGE) from error
    suffix, mime = _OUTPUTS[expected]
    target = workdir / f"clean{suffix}"
    clean.save(target, format=expected, **_SAVE_OPTIONS[expected])
    return CleanedImage(
        path=target,
        mime=mime,
        extension=suffix,
        width=clean.width,
        height=clean.height,
        thumbnail=thumbnail_jpeg(clean),
    )


@contextmanager
def _refusing_truncated_images() -> Iterator[None]:
    """Pillow's truncated-image switch off while an upload decodes. It is one switch for the whole
    process, and WeasyPrint (the reports' PDFs) turns it on when imported: a cut-off upload would
    then load as grey padding instead of failing."""
    with _TRUNCATION_SWITCH:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def thumbnail_jpeg(picture: Image.Image) -> bytes:
    """A JPEG still at most 640 pixels wide and high; transparent parts become white."""
    still = picture.copy()
    still.thumbnail(THUMBNAIL_SIZE)
    if still.mode in {"RGBA", "LA"}:
        background = Image.new("RGB", still.size, (255, 255, 255))
        background.paste(still, mask=still.getchannel("A"))
        still = background
    buffer = io.BytesIO()
    still.convert("RGB").save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY)
    return buffer.getvalue()


def _check_pixels(name: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise damaged(name, PillKind.IMAGE)
    if width * height > max_pixels():
        raise _too_many_pixels(name, (width, height))


def _too_many_pixels(name: str, size: tuple[int, int] | None) -> MediaRejected:
    limit = max_pixels() // 1_000_000
    if size is None:
        message = _("“%(name)s” has too many pixels: images can have at most %(limit)d megapixels.") % {
            "name": display_name(name),
            "limit": limit,
        }
    else:
        message = _("“%(name)s” is %(width)d × %(height)d pixels: images can have at most %(limit)d megapixels.") % {
            "name": display_name(name),
            "width": size[0],
            "height": size[1],
            "limit": limit,
        }
    return MediaRejected(message, code="too_many_pixels")


def _upright(picture: Image.Image) -> Image.Image:
    """The picture turned as the camera's EXIF orientation says, before that tag is dropped."""
    try:
        return ImageOps.exif_transpose(picture)
    except _DECODE_ERRORS:
        # Unreadable EXIF: the pixels are sound, only their orientation is unknown.
        return picture


def _pixels_only(picture: Image.Image, fmt: str) -> Image.Image:
    if picture.mode not in _MODES[fmt]:
        has_alpha = "A" in picture.getbands() or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha and "RGBA" in _MODES[fmt] else "RGB")
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    return clean
