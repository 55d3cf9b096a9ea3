"""What the library accepts: file types, the content each one must really have, and size limits.

An upload is identified by its extension first (the person's claim), then by its content
(libmagic on the first few kilobytes); both must name the same format. The container and codecs
are checked again when PyAV opens the file (``audiovisual``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ponte.core.errors import DomainError

from ..models import PillKind


class MediaRejected(DomainError):  # noqa: N818 - the name other modules code against
    """An uploaded file the library refuses; the message says which rule and, for limits, which."""


class Family(StrEnum):
    """How a format is checked and cleaned."""

    MP4 = "mp4"
    MATROSKA = "matroska"
    MP3 = "mp3"
    OGG = "ogg"
    IMAGE = "image"
    PDF = "pdf"


AV_FAMILIES = frozenset({Family.MP4, Family.MATROSKA, Family.MP3, Family.OGG})

_MP4_TYPES = frozenset({"video/mp4", "audio/mp4", "audio/x-m4a", "video/x-m4v", "video/iso.segment", "application/mp4"})
_MATROSKA_TYPES = frozenset({"video/webm", "audio/webm", "video/x-matroska", "audio/x-matroska"})


@dataclass(frozen=True)
class Format:
    """One accepted extension: the content libmagic must find in it and the kinds it may hold."""

    family: Family
    sniffed: frozenset[str]
    #: The kind a file of this extension is sized against before its streams are known.
    kind: PillKind


FORMATS: dict[str, Format] = {
    ".mp4": Format(Family.MP4, _MP4_TYPES, PillKind.VIDEO),
    ".m4a": Format(Family.MP4, _MP4_TYPES, PillKind.AUDIO),
    ".webm": Format(Family.MATROSKA, _MATROSKA_TYPES, PillKind.VIDEO),
    ".mp3": Format(Family.MP3, frozenset({"audio/mpeg", "audio/mp3", "audio/x-mp3"}), PillKind.AUDIO),
    ".ogg": Format(Family.OGG, frozenset({"audio/ogg", "application/ogg", "audio/x-opus+ogg"}), PillKind.AUDIO),
    ".jpg": Format(Family.IMAGE, frozenset({"image/jpeg"}), PillKind.IMAGE),
    ".jpeg": Format(Family.IMAGE, frozenset({"image/jpeg"}), PillKind.IMAGE),
    ".png": Format(Family.IMAGE, frozenset({"image/png"}), PillKind.IMAGE),
    ".webp": Format(Family.IMAGE, frozenset({"image/webp"}), PillKind.IMAGE),
    ".pdf": Format(Family.PDF, frozenset({"application/pdf"}), PillKind.PDF),
}

#: For ``<input type="file" accept=...>``: extensions for desktop pickers, types for phones'.
ACCEPT = ",".join(
    [
        *FORMATS,
        "video/mp4",
        "video/webm",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "audio/webm",
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/pdf",
    ]
)

STORAGE_FOLDERS = frozenset({"media", "thumbnails", "captions"})

_EXECUTABLE_TYPES = frozenset(
    {
        "application/x-dosexec",
        "application/x-executable",
        "application/x-pie-executable",
        "application/x-sharedlib",
        "application/x-mach-binary",
        "application/x-elf",
        "application/vnd.microsoft.portable-executable",
        "application/x-msdownload",
    }
)
_ARCHIVE_TYPES = frozenset(
    {
        "application/zip",
        "application/x-7z-compressed",
        "application/x-rar",
        "application/vnd.rar",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-bzip2",
        "application/x-xz",
    }
)
_WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml"})
SVG_TYPES = frozenset({"image/svg+xml", "image/svg"})


def max_bytes(kind: PillKind) -> int:
    """The largest file of this kind (``PONTE_LIBRARY_MAX_BYTES``, set from the environment)."""
    return int(settings.PONTE_LIBRARY_MAX_BYTES[str(kind)])


def captions_max_bytes() -> int:
    return int(settings.PONTE_LIBRARY_MAX_BYTES["captions"])


def max_pixels() -> int:
    return int(settings.PONTE_LIBRARY_MAX_MEGAPIXELS) * 1_000_000


def storage_name(organization_id: int, extension: str, *, folder: str) -> str:
    """A fresh server-made name, ``library/<org>/<folder>/<uuid4 hex><ext>``: nothing of the
    person's file name reaches the storage."""
    if folder not in STORAGE_FOLDERS:
        raise ValueError(f"Unknown library folder {folder!r}.")
    suffix = extension.lower().lstrip(".")
    if not suffix.isascii() or not suffix.isalnum() or len(suffix) > 8:
        raise ValueError(f"Unsafe extension {extension!r}.")
    return f"library/{int(organization_id)}/{folder}/{uuid.uuid4().hex}.{suffix}"


