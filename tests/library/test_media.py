"""The media pipeline accepts every format a pill can carry, measures it, makes its thumbnail,
and hands back a file with nothing of its author's metadata left in it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import Image, PdfParser

from ponte.demo import samples
from ponte.library.media import (
    ACCEPT,
    MediaRejected,
    ProcessedMedia,
    max_bytes,
    process_upload,
    storage_name,
)
from ponte.library.models import PillKind

from .badfiles import pdf_document

SECRETS = (b"Secret board meeting", b"Jane Private", b"Private title")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private_temp_dir(tmp_path: Path):
    """Uploads are worked on in FILE_UPLOAD_TEMP_DIR: a folder of its own shows what is left."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(folder)):
        yield folder
    assert list(folder.iterdir()) == []


def _process(name: str, content: bytes) -> tuple[ProcessedMedia, bytes]:
    result = process_upload(SimpleUploadedFile(name, content))
    with result.content:
        data = result.content.read()
    return result, data


def _text(refusal: pytest.ExceptionInfo[MediaRejected]) -> str:
    return str(refusal.value.message).replace("\xa0", " ")


def _container_metadata(data: bytes) -> list[dict[str, str]]:
    with av.open(io.BytesIO(data)) as container:
        return [dict(container.metadata), *(dict(stream.metadata) for stream in container.streams)]


ACCEPTED: list[tuple[str, Callable[[], bytes], PillKind, str, str]] = [
    ("lesson.webm", lambda: samples.video("webm"), PillKind.VIDEO, "video/webm", ".webm"),
    ("lesson.mp4", lambda: samples.video("mp4"), PillKind.VIDEO, "video/mp4", ".mp4"),
    ("voice.mp3", lambda: samples.audio("mp3"), PillKind.AUDIO, "audio/mpeg", ".mp3"),
    ("voice.m4a", lambda: samples.audio("m4a"), PillKind.AUDIO, "audio/mp4", ".m4a"),
    ("voice.ogg", lambda: samples.audio("ogg"), PillKind.AUDIO, "audio/ogg", ".ogg"),
    ("voice.webm", lambda: samples.audio("webm"), PillKind.AUDIO, "audio/webm", ".webm"),
    ("photo.jpg", lambda: samples.image("JPEG"), PillKind.IMAGE, "image/jpeg", ".jpg"),
    ("photo.JPEG", lambda: samples.image("JPEG"), PillKind.IMAGE, "image/jpeg", ".jpg"),
    ("chart.png", lambda: samples.image("PNG"), PillKind.IMAGE, "image/png", ".png"),
    ("chart.webp", lambda: samples.image("WEBP"), PillKind.IMAGE, "image/webp", ".webp"),
    ("guide.pdf", samples.pdf, PillKind.PDF, "application/pdf", ".pdf"),
]


