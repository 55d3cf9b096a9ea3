"""The bad-file corpus: uploads the library must refuse, each with a message about that file.

``bad_files()`` returns ``(label, filename, content)``; names ending in .vtt or .srt are captions,
the rest are media. Everything is built on the spot from the real samples (``ponte.demo.samples``)
and hand-made headers, so the corpus is deterministic and needs no committed binaries. Sizes over
a limit are read from the settings when the corpus is built.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

from ponte.demo import samples
from ponte.library.media import captions_max_bytes, max_bytes
from ponte.library.models import PillKind

_SEED = 6


def pdf_document(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A structurally valid PDF of ``objects`` (numbered from 1, object 1 the catalog), with a
    correct cross-reference table; ``trailer`` adds entries such as ``/Info 4 0 R``."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref))
    return out.getvalue()


_PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
)


def pdf_with_javascript() -> bytes:
    return pdf_document(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        *_PAGES,
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('hello'\\)) >>",
    )


def pdf_with_hidden_javascript() -> bytes:
    """JavaScript spelt with #xx escapes, inside a compressed object stream."""
    hidden = b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    return pdf_document(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        *_PAGES,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(packed))
        + packed
        + b"\nendstream",
    )


def pdf_with_attachment() -> bytes:
    return pdf_document(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        *_PAGES,
        b"<< /Names [(payload.exe) << /Type /Filespec /F (payload.exe) >>] >>",
    )


def elf_executable() -> bytes:
    """The start of a Linux x86-64 program: ELF header and one program header."""
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    program = struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, 0x1000, 0x1000, 0x1000)
    return header + program + b"\x90" * 4000


def windows_executable() -> bytes:
    """The start of a Windows program: the MZ stub pointing at a PE header."""
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + struct.pack("<I", 64)
    return stub + b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x22) + bytes(3000)


def zip_archive() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lesson.txt", "not a video")
    return buffer.getvalue()


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (2.5 gigapixels by default)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(4096))) + chunk(b"IEND", b"")
    )


def noisy_jpeg() -> bytes:
    """A photo-like JPEG (noise compresses badly, so cutting it loses real image data)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (320, 240), garbage(320 * 240 * 3)).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def garbage(size: int) -> bytes:
    return random.Random(_SEED).randbytes(size)


def oversized(prefix: bytes, limit: int) -> bytes:
    """``prefix`` padded to one byte over ``limit``."""
    return prefix + bytes(limit + 1 - len(prefix))


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.cookie)">'
    b"<script>fetch('/api/me').then(r => r.text()).then(alert)</script><rect width='10' height='10'/></svg>\n"
)
WEB_PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"


def bad_files() -> list[tuple[str, str, bytes]]:
    """(label, filename, content) of every file the upload must refuse."""
    mp4 = samples.video("mp4")
    webm = samples.video("webm")
    jpeg = noisy_jpeg()
    return [
        ("program with .exe extension", "setup.exe", windows_executable()),
        ("linux program renamed clip.mp4", "clip.mp4", elf_executable()),
        ("windows program renamed photo.jpg", "photo.jpg", windows_executable()),
        ("zip archive", "lesson.zip", zip_archive()),
        ("zip archive renamed .mp4", "lesson.mp4", zip_archive()),
        ("web page", "page.html", WEB_PAGE),
        ("web page renamed .mp4", "video.mp4", WEB_PAGE),
        ("text renamed .mp4", "notes.mp4", b"These are my notes, not a video.\n" * 20),
        ("png picture named .jpg", "picture.jpg", samples.image("PNG")),
        ("svg with script", "drawing.svg", SVG_WITH_SCRIPT),
        ("svg with script renamed .png", "drawing.png", SVG_WITH_SCRIPT),
        ("oversized image", "huge.jpg", oversized(jpeg[:2048], max_bytes(PillKind.IMAGE))),
        ("truncated mp4", "lesson.mp4", mp4[: len(mp4) // 2]),
        ("corrupt mp4", "broken.mp4", mp4[:32] + garbage(20_000)),
        ("truncated webm", "lesson.webm", webm[: len(webm) // 2]),
        ("corrupt webm", "broken.webm", webm[:64] + garbage(20_000)),
        ("truncated mp3", "lesson.mp3", samples.audio("mp3")[:200]),
        ("truncated jpeg", "photo.jpg", jpeg[: len(jpeg) // 2]),
        ("decompression bomb png", "bomb.png", png_bomb()),
        ("web page named .pdf", "document.pdf", b"%PDF-1.4\n" + WEB_PAGE),
        (
            "html and pdf polyglot",
            "invoice.pdf",
            WEB_PAGE + pdf_document(b"<< /Type /Catalog /Pages 2 0 R >>", *_PAGES),
        ),
        ("pdf with javascript", "form.pdf", pdf_with_javascript()),
        ("pdf with hidden javascript", "report.pdf", pdf_with_hidden_javascript()),
        ("pdf with an attached file", "attachment.pdf", pdf_with_attachment()),
        ("zero-byte file", "empty.mp4", b""),
        ("no extension", "recording", webm),
        ("binary captions", "captions.vtt", samples.image("PNG")),
        ("captions that are not webvtt", "captions.vtt", b"Hello, these are just words.\n"),
        ("captions with nonsense timestamps", "captions.vtt", b"WEBVTT\n\n99:99:99.999 --> 00:00:01.000\nHello\n"),
        ("captions ending before they start", "subtitles.srt", b"1\n00:00:05,000 --> 00:00:01,000\nHello\n"),
        (
            "oversized captions",
            "long.vtt",
            oversized(b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n", captions_max_bytes()).replace(b"\0", b"a"),
        ),
    ]
