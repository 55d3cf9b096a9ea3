"""PDF documents: a structural check, a refusal of active content, and the metadata blanked.

Without a PDF library (none is a dependency) the document is not rewritten. It must start with a
PDF header, end with ``startxref`` pointing inside the file and ``%%EOF``, and carry none of the
names that make a viewer run or unpack something: JavaScript, launch actions, embedded files,
rich media, XFA forms. Names are read with their ``#xx`` escapes decoded, and in compressed
object streams too; an encrypted document is refused because those streams cannot be read.

Metadata is blanked *in place*: the document information dictionary (``/Info``: title, author,
dates, producer) keeps its ``<<`` ``>>`` but its entries become spaces, uncompressed XMP streams
are replaced by an empty XMP packet padded to the same length, and the references to both are
blanked. No byte moves, so the cross-reference offsets stay valid. A dictionary stored inside a
compressed object stream (or a compressed XMP stream) cannot be rewritten that way: it loses its
reference, so viewers show no properties, but its bytes remain inside the compressed stream.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import PillKind
from .rules import MediaRejected, damaged, display_name

_HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)")
# Some writers pad the end with spaces or NUL bytes after the last %%EOF.
_TAIL = re.compile(rb"startxref\s+(\d+)\s*%%EOF[\s\x00]*$")
_TAIL_WINDOW = 2048
_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+\-]|#[0-9A-Fa-f]{2})+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: Names of active content: each makes a viewer run code, open another program or unpack a file.
_ACTIVE = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA", b"GoToE"}
)
_STREAM = re.compile(rb">>\s*stream\r?\n")
_NEWLINE = re.compile(rb"[\r\n]")
#: Every filter an object stream could be compressed with; only FlateDecode alone is read here.
_FILTERS = frozenset(
    {
        b"FlateDecode",
        b"Fl",
        b"LZWDecode",
        b"LZW",
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"RunLengthDecode",
    }
)
_OBJECT = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b")
_INFO = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_METADATA_REFERENCE = re.compile(rb"/(?:Info|Metadata)\s+\d+\s+\d+\s+R")
_LENGTH = re.compile(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)")
#: Object streams are inflated to look for hidden names, up to this much in all (a zip bomb stops).
_INFLATE_BUDGET = 64 * 1024 * 1024
_EMPTY_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta><?xpacket end="w"?>'
)
_WHITESPACE = b" \t\r\n\f\x00"


def clean_pdf(data: bytes, *, name: str) -> bytes:
    """The document with its metadata blanked; a MediaRejected if it is broken or active."""
    _check_structure(data, name)
    streams = list(_streams(data))
    names = _names(_skeleton(data, streams))
    if b"Encrypt" in names:
        raise MediaRejected(
            _("“%(name)s” is password-protected or encrypted: upload an unprotected copy.")
            % {"name": display_name(name)},
            code="pdf_encrypted",
        )
    for stream_names in _object_stream_names(data, streams, name):
        names |= stream_names
    if names & _ACTIVE:
        raise MediaRejected(
            _(
                "“%(name)s” contains scripts, attached files or actions that run by themselves, which are not "
                "accepted: save it again as a plain PDF (for example with “Print to PDF”) and upload that."
            )
            % {"name": display_name(name)},
            code="pdf_active",
        )
    cleaned = bytearray(data)
    _blank_info(cleaned)
    _blank_xmp(cleaned, streams)
    _drop_metadata_references(cleaned, streams)
    _check_structure(bytes(cleaned), name)
    return bytes(cleaned)


def _check_structure(data: bytes, name: str) -> None:
    if not _HEADER.match(data):
        raise damaged(name, PillKind.PDF)
    tail = _TAIL.search(data[-_TAIL_WINDOW:])
    if tail is None:
        raise damaged(name, PillKind.PDF)
    offset = int(tail.group(1))
    if not 0 < offset < len(data):
        raise damaged(name, PillKind.PDF)
    # A classic table starts with "xref", a cross-reference stream with "<n> <g> obj".
    target = data[offset : offset + 32].lstrip(_WHITESPACE)
    if not (target.startswith(b"xref") or _OBJECT.match(target)):
        raise damaged(name, PillKind.PDF)


@dataclass(frozen=True)
class _Stream:
    dictionary: bytes
    names: frozenset[bytes]
    start: int
    end: int


def _streams(data: bytes) -> Iterator[_Stream]:
    """Every stream, in order: its dictionary and where its data starts and ends. Data is skipped
    by its /Length when that is stated, so binary content is never taken for keywords."""
    position = 0
    while match := _STREAM.search(data, position):
        opening = data.rfind(b"obj", position, match.start())
        dictionary = data[opening if opening >= 0 else position : match.end()]
        start = match.end()
        length = _LENGTH.search(dictionary)
        end = start + int(length.group(1)) if length else -1
        if not (0 <= end <= len(data) and data[end : end + 32].lstrip(_WHITESPACE).startswith(b"endstream")):
            end = data.find(b"endstream", start)
        if end < 0:
            return
        yield _Stream(dictionary=dictionary, names=frozenset(_names(dictionary)), start=start, end=end)
        position = end + len(b"endstream")


def _skeleton(data: bytes, streams: list[_Stream]) -> bytes:
    """The document without its streams' data: the objects, dictionaries and trailers."""
    parts = []
    position = 0
    for stream in streams:
        parts.append(data[position : stream.start])
        position = stream.end
    parts.append(data[position:])
    return b"".join(parts)


