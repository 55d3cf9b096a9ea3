"""From an uploaded file to a cleaned one, ready for the library storage — or a clear refusal.

Checks run cheapest first: the extension, the size the browser declared, the real size while
the file is copied to a private working folder, the content libmagic sees, and finally the
decode check and clean-up of its format. Nothing is written to any storage here: the caller saves
``ProcessedMedia.content`` once the rest of its request is valid. The working folder is removed
on the way out, accepted or not; the cleaned file stays open but has no name on disk, so it is
gone once the caller closes it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

import magic
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from ..models import PillKind
from .audiovisual import clean_av
from .images import clean_image
from .pdf import clean_pdf
from .rules import (
    AV_FAMILIES,
    FORMATS,
    Family,
    Format,
    content_mismatch,
    empty,
    max_bytes,
    no_extension,
    svg_refused,
    too_large,
    wrong_extension,
)

#: libmagic reads this much of the file: enough for every container's signature.
SNIFF_BYTES = 8192
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ProcessedMedia:
    kind: PillKind
    mime: str
    extension: str
    size: int
    duration_seconds: float | None
    width: int | None
    height: int | None
    #: The cleaned file (metadata stripped), for ``storage.save()``; the caller closes it.
    content: File
    #: A JPEG still for videos and images; None for recordings and PDFs.
    thumbnail: bytes | None


def process_upload(upload: UploadedFile) -> ProcessedMedia:
    """Check and clean an uploaded pill file; a MediaRejected (translated message) if refused."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    fmt = _format_for(name, extension)
    limit = max_bytes(fmt.kind)
    if upload.size == 0:
        raise empty(name)
    if upload.size is not None and upload.size > limit:
        raise too_large(name, upload.size, fmt.kind, limit)
    workdir = Path(tempfile.mkdtemp(prefix="ponte-media-", dir=settings.FILE_UPLOAD_TEMP_DIR))
    try:
        source = workdir / f"upload{extension}"
        size = _copy(upload, source, name=name, fmt=fmt, limit=limit)
        if size == 0:
            raise empty(name)
        with source.open("rb") as handle:
            sniffed = magic.from_buffer(handle.read(SNIFF_BYTES), mime=True)
        if sniffed not in fmt.sniffed:
            raise content_mismatch(name, extension, sniffed)
        return _clean(source, workdir, fmt, name=name, extension=extension, size=size)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _format_for(name: str, extension: str) -> Format:
    if not extension or extension == ".":
        raise no_extension(name)
    if extension in {".svg", ".svgz"}:
        raise svg_refused(name)
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise wrong_extension(name, extension)
    return fmt


def _copy(upload: UploadedFile, target: Path, *, name: str, fmt: Format, limit: int) -> int:
    """Copy the upload to ``target``; its real size, checked against ``limit`` on the way."""
    size = 0
    with target.open("wb") as out:
        for chunk in upload.chunks(_COPY_CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(name, size, fmt.kind, limit)
            out.write(chunk)
    return size


def _clean(source: Path, workdir: Path, fmt: Format, *, name: str, extension: str, size: int) -> ProcessedMedia:
    if fmt.family in AV_FAMILIES:
        media = clean_av(source, workdir, fmt, name=name, size=size)
        return _processed(
            media.path,
            kind=media.kind,
            mime=media.mime,
            extension=media.extension,
            duration_seconds=media.duration_seconds,
            width=media.width,
            height=media.height,
            thumbnail=media.thumbnail,
        )
    if fmt.family is Family.IMAGE:
        image = clean_image(source, workdir, extension, name=name)
        return _processed(
            image.path,
            kind=PillKind.IMAGE,
            mime=image.mime,
            extension=image.extension,
            duration_seconds=None,
            width=image.width,
            height=image.height,
            thumbnail=image.thumbnail,
        )
    target = workdir / "clean.pdf"
    target.write_bytes(clean_pdf(source.read_bytes(), name=name))
    return _processed(
        target,
        kind=PillKind.PDF,
        mime="application/pdf",
        extension=".pdf",
        duration_seconds=None,
        width=None,
        height=None,
        thumbnail=None,
    )


def _processed(
    path: Path,
    *,
    kind: PillKind,
    mime: str,
    extension: str,
    duration_seconds: float | None,
    width: int | None,
    height: int | None,
    thumbnail: bytes | None,
) -> ProcessedMedia:
    """The result, holding the cleaned file open with its name already removed from the disk."""
    handle = path.open("rb")
    path.unlink()
    size = os.fstat(handle.fileno()).st_size
    return ProcessedMedia(
        kind=kind,
        mime=mime,
        extension=extension,
        size=size,
        duration_seconds=duration_seconds,
        width=width,
        height=height,
        content=File(handle, name=f"media{extension}"),
        thumbnail=thumbnail,
    )
