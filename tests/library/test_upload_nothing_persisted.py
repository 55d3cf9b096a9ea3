"""Every file of the bad-file corpus, posted through the pill form, is refused with a message
about that file and leaves nothing behind: no pill, no tag, no file in the library storage."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ponte.demo import samples
from ponte.library.models import Pill, Tag
from tests.library.badfiles import bad_files

from .test_services import stored_files

pytestmark = pytest.mark.django_db

CAPTION_SUFFIXES = (".vtt", ".srt")
CORPUS = bad_files()


def _is_captions(filename: str) -> bool:
    return filename.lower().endswith(CAPTION_SUFFIXES)


def _post(acme_senior, **files: SimpleUploadedFile) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "title": "A pill that must not exist",
        "summary": "",
        "body": "",
        "language": "it",
        "tags": "never-stored, nemmeno-questo",
        "external_url": "",
        "audience": "person",
        "recipient": acme_senior.pk,
        **files,
    }


def test_the_corpus_has_media_and_captions() -> None:
    assert any(_is_captions(name) for _label, name, _content in CORPUS)
    assert any(not _is_captions(name) for _label, name, _content in CORPUS)


@pytest.mark.parametrize(("label", "filename", "content"), CORPUS, ids=[label for label, _n, _c in CORPUS])
def test_a_bad_file_is_refused_and_nothing_is_stored(
    login, acme_junior, acme_senior, label: str, filename: str, content: bytes
) -> None:
    tags_before = Tag.objects.count()
    files_before = stored_files()
    if _is_captions(filename):
        field = "captions"
        files = {
            "media_file": SimpleUploadedFile("lesson.webm", samples.video("webm"), content_type="video/webm"),
            "captions": SimpleUploadedFile(filename, content, content_type="text/vtt"),
        }
    else:
        field = "media_file"
        files = {"media_file": SimpleUploadedFile(filename, content, content_type="application/octet-stream")}
    response = login(acme_junior).post(reverse("library:pill-create"), _post(acme_senior, **files))
    assert response.status_code == 400, label
    errors = response.context["form"].errors.get(field, [])
    assert errors, f"{label}: no message on the {field} field"
    assert all(str(error).strip() for error in errors)
    assert "error-summary" in response.content.decode()
    assert Pill.objects.count() == 0
    assert Tag.objects.count() == tags_before
    assert stored_files() == files_before