@pytest.mark.parametrize(("name", "build", "kind", "mime", "extension"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_every_accepted_format_is_processed(
    name: str, build: Callable[[], bytes], kind: PillKind, mime: str, extension: str
) -> None:
    result, data = _process(name, build())

    assert (result.kind, result.mime, result.extension) == (kind, mime, extension)
    assert result.size == len(data) > 0
    if kind in (PillKind.VIDEO, PillKind.AUDIO):
        assert result.duration_seconds == pytest.approx(1.0, abs=0.1)
        with av.open(io.BytesIO(data)) as container:
            assert bool(container.streams.video) == (kind == PillKind.VIDEO)
            assert container.streams.audio
    else:
        assert result.duration_seconds is None
    if kind == PillKind.VIDEO:
        assert (result.width, result.height) == (160, 120)
    elif kind == PillKind.IMAGE:
        assert (result.width, result.height) == (640, 480)
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.size == (640, 480)
            assert picture.format == {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[extension]
    else:
        assert (result.width, result.height) == (None, None)
    if kind in (PillKind.VIDEO, PillKind.IMAGE):
        assert result.thumbnail is not None
        with Image.open(io.BytesIO(result.thumbnail)) as thumbnail:
            assert thumbnail.format == "JPEG"
            assert 0 < thumbnail.width <= 640
    else:
        assert result.thumbnail is None


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("board.webm", lambda: samples.video("webm", with_metadata=True)),
        ("board.mp4", lambda: samples.video("mp4", with_metadata=True)),
        ("board.mp3", lambda: samples.audio("mp3", with_metadata=True)),
        ("board.m4a", lambda: samples.audio("m4a", with_metadata=True)),
        ("board.ogg", lambda: samples.audio("ogg", with_metadata=True)),
        ("board-voice.webm", lambda: samples.audio("webm", with_metadata=True)),
    ],
)
def test_audio_and_video_lose_their_metadata(name: str, build: Callable[[], bytes]) -> None:
    original = build()
    assert b"Secret board meeting" in original

    _result, data = _process(name, original)

    assert not any(secret in data for secret in SECRETS)
    values = [value for tags in _container_metadata(data) for value in tags.values()]
    assert not any("Secret" in value or "Jane" in value for value in values)
    # No encoder version string either (the muxer writes bit-exact headers).
    assert not re.search(rb"Lavf\d", data)


def test_an_image_loses_exif_and_gps() -> None:
    original = samples.image("JPEG", with_exif=True)
    with Image.open(io.BytesIO(original)) as picture:
        assert picture.getexif()

    _result, data = _process("holiday.jpg", original)

    assert b"Jane Private" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(picture.info)


def test_an_image_is_turned_upright_before_its_exif_goes() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 10, 10)).save(buffer, format="JPEG", exif=exif)

    result, data = _process("phone.jpg", buffer.getvalue())

    assert (result.width, result.height) == (20, 40)
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size == (20, 40)


def test_a_png_keeps_its_transparency_and_drops_text_chunks() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Private")
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 255, 80)).save(buffer, format="PNG", pnginfo=info)

    result, data = _process("logo.png", buffer.getvalue())

    assert b"Jane Private" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.mode == "RGBA"
        assert picture.getpixel((5, 5)) == (0, 0, 255, 80)
    assert result.thumbnail is not None


def test_a_pdf_loses_its_document_information_in_place() -> None:
    original = samples.pdf()
    assert PdfParser.PdfParser(buf=original).info.Title == "Private title"

    _result, data = _process("guide.pdf", original)

    assert len(data) == len(original)
    assert "Private title".encode("utf-16-be") not in data
    assert b"CreationDate" not in data
    parser = PdfParser.PdfParser(buf=data)
    assert dict(parser.info) == {}
    assert parser.root.Type == b"Catalog"


def test_a_pdf_loses_its_xmp_packet() -> None:
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<rdf:RDF><rdf:Description><dc:creator>Jane Private</dc:creator></rdf:Description></rdf:RDF>"
        b'</x:xmpmeta><?xpacket end="w"?>'
    )
    original = pdf_document(
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream",
        b"<< /Title (Board \\(private\\) >> notes) /Author (Jane Private) /Producer <4A616E65> >>",
        trailer=b"/Info 5 0 R",
    )

    _result, data = _process("notes.pdf", original)

    assert b"Jane Private" not in data
    assert b"Board" not in data
    assert b"4A616E65" not in data
    assert b"x:xmpmeta" in data  # an empty, well-formed packet of the same length
    parser = PdfParser.PdfParser(buf=data)
    assert dict(parser.info) == {}


