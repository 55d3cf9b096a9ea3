"""Captions of a pill: a WebVTT or SubRip upload, checked and written again as clean WebVTT.

webvtt-py reads both formats; the file stored is rebuilt from the cues alone (no STYLE, REGION
or NOTE blocks, no cue settings), keeping only the cue tags WebVTT defines and escaping the
rest, so what the player loads is exactly timings and text. The transcript is the same text
without tags, for the page beside the player and for search.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

import webvtt
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .media import MediaRejected, captions_max_bytes
from .media.rules import display_name

_FORMATS = {".vtt": "vtt", ".srt": "srt"}
_TAG = re.compile(r"<(/?)([^\s>/.]*)([^>]*)>")
_TIMESTAMP_TAG = re.compile(r"\d{1,2}(?::\d{2}){1,2}\.\d{3}")
#: WebVTT's own cue tags; <font>, <span> and the like from SubRip files are dropped.
_CUE_TAGS = frozenset({"b", "i", "u", "c", "v", "lang", "ruby", "rt"})
_CLASSES = re.compile(r"^(\.[\w-]+)*$")
_ANNOTATION = re.compile(r"[^\w\s.'’\-]")
#: SubRip files often carry ASS positioning codes such as {\an8}.
_ASS_CODE = re.compile(r"\{\\[^}]*\}")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Captions:
    vtt: str
    cues: tuple[Cue, ...]
    transcript: str


def parse_captions(upload: UploadedFile) -> Captions:
    """Read a .vtt or .srt upload (UTF-8, BOM allowed, at most 1 MB) into clean WebVTT."""
    name = PurePath(upload.name or "").name
    fmt = _FORMATS.get(PurePath(name).suffix.lower())
    if fmt is None:
        raise _rejected(_("“%(name)s”: captions must be a WebVTT (.vtt) or SubRip (.srt) file."), name, "extension")
    text = _text(upload, name)
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise _rejected(_("“%(name)s” is not a WebVTT file: its first line must be WEBVTT."), name, "not_vtt")
    try:
        parsed = webvtt.WebVTT.from_buffer(io.StringIO(text), format=fmt, strict=fmt == "vtt")
    except (MalformedFileError, MalformedCaptionError, ValueError) as error:
        raise _rejected(
            _("“%(name)s” could not be read as captions: check the cue numbers, timings and blank lines."),
            name,
            "malformed",
        ) from error
    lines: list[tuple[float, float, str]] = []
    for caption in parsed.captions:
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end <= start:
            raise MediaRejected(
                _("“%(name)s”: a caption ends before it starts (%(start)s → %(end)s).")
                % {"name": display_name(name), "start": caption.start, "end": caption.end},
                code="timing",
            )
        payload = _cue_payload(caption.raw_text)
        if plain_text(payload):
            lines.append((start, end, payload))
    if not lines:
        raise _rejected(_("“%(name)s” has no captions in it."), name, "no_cues")
    vtt = _write_vtt(lines)
    cues = read_cues(vtt)
    return Captions(vtt=vtt, cues=cues, transcript=transcript_of(cues))


def read_cues(vtt: str) -> tuple[Cue, ...]:
    """The cues of stored WebVTT, as plain text; a ValueError if it cannot be read."""
    try:
        parsed = webvtt.WebVTT.from_string(vtt)
    except (MalformedFileError, MalformedCaptionError) as error:
        raise ValueError(str(error)) from error
    return tuple(
        Cue(
            start=caption.start_time.in_milliseconds() / 1000,
            end=caption.end_time.in_milliseconds() / 1000,
            text=plain_text(caption.raw_text),
        )
        for caption in parsed.captions
    )


def transcript_of(cues: tuple[Cue, ...]) -> str:
    """One line per cue; a cue repeating the one before (rolling captions) is said once."""
    lines: list[str] = []
    for cue in cues:
        if cue.text and (not lines or lines[-1] != cue.text):
            lines.append(cue.text)
    return "\n".join(lines)


def plain_text(payload: str) -> str:
    """A cue's text without tags or positioning codes, entities decoded, on one line."""
    without_tags = _TAG.sub("", _ASS_CODE.sub("", payload))
    return _SPACES.sub(" ", html.unescape(without_tags)).strip()


def _text(upload: UploadedFile, name: str) -> str:
    limit = captions_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(name, upload.size, limit)
    upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise _too_large(name, len(raw), limit)
    if not raw.strip():
        raise _rejected(_("“%(name)s” is empty."), name, "empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text or "\x00" in text:
        raise _rejected(
            _("“%(name)s” is not a text file in UTF-8: save the captions as UTF-8 text and try again."),
            name,
            "encoding",
        )
    return text


def _rejected(message: str, name: str, code: str) -> MediaRejected:
    return MediaRejected(message % {"name": display_name(name)}, code=code)


def _too_large(name: str, size: int, limit: int) -> MediaRejected:
    values = {"name": display_name(name), "size": filesizeformat(size), "limit": filesizeformat(limit)}
    if values["size"] == values["limit"]:
        message = _("“%(name)s” is over the limit: captions can be at most %(limit)s.") % values
    else:
        message = _("“%(name)s” is %(size)s: captions can be at most %(limit)s.") % values
    return MediaRejected(message, code="too_large")


def _cue_payload(raw: str) -> str:
    """The cue's text as safe WebVTT: known tags kept, everything else escaped, no line that could
    end the cue (a blank line, or an arrow read as the next cue's timing)."""
    lines = []
    for line in _ASS_CODE.sub("", raw).splitlines():
        cleaned = _clean_line(line).replace("--&gt;", "-&gt;").strip()
        if cleaned:
            lines.append(cleaned)
    return "\n".join(lines)


def _clean_line(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _TAG.finditer(line):
        parts.append(_escape(line[position : match.start()]))
        parts.append(_tag(match))
        position = match.end()
    parts.append(_escape(line[position:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return html.escape(html.unescape(text), quote=False)


def _tag(match: re.Match[str]) -> str:
    closing, tag, rest = match.groups()
    if not closing and _TIMESTAMP_TAG.fullmatch(tag + rest):
        return match.group(0)
    tag = tag.lower()
    if tag not in _CUE_TAGS:
        return ""
    if closing:
        return f"</{tag}>"
    classes, _space, annotation = rest.partition(" ")
    classes = classes if _CLASSES.match(classes) else ""
    annotation = _ANNOTATION.sub("", html.unescape(annotation)).strip()
    if annotation and tag in {"v", "lang"}:
        return f"<{tag}{classes} {html.escape(annotation, quote=False)}>"
    return f"<{tag}{classes}>"


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}.{millis:03d}"


def _write_vtt(cues: list[tuple[float, float, str]]) -> str:
    blocks = [f"{_timestamp(start)} --> {_timestamp(end)}\n{text}" for start, end, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
