"""Private files are streamed with ranges and hardened headers, or — from S3 — handed over as a
short-lived signed link; and the S3 option is configured from the environment, safely."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from storages.backends.s3 import S3Storage

from ponte.config.settings.base import library_limits_from_env, library_storage_from_env
from ponte.library.models import Pill
from ponte.library.serving import content_disposition, serve_private_file

# Closing a response sends request_finished, which checks the worker's database connections.
pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 40  # 10,240 bytes
SIZE = len(CONTENT)
S3_ENV = {
    "PONTE_LIBRARY_STORAGE": "s3",
    "PONTE_S3_BUCKET": "ponte-media",
    "PONTE_S3_ENDPOINT_URL": "https://objects.example.net",
    "PONTE_S3_REGION": "eu-south-1",
    "PONTE_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "PONTE_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
}


@pytest.fixture
def stored():
    storage = storages["library"]
    name = storage.save("library/1/media/0123456789abcdef0123456789abcdef.webm", ContentFile(CONTENT))
    field_file = FieldFile(Pill(), Pill._meta.get_field("media"), name)
    yield field_file
    storage.delete(name)


def _get(field_file: FieldFile, method: str = "get", content_type: str = "video/webm", **options):  # type: ignore[no-untyped-def]
    headers = options.pop("headers", {})
    request = getattr(RequestFactory(), method)("/library/pills/1/media/", headers=headers)
    return serve_private_file(request, field_file, content_type=content_type, **options)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_the_whole_file_is_streamed_with_hardened_headers(stored: FieldFile) -> None:
    response = _get(stored)

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert response["Content-Type"] == "video/webm"
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private, max-age=")
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Security-Policy"].endswith("sandbox")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=100-", 100, SIZE - 1),
        ("bytes=-16", SIZE - 16, SIZE - 1),
        ("bytes=10000-999999", 10000, SIZE - 1),
        ("bytes=-999999", 0, SIZE - 1),
        ("bytes=5-5", 5, 5),
    ],
)
def test_one_range_is_answered_with_206(stored: FieldFile, header: str, start: int, end: int) -> None:
    response = _get(stored, headers={"Range": header})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert response["Content-Length"] == str(end - start + 1)
    assert _body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_a_range_past_the_end_is_416(stored: FieldFile, header: str) -> None:
    response = _get(stored, headers={"Range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=9-2", "items=0-5", "bytes=abc", "bytes=-"])
def test_ranges_that_cannot_be_served_singly_give_the_whole_file(stored: FieldFile, header: str) -> None:
    response = _get(stored, headers={"Range": header})

    assert response.status_code == 200
    assert _body(response) == CONTENT


def test_if_range_serves_the_range_only_while_the_file_is_the_same(stored: FieldFile) -> None:
    etag = _get(stored, method="head")["ETag"]

    same = _get(stored, headers={"Range": "bytes=0-3", "If-Range": etag})
    assert same.status_code == 206 and _body(same) == CONTENT[:4]
    changed = _get(stored, headers={"Range": "bytes=0-3", "If-Range": '"something-else"'})
    assert changed.status_code == 200 and _body(changed) == CONTENT


def test_head_gives_the_headers_without_the_body(stored: FieldFile) -> None:
    whole = _get(stored, method="head")
    part = _get(stored, method="head", headers={"Range": "bytes=10-19"})

    assert whole.status_code == 200
    assert whole["Content-Length"] == str(SIZE)
    assert whole.content == b""
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{SIZE}"
    assert part["Content-Length"] == "10"


def test_the_file_is_closed_once_the_response_is(stored: FieldFile) -> None:
    response = _get(stored)
    closed: list[bool] = []
    # The tests' in-memory storage hands out one shared node whose close() does nothing: spy on it.
    response.file_to_stream._handle.close = lambda: closed.append(True)

    response.close()

    assert closed == [True]


def test_a_download_gets_an_ascii_name_and_its_utf8_form(stored: FieldFile) -> None:
    response = _get(stored, content_type="application/pdf", filename='Fattura "è" 2026.pdf', inline=False)

    assert response["Content-Disposition"] == (
        "attachment; filename=\"Fattura _e_ 2026.pdf\"; filename*=UTF-8''Fattura%20%22%C3%A8%22%202026.pdf"
    )
    response.close()


def test_disposition_names_are_plain_when_they_can_be() -> None:
    assert content_disposition("lesson.webm", inline=True) == 'inline; filename="lesson.webm"'
    assert content_disposition(None, inline=False) == "attachment"
    assert content_disposition("日本.pdf", inline=False).startswith('attachment; filename="pdf"; filename*=UTF-8')
    assert "\r" not in content_disposition("a\r\nSet-Cookie: x=1.pdf", inline=True)


def test_a_pdf_is_not_sandboxed_but_may_show_only_itself(stored: FieldFile) -> None:
    response = _get(stored, content_type="application/pdf")

    policy = response["Content-Security-Policy"]
    assert "sandbox" not in policy
    assert "default-src 'none'" in policy and "object-src 'self'" in policy
    response.close()


def test_a_missing_file_raises_file_not_found() -> None:
    missing = FieldFile(Pill(), Pill._meta.get_field("media"), "library/1/media/gone.webm")

    with pytest.raises(FileNotFoundError):
        _get(missing)


def _s3_storage() -> S3Storage:
    options = library_storage_from_env(Path("/unused"), S3_ENV)["OPTIONS"]
    return S3Storage(**options)


def test_from_s3_the_answer_is_a_redirect_to_a_signed_private_link() -> None:
    field_file = FieldFile(Pill(), Pill._meta.get_field("media"), "library/1/media/abc.webm")
    field_file.storage = _s3_storage()

    response = _get(field_file, filename="Lezione è.webm", inline=False)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert location.netloc == "objects.example.net"
    assert location.path == "/ponte-media/library/1/media/abc.webm"
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    assert query["response-content-type"] == ["video/webm"]
    assert query["response-content-disposition"][0].startswith('attachment; filename="Lezione e.webm"')
    assert response["Cache-Control"] == "private, no-store"


def test_the_storage_is_a_private_folder_by_default(tmp_path: Path) -> None:
    assert library_storage_from_env(tmp_path, {}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": "/media-not-served/library/"},
    }


def test_the_s3_option_is_private_signed_and_never_overwrites() -> None:
    storage = library_storage_from_env(Path("/unused"), S3_ENV)
    options = storage["OPTIONS"]

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "ponte-media"
    assert options["endpoint_url"] == "https://objects.example.net"
    assert options["region_name"] == "eu-south-1"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert options["file_overwrite"] is False
    assert options["custom_domain"] is None
    config = options["client_config"]
    assert isinstance(config, Config)
    assert config.request_checksum_calculation == "when_required"
    assert config.response_checksum_validation == "when_required"
    s3 = S3Storage(**options)
    assert s3.default_acl == "private" and s3.file_overwrite is False


def test_s3_without_keys_uses_the_default_credential_chain() -> None:
    environ = {"PONTE_LIBRARY_STORAGE": "s3", "PONTE_S3_BUCKET": "media", "PONTE_S3_URL_EXPIRE": "60"}

    options = library_storage_from_env(Path("/unused"), environ)["OPTIONS"]

    assert options["access_key"] is None and options["secret_key"] is None
    assert options["endpoint_url"] is None
    assert options["querystring_expire"] == 60


@pytest.mark.parametrize(
    ("environ", "needle"),
    [
        ({"PONTE_LIBRARY_STORAGE": "ftp"}, "PONTE_LIBRARY_STORAGE"),
        ({"PONTE_LIBRARY_STORAGE": "s3"}, "PONTE_S3_BUCKET"),
        ({**S3_ENV, "PONTE_S3_SECRET_ACCESS_KEY": ""}, "PONTE_S3_ACCESS_KEY_ID"),
        ({**S3_ENV, "PONTE_S3_ENDPOINT_URL": "objects.example.net"}, "PONTE_S3_ENDPOINT_URL"),
        ({**S3_ENV, "PONTE_S3_URL_EXPIRE": "forever"}, "PONTE_S3_URL_EXPIRE"),
        ({**S3_ENV, "PONTE_S3_URL_EXPIRE": "86400"}, "PONTE_S3_URL_EXPIRE"),
        ({**S3_ENV, "PONTE_S3_ADDRESSING_STYLE": "sideways"}, "PONTE_S3_ADDRESSING_STYLE"),
    ],
)
def test_bad_storage_settings_refuse_to_start(environ: dict[str, str], needle: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=needle):
        library_storage_from_env(Path("/unused"), environ)


def test_size_limits_come_from_the_environment_in_megabytes() -> None:
    limits = library_limits_from_env({"PONTE_LIBRARY_MAX_VIDEO_MB": "500"})

    assert limits["video"] == 500 * 1024 * 1024
    assert limits["captions"] == 1024 * 1024
    with pytest.raises(ImproperlyConfigured, match="PONTE_LIBRARY_MAX_IMAGE_MB"):
        library_limits_from_env({"PONTE_LIBRARY_MAX_IMAGE_MB": "ten"})
    with pytest.raises(ImproperlyConfigured, match="PONTE_LIBRARY_MAX_PDF_MB"):
        library_limits_from_env({"PONTE_LIBRARY_MAX_PDF_MB": "0"})