def _live_webm() -> bytes:
    """What Chrome's MediaRecorder writes: a live WebM, no duration, no cues."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="webm", options={"live": "1"}) as output:
        stream = output.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for index in range(15):
            pixels = np.full((120, 160, 3), index * 15, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def test_a_mediarecorder_webm_without_duration_gets_one() -> None:
    recorded = _live_webm()
    with av.open(io.BytesIO(recorded)) as container:
        assert container.duration is None

    result, data = _process("recording.webm", recorded)

    assert result.kind == PillKind.VIDEO
    assert result.duration_seconds == pytest.approx(1.5, abs=0.15)
    with av.open(io.BytesIO(data)) as container:
        assert container.duration is not None
    assert result.thumbnail is not None


def test_the_thumbnail_is_a_frame_about_a_second_in() -> None:
    result, _data = _process("long.webm", samples.video("webm", seconds=2.0))

    assert result.thumbnail is not None
    with Image.open(io.BytesIO(result.thumbnail)) as thumbnail:
        # samples.video paints frame n with grey level 20·n: frame 10 (1 s at 10 fps) is 200.
        level = thumbnail.convert("RGB").getpixel((thumbnail.width - 1, thumbnail.height // 2))
    assert level[0] == pytest.approx(200, abs=12)


def test_an_mp4_with_only_sound_is_a_recording() -> None:
    result, _data = _process("voice-note.mp4", samples.audio("m4a"))

    assert (result.kind, result.mime, result.extension) == (PillKind.AUDIO, "audio/mp4", ".m4a")
    assert result.thumbnail is None


def _mpeg4_part2_video() -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as output:
        stream = output.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, 10)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def test_a_codec_browsers_cannot_play_is_refused_by_name() -> None:
    with pytest.raises(MediaRejected) as refusal:
        _process("old-camera.mp4", _mpeg4_part2_video())

    assert refusal.value.code == "codec"
    assert "MPEG4" in str(refusal.value.message)
    assert "H.264" in str(refusal.value.message)


def test_an_upload_on_disk_is_processed_and_its_work_files_removed(private_temp_dir: Path) -> None:
    content = samples.video("mp4")
    upload = TemporaryUploadedFile("lesson.mp4", "video/mp4", len(content), None)
    upload.write(content)
    upload.seek(0)

    result = process_upload(upload)
    upload.close()

    assert result.kind == PillKind.VIDEO
    with result.content:
        assert result.content.read()[4:8] == b"ftyp"


def test_processing_never_writes_to_the_library_storage() -> None:
    storage = storages["library"]
    before = storage.listdir("")

    _process("lesson.webm", samples.video("webm"))

    assert storage.listdir("") == before


def test_the_declared_size_is_checked_before_anything_is_read() -> None:
    upload = SimpleUploadedFile("photo.jpg", samples.image("JPEG"))
    upload.size = 3 * max_bytes(PillKind.IMAGE)

    with pytest.raises(MediaRejected) as refusal:
        process_upload(upload)

    assert refusal.value.code == "too_large"
    assert _text(refusal) == "“photo.jpg” is 30.0 MB: images can be at most 10.0 MB."


def test_the_real_size_is_checked_when_the_declared_one_lies() -> None:
    content = samples.image("PNG")
    upload = SimpleUploadedFile("chart.png", content)
    upload.size = 10
    limits = {"video": 4000, "audio": 4000, "image": 1000, "pdf": 4000, "captions": 4000}

    with override_settings(PONTE_LIBRARY_MAX_BYTES=limits), pytest.raises(MediaRejected) as refusal:
        process_upload(upload)

    assert refusal.value.code == "too_large"
    assert "images can be at most 1000 bytes" in _text(refusal)


def test_a_webm_recording_is_held_to_the_audio_limit() -> None:
    content = samples.audio("webm")
    limits = {"video": 10 * len(content), "audio": len(content) // 2, "image": 10, "pdf": 10, "captions": 10}

    with override_settings(PONTE_LIBRARY_MAX_BYTES=limits), pytest.raises(MediaRejected) as refusal:
        process_upload(SimpleUploadedFile("voice.webm", content))

    assert refusal.value.code == "too_large"
    assert "recordings can be at most" in str(refusal.value.message)


def test_a_picture_over_the_megapixel_limit_is_refused_with_its_size() -> None:
    with override_settings(PONTE_LIBRARY_MAX_MEGAPIXELS=1), pytest.raises(MediaRejected) as refusal:
        process_upload(SimpleUploadedFile("scan.png", samples.image("PNG", size=(1200, 1000))))

    assert refusal.value.code == "too_many_pixels"
    assert "1200 × 1000" in str(refusal.value.message)
    assert "1 megapixels" in str(refusal.value.message)


def test_limits_come_from_the_settings() -> None:
    assert max_bytes(PillKind.VIDEO) == 200 * 1024 * 1024
    assert max_bytes(PillKind.AUDIO) == 50 * 1024 * 1024
    assert max_bytes(PillKind.IMAGE) == 10 * 1024 * 1024
    assert max_bytes(PillKind.PDF) == 20 * 1024 * 1024
    with override_settings(PONTE_LIBRARY_MAX_BYTES={"video": 5, "audio": 4, "image": 3, "pdf": 2, "captions": 1}):
        assert max_bytes(PillKind.PDF) == 2


def test_storage_names_are_made_by_the_server() -> None:
    name = storage_name(42, ".webm", folder="media")
    assert re.fullmatch(r"library/42/media/[0-9a-f]{32}\.webm", name)
    assert storage_name(42, ".webm", folder="media") != name
    assert re.fullmatch(r"library/7/thumbnails/[0-9a-f]{32}\.jpg", storage_name(7, "jpg", folder="thumbnails"))
    assert storage_name(7, ".VTT", folder="captions").endswith(".vtt")
    with pytest.raises(ValueError):
        storage_name(7, ".webm", folder="../etc")
    with pytest.raises(ValueError):
        storage_name(7, "/../../x", folder="media")


def test_the_accept_attribute_lists_what_is_accepted_and_no_svg() -> None:
    accepted = ACCEPT.split(",")
    for extension in (".mp4", ".webm", ".mp3", ".m4a", ".ogg", ".jpg", ".png", ".webp", ".pdf"):
        assert extension in accepted
    assert "video/webm" in accepted
    assert not any("svg" in item for item in accepted)


def _sideways_mp4() -> bytes:
    """A phone held upright: 160×120 pixels stored, a display matrix turning them a quarter."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as output:
        stream = output.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        stream.set_display_rotation(90)
        for index in range(10):
            pixels = np.full((120, 160, 3), index * 20, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def test_a_sideways_phone_video_keeps_its_rotation_and_is_measured_upright() -> None:
    result, data = _process("phone.mp4", _sideways_mp4())

    assert (result.width, result.height) == (120, 160)
    with av.open(io.BytesIO(data)) as container:
        assert container.streams.video[0].codec_context.coded_side_data.get("display_matrix")
    assert result.thumbnail is not None
    with Image.open(io.BytesIO(result.thumbnail)) as thumbnail:
        assert thumbnail.height > thumbnail.width


def test_a_modern_pdf_with_compressed_object_streams_is_accepted_without_its_properties() -> None:
    from weasyprint import HTML

    original = HTML(
        string="<html><head><title>Piano segreto</title><meta name=author content='Jane Private'></head>"
        "<body><h1>Fatture</h1><p>Come si condividono.</p></body></html>"
    ).write_pdf()
    assert original is not None and b"/ObjStm" in original and b"/Info" in original

    result, data = _process("fatture.pdf", original)

    assert result.kind == PillKind.PDF
    assert len(data) == len(original)
    assert b"/Info" not in data
    assert data.rstrip().endswith(b"%%EOF")


def test_a_cut_off_image_is_refused_even_when_pillow_is_told_to_load_truncated_images(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PIL import ImageFile

    from .badfiles import noisy_jpeg

    # WeasyPrint sets this for the whole process when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    jpeg = noisy_jpeg()

    with pytest.raises(MediaRejected) as refusal:
        process_upload(SimpleUploadedFile("cut.jpg", jpeg[: len(jpeg) // 2]))

    assert refusal.value.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
