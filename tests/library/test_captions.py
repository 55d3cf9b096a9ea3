"""Captions: WebVTT and SubRip uploads become clean WebVTT, cues and a transcript; anything that
is not captions is refused with a message saying why."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ponte.demo import samples
from ponte.library.captions import Captions, Cue, parse_captions, read_cues
from ponte.library.media import MediaRejected


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _parse(name: str, text: str | bytes) -> Captions:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return parse_captions(SimpleUploadedFile(name, content, content_type="text/vtt"))


def _refusal(name: str, text: str | bytes) -> MediaRejected:
    with pytest.raises(MediaRejected) as refusal:
        _parse(name, text)
    assert str(refusal.value.message).strip()
    return refusal.value


def test_webvtt_gives_cues_and_a_transcript() -> None:
    captions = _parse("lesson.vtt", samples.VTT)

    assert captions.vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n")
    assert captions.cues == (
        Cue(0.0, 1.5, "Oggi vi mostro come si condividono le fatture con i clienti."),
        Cue(1.5, 3.0, "Poi apriamo insieme il foglio di calcolo."),
    )
    assert captions.transcript == (
        "Oggi vi mostro come si condividono le fatture con i clienti.\nPoi apriamo insieme il foglio di calcolo."
    )
    assert read_cues(captions.vtt) == captions.cues


def test_subrip_becomes_webvtt() -> None:
    captions = _parse("lesson.srt", samples.SRT)

    assert captions.vtt.startswith("WEBVTT\n")
    assert "00:00:01.500 --> 00:00:03.000\nThen we open the spreadsheet together." in captions.vtt
    assert "," not in captions.vtt.split("\n")[2]
    assert [cue.start for cue in captions.cues] == [0.0, 1.5]
    assert captions.transcript.splitlines() == [
        "Today I show how to share invoices with customers.",
        "Then we open the spreadsheet together.",
    ]


def test_a_byte_order_mark_and_windows_line_ends_are_fine() -> None:
    content = "\ufeff" + samples.SRT.replace("\n", "\r\n")

    captions = _parse("lesson.srt", content.encode("utf-8"))

    assert len(captions.cues) == 2
    assert "\r" not in captions.vtt


def test_only_webvtt_tags_survive_and_text_is_escaped() -> None:
    text = (
        "1\n00:00:00,000 --> 00:00:02,000\n"
        '{\\an8}<font color="red">Rossi</font> & <b>Bianchi</b> <i>say</i> 2 < 3\n'
        "onclick --> here\n"
    )

    captions = _parse("speakers.srt", text)

    block = captions.vtt.split("\n\n")[1]
    assert "<font" not in block and "{\\an8}" not in block
    assert "Rossi &amp; <b>Bianchi</b> <i>say</i> 2 &lt; 3" in block
    assert "-->" not in block.split("\n", 1)[1]
    assert captions.cues[0].text == "Rossi & Bianchi say 2 < 3 onclick -> here"
    assert len(read_cues(captions.vtt)) == 1


def test_voice_spans_keep_the_speaker() -> None:
    captions = _parse("dialogue.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Maria Rossi>Buongiorno</v>\n")

    assert "<v Maria Rossi>Buongiorno</v>" in captions.vtt
    assert captions.transcript == "Buongiorno"


def test_styles_notes_regions_and_cue_settings_are_dropped() -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { background: url(https://evil.example/x.png) }\n\n"
        "NOTE written by Jane Private\n\n"
        "intro\n00:00:00.000 --> 00:00:01.000 align:start position:10%\nCiao\n"
    )

    captions = _parse("styled.vtt", text)

    assert captions.vtt == "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nCiao\n"


def test_repeated_rolling_captions_are_said_once_in_the_transcript() -> None:
    text = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nApriamo il file\n\n"
        "00:00:01.000 --> 00:00:02.000\nApriamo il file\n\n"
        "00:00:02.000 --> 00:00:03.000\ne salviamo\n\n"
        "00:00:03.000 --> 00:00:04.000\nApriamo il file\n"
    )

    captions = _parse("rolling.vtt", text)

    assert len(captions.cues) == 4
    assert captions.transcript.splitlines() == ["Apriamo il file", "e salviamo", "Apriamo il file"]


def test_long_timings_are_written_in_hours() -> None:
    captions = _parse("long.srt", "1\n01:02:03,004 --> 01:02:05,000\nLate\n")

    assert "01:02:03.004 --> 01:02:05.000" in captions.vtt
    assert captions.cues[0].start == pytest.approx(3723.004)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("captions.txt", samples.VTT, "extension"),
        ("captions.vtt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "encoding"),
        ("captions.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nciao\n".encode("latin-1") + b"\xe8\xff", "encoding"),
        ("captions.vtt", "Just some words\n", "not_vtt"),
        ("captions.vtt", samples.SRT, "not_vtt"),
        ("captions.srt", "Just some words\nand more\nand more\n", "malformed"),
        ("captions.vtt", "WEBVTT\n\n99:99:99.999 --> 00:00:01.000\nHello\n", "malformed"),
        ("captions.vtt", "WEBVTT\n\nsoon --> later\nHello\n", "malformed"),
        ("captions.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n", "timing"),
        ("captions.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nNo time at all\n", "timing"),
        ("captions.vtt", "WEBVTT\n\n", "no_cues"),
        ("captions.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<b></b>\n", "no_cues"),
        ("captions.vtt", b"", "empty"),
    ],
)
def test_bad_captions_are_refused_with_a_reason(name: str, content: str | bytes, code: str) -> None:
    refusal = _refusal(name, content)

    assert refusal.code == code
    assert f"“{name}”" in str(refusal.message)


def test_captions_over_the_limit_are_refused() -> None:
    text = samples.VTT + "\n".join(f"\n00:00:{n:02d}.000 --> 00:00:{n:02d}.500\nLine {n}" for n in range(10, 59))
    limits = {"video": 1, "audio": 1, "image": 1, "pdf": 1, "captions": 1000}

    with override_settings(PONTE_LIBRARY_MAX_BYTES=limits):
        refusal = _refusal("long.vtt", text)
        upload = SimpleUploadedFile("short.vtt", samples.VTT.encode())
        upload.size = 5000
        with pytest.raises(MediaRejected) as declared:
            parse_captions(upload)

    assert refusal.code == declared.value.code == "too_large"
    assert "captions can be at most 1000" in str(refusal.message).replace("\xa0", " ")


def test_the_messages_are_translatable() -> None:
    with translation.override("it"):
        refusal = _refusal("captions.vtt", "Just some words\n")
    assert isinstance(refusal.message, str) and "captions.vtt" in refusal.message


def test_read_cues_refuses_what_is_not_webvtt() -> None:
    with pytest.raises(ValueError):
        read_cues("this is not a caption file")


cue_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(cue_text, min_size=1, max_size=5))
def test_any_cue_text_gives_webvtt_that_reads_back_the_same(lines: list[str]) -> None:
    text = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:{index:02d}.000 --> 00:00:{index:02d}.900\n{line}" for index, line in enumerate(lines)
    )
    try:
        captions = _parse("random.vtt", text)
    except MediaRejected:
        return
    assert read_cues(captions.vtt) == captions.cues
    assert "\n\n\n" not in captions.vtt
    plain = [" ".join(line.split()) for line in lines if not set(line) & set("<>&{\n\r-")]
    for line in plain:
        if line:
            assert line in [cue.text for cue in captions.cues]