def _decode_name(raw: bytes) -> bytes:
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)


def _names(data: bytes) -> set[bytes]:
    return {_decode_name(match.group(1)) for match in _NAME.finditer(data)}


def _object_stream_names(data: bytes, streams: list[_Stream], name: str) -> Iterator[set[bytes]]:
    """The names inside every compressed object stream (where a document can hide /JavaScript)."""
    budget = _INFLATE_BUDGET
    for stream in streams:
        if b"ObjStm" not in stream.names:
            continue
        raw = data[stream.start : stream.end]
        if b"Filter" not in stream.names:
            yield _names(raw)
            continue
        if stream.names & _FILTERS != {b"FlateDecode"} or b"DecodeParms" in stream.names:
            raise _unchecked(name)
        if budget <= 0:
            raise _unchecked(name)
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(raw, budget)
        except zlib.error as error:
            raise _unchecked(name) from error
        if inflater.unconsumed_tail:
            raise _unchecked(name)
        budget -= len(content)
        yield _names(content)


def _unchecked(name: str) -> MediaRejected:
    return MediaRejected(
        _(
            "“%(name)s” is built in a way Ponte cannot check for scripts, so it was not accepted: "
            "save it again as a plain PDF (for example with “Print to PDF”) and upload that."
        )
        % {"name": display_name(name)},
        code="pdf_unchecked",
    )


def _dictionary_end(data: bytearray, start: int) -> int | None:
    """The index just after the ``>>`` that closes the dictionary opened at ``start``."""
    depth = 0
    index = start
    size = len(data)
    while index < size:
        if data.startswith(b"<<", index):
            depth += 1
            index += 2
        elif data.startswith(b">>", index):
            depth -= 1
            index += 2
            if depth == 0:
                return index
        elif data[index] == ord("("):
            index = _string_end(data, index)
        elif data[index] == ord("<"):
            index = data.find(b">", index) + 1 or size
        elif data[index] == ord("%"):
            newline = _NEWLINE.search(data, index)
            index = newline.end() if newline else size
        else:
            index += 1
    return None


def _string_end(data: bytearray, start: int) -> int:
    """The index after the literal string opened at ``start``: nested parentheses, escapes."""
    depth = 0
    index = start
    while index < len(data):
        char = data[index]
        if char == ord("\\"):
            index += 2
            continue
        if char == ord("("):
            depth += 1
        elif char == ord(")"):
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(data)


def _blank_info(data: bytearray) -> None:
    """Every revision of the information dictionary keeps its brackets; its entries become spaces."""
    for number, generation in set(_INFO.findall(data)):
        pattern = re.compile(rb"(?<![0-9])" + number + rb"\s+" + generation + rb"\s+obj\s*")
        for match in pattern.finditer(data):
            start = match.end()
            if not data.startswith(b"<<", start):
                continue
            end = _dictionary_end(data, start)
            if end is not None:
                data[start + 2 : end - 2] = b" " * (end - start - 4)


def _blank_xmp(data: bytearray, streams: list[_Stream]) -> None:
    """Uncompressed XMP packets become an empty packet of the same length."""
    for stream in streams:
        if {b"Metadata", b"XML"} <= stream.names and b"Filter" not in stream.names:
            span = stream.end - stream.start
            packet = _EMPTY_XMP if len(_EMPTY_XMP) <= span else b""
            data[stream.start : stream.end] = packet.ljust(span, b" ")


def _drop_metadata_references(data: bytearray, streams: list[_Stream]) -> None:
    """Blank every ``/Info`` and ``/Metadata`` reference outside stream data: both are optional,
    and without them a viewer finds no properties even where the dictionary itself sits in a
    compressed object stream this module cannot rewrite."""
    bodies = [(stream.start, stream.end) for stream in streams]
    for match in _METADATA_REFERENCE.finditer(bytes(data)):
        if not any(start <= match.start() < end for start, end in bodies):
            data[match.start() : match.end()] = b" " * (match.end() - match.start())
