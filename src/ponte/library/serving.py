"""Serving private library files to a person the view has already let through the gate.

From the filesystem (or the tests' in-memory storage) the file is streamed with single-range
support, so a browser can seek in a video without downloading all of it. From S3 the answer is a
redirect to a link the storage signs for a few minutes, with the content type and disposition
forced in the signature: the bucket itself stays private, and no link outlives its minutes.
Either way the browser is told not to guess the type (``nosniff``) and the file runs no script:
media and images are sandboxed, PDFs may embed only themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

#: Browsers may keep a file this long (seconds), for this person only; names never change.
CACHE_SECONDS = 300
_CHUNK = 64 * 1024
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9 ._()\[\]+-]")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_SANDBOXED = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
# Browsers' PDF viewers are embedded plug-ins: a sandbox would stop them, object-src 'self' lets
# them show this document and nothing else.
_PDF_POLICY = "default-src 'none'; object-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'"


def serve_private_file(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    content_type: str,
    filename: str | None = None,
    inline: bool = True,
) -> HttpResponseBase:
    """The file for a GET or HEAD, whole or the one byte range asked for; raises
    FileNotFoundError if the storage no longer has it."""
    disposition = content_disposition(filename, inline=inline)
    if _is_s3(field_file):
        return _redirect_to_signed_url(field_file, content_type=content_type, disposition=disposition)
    storage = field_file.storage
    name = field_file.name or ""
    if not storage.exists(name):
        raise FileNotFoundError(name)
    size = storage.size(name)
    etag = _etag(name, size)
    try:
        byte_range = _requested_range(request, size, etag)
    except _UnsatisfiableError:
        refusal = HttpResponse(status=416)
        refusal["Content-Range"] = f"bytes */{size}"
        _harden(refusal, content_type)
        return refusal
    start, end = byte_range if byte_range else (0, size - 1)
    length = max(0, end - start + 1)
    status = 206 if byte_range else 200
    response: HttpResponseBase
    if request.method == "HEAD":
        response = HttpResponse(status=status)
    else:
        handle = storage.open(name, "rb")
        handle.seek(start)
        streamed = FileResponse(_Slice(handle, length), status=status)
        streamed.block_size = _CHUNK
        response = streamed
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = disposition
    response["ETag"] = etag
    _harden(response, content_type)
    return response


def content_disposition(filename: str | None, *, inline: bool) -> str:
    """``inline`` or ``attachment``, with a plain ASCII name every browser reads and, when the
    name has other characters, its UTF-8 form (RFC 5987) for those that understand it."""
    kind = "inline" if inline else "attachment"
    if not filename:
        return kind
    fallback = _UNSAFE_IN_NAME.sub("_", unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode())
    fallback = fallback.strip(" ._") or "file"
    header = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def _is_s3(field_file: FieldFile) -> bool:
    # Imported here: boto3 is heavy, and only S3 deployments need it.
    from storages.backends.s3 import S3Storage

    return isinstance(field_file.storage, S3Storage)


def _redirect_to_signed_url(field_file: FieldFile, *, content_type: str, disposition: str) -> HttpResponseBase:
    url = field_file.storage.url(  # type: ignore[call-arg]
        field_file.name,
        parameters={"ResponseContentType": content_type, "ResponseContentDisposition": disposition},
    )
    response = HttpResponseRedirect(url)
    # The signed link expires: nobody may keep the redirect.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _etag(name: str, size: int) -> str:
    # Names are made by the server and never reused, so name and size identify the content.
    return '"' + hashlib.sha256(f"{name}:{size}".encode()).hexdigest()[:32] + '"'


class _UnsatisfiableError(Exception):
    """The range asked for starts past the end of the file."""


def _requested_range(request: HttpRequest, size: int, etag: str) -> tuple[int, int] | None:
    """(first, last) byte of the single range asked for, or None for the whole file (no Range
    header, several ranges, a malformed one, or an If-Range that no longer holds)."""
    header = request.headers.get("Range", "").strip()
    match = _RANGE.match(header.replace(" ", ""))
    if not match:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise _UnsatisfiableError
        return max(0, size - suffix), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        raise _UnsatisfiableError
    return start, end


def _harden(response: HttpResponseBase, content_type: str) -> None:
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Security-Policy"] = _PDF_POLICY if content_type == "application/pdf" else _SANDBOXED


class _Slice:
    """A read-only window of ``length`` bytes on an open file; FileResponse streams and closes it."""

    def __init__(self, handle: IO[bytes], length: int) -> None:
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        wanted = self._left if size < 0 else min(size, self._left)
        data = self._handle.read(wanted)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()