# ---------------------------------------------------------------------------------------------
# Messages: each names the file, the rule and, for limits, the limit.
# ---------------------------------------------------------------------------------------------


def display_name(name: str) -> str:
    return Truncator(name).chars(60) or _("The file")


def accepted_types() -> str:
    return _("a video (MP4 or WebM), a recording (MP3, M4A, Ogg or WebM), an image (JPEG, PNG or WebP) or a PDF")


def kind_label(kind: PillKind) -> str:
    labels = {
        PillKind.VIDEO: _("Videos"),
        PillKind.AUDIO: _("Recordings"),
        PillKind.IMAGE: _("Images"),
        PillKind.PDF: _("PDF documents"),
    }
    return labels.get(kind, _("Files"))


def too_large(name: str, size: int, kind: PillKind, limit: int) -> MediaRejected:
    values = {
        "name": display_name(name),
        "size": filesizeformat(size),
        "kind": kind_label(kind).lower(),
        "limit": filesizeformat(limit),
    }
    if values["size"] == values["limit"]:
        # Just over the limit: "is 10 MB: at most 10 MB" would read as a contradiction.
        message = _("“%(name)s” is over the limit: %(kind)s can be at most %(limit)s.") % values
    else:
        message = _("“%(name)s” is %(size)s: %(kind)s can be at most %(limit)s.") % values
    return MediaRejected(message, code="too_large")


def empty(name: str) -> MediaRejected:
    return MediaRejected(_("“%(name)s” is empty.") % {"name": display_name(name)}, code="empty")


def no_extension(name: str) -> MediaRejected:
    return MediaRejected(
        _("“%(name)s” has no extension, so its type is unknown: upload %(types)s.")
        % {"name": display_name(name), "types": accepted_types()},
        code="no_extension",
    )


def svg_refused(name: str) -> MediaRejected:
    return MediaRejected(
        _("“%(name)s” is an SVG drawing, which is not accepted: images must be JPEG, PNG or WebP.")
        % {"name": display_name(name)},
        code="svg",
    )


def wrong_extension(name: str, extension: str) -> MediaRejected:
    return MediaRejected(
        _("“%(name)s”: %(extension)s files are not accepted. Upload %(types)s.")
        % {"name": display_name(name), "extension": extension, "types": accepted_types()},
        code="extension",
    )


def content_mismatch(name: str, extension: str, sniffed: str) -> MediaRejected:
    if sniffed in SVG_TYPES:
        return svg_refused(name)
    return MediaRejected(
        _("“%(name)s” is named %(extension)s but its content is %(found)s: it was not accepted.")
        % {"name": display_name(name), "extension": extension, "found": describe_content(sniffed)},
        code="content_mismatch",
    )


def describe_content(sniffed: str) -> str:
    """What a file really is, in words, for the message that refuses it."""
    if sniffed in _EXECUTABLE_TYPES:
        return _("a program")
    if sniffed in _ARCHIVE_TYPES:
        return _("a compressed archive")
    if sniffed in _WEB_PAGE_TYPES:
        return _("a web page")
    if sniffed.startswith("text/"):
        return _("plain text")
    for fmt_name, types in (
        ("MP4", _MP4_TYPES),
        ("WebM", _MATROSKA_TYPES),
        ("JPEG", {"image/jpeg"}),
        ("PNG", {"image/png"}),
        ("WebP", {"image/webp"}),
        ("PDF", {"application/pdf"}),
        ("MP3", FORMATS[".mp3"].sniffed),
        ("Ogg", FORMATS[".ogg"].sniffed),
    ):
        if sniffed in types:
            return _("a %(format)s file (rename it with the right extension)") % {"format": fmt_name}
    return _("of a type Ponte cannot recognise")


def damaged(name: str, kind: PillKind) -> MediaRejected:
    messages = {
        PillKind.VIDEO: _("“%(name)s” could not be played as a video: the file is damaged or incomplete."),
        PillKind.AUDIO: _("“%(name)s” could not be played as a recording: the file is damaged or incomplete."),
        PillKind.IMAGE: _("“%(name)s” could not be opened as an image: the file is damaged or incomplete."),
        PillKind.PDF: _("“%(name)s” is not a complete PDF document: the file is damaged or incomplete."),
    }
    return MediaRejected(messages[kind] % {"name": display_name(name)}, code="damaged")
