"""Every file of the bad-file corpus is refused by the pipeline itself, with the rule it broke,
in the person's language, and leaves no working file behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile, UploadedFile
from django.test import override_settings
from django.utils import translation

from ponte.library.captions import parse_captions
from ponte.library.media import MediaRejected, process_upload

from .badfiles import bad_files

CORPUS = bad_files()
#: The rule each file breaks (MediaRejected.code).
EXPECTED = {
    "program with .exe extension": "extension",
    "linux program renamed clip.mp4": "content_mismatch",
    "windows program renamed photo.jpg": "content_mismatch",
    "zip archive": "extension",
    "zip archive renamed .mp4": "content_mismatch",
    "web page": "extension",
    "web page renamed .mp4": "content_mismatch",
    "text renamed .mp4": "content_mismatch",
    "png picture named .jpg": "content_mismatch",
    "svg with script": "svg",
    "svg with script renamed .png": "svg",
    "oversized image": "too_large",
    "truncated mp4": "damaged",
    "corrupt mp4": "damaged",
    "truncated webm": "damaged",
    "corrupt webm": "damaged",
    "truncated mp3": "damaged",
    "truncated jpeg": "damaged",
    "decompression bomb png": "too_many_pixels",
    "web page named .pdf": "damaged",
    "html and pdf polyglot": "content_mismatch",
    "pdf with javascript": "pdf_active",
    "pdf with hidden javascript": "pdf_active",
    "pdf with an attached file": "pdf_active",
    "zero-byte file": "empty",
    "no extension": "no_extension",
    "binary captions": "encoding",
    "captions that are not webvtt": "not_vtt",
    "captions with nonsense timestamps": "malformed",
    "captions ending before they start": "timing",
    "oversized captions": "too_large",
}
#: What the message must say about the file, beyond its name.
WORDS = {
    "content_mismatch": "content is",
    "svg": "JPEG, PNG or WebP",
    "too_large": "at most",
    "damaged": "damaged or incomplete",
    "extension": "not accepted",
    "pdf_active": "scripts",
    "too_many_pixels": "megapixels",
}


@pytest.fixture
def upload_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "uploads"
    folder.mkdir()
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(folder)):
        yield folder


def _is_captions(filename: str) -> bool:
    return filename.lower().endswith((".vtt", ".srt"))


def _upload(filename: str, content: bytes, *, on_disk: bool) -> UploadedFile:
    if not on_disk:
        return SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    upload = TemporaryUploadedFile(filename, "application/octet-stream", len(content), None)
    upload.write(content)
    upload.seek(0)
    return upload


def _refuse(filename: str, content: bytes, *, on_disk: bool = False) -> MediaRejected:
    upload = _upload(filename, content, on_disk=on_disk)
    check = parse_captions if _is_captions(filename) else process_upload
    try:
        with pytest.raises(MediaRejected) as refusal:
            check(upload)
    finally:
        upload.close()
    return refusal.value


def test_the_corpus_covers_every_kind_of_bad_file() -> None:
    labels = [label for label, _name, _content in CORPUS]
    assert len(labels) == len(set(labels))
    assert set(labels) == set(EXPECTED)
    assert any(content == b"" for _label, _name, content in CORPUS)
    assert any("." not in name for _label, name, _content in CORPUS)


@pytest.mark.parametrize("on_disk", [False, True], ids=["in-memory", "on-disk"])
@pytest.mark.parametrize(("label", "filename", "content"), CORPUS, ids=[label for label, _n, _c in CORPUS])
def test_a_bad_file_is_refused_with_the_rule_it_broke(
    upload_dir: Path, label: str, filename: str, content: bytes, on_disk: bool
) -> None:
    library = storages["library"]
    stored_before = library.listdir("")

    with translation.override("en"):
        refusal = _refuse(filename, content, on_disk=on_disk)

    assert refusal.code == EXPECTED[label], refusal.message
    message = str(refusal.message).replace("\xa0", " ")
    assert f"“{filename}”" in message
    assert WORDS.get(refusal.code, "") in message
    assert list(upload_dir.iterdir()) == []
    assert library.listdir("") == stored_before


@pytest.mark.parametrize(("label", "filename", "content"), CORPUS, ids=[label for label, _n, _c in CORPUS])
def test_the_refusal_is_given_in_the_persons_language(label: str, filename: str, content: bytes) -> None:
    with translation.override("it"):
        refusal = _refuse(filename, content)

    assert isinstance(refusal.message, str)
    assert refusal.message.strip()
    assert filename in refusal.message
