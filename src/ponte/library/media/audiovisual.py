"""Video and audio: open the file with PyAV, check its codecs, decode its first frames, and copy its
packets into a fresh container of the same type without any metadata.

Copying packets (no re-encoding) is fast and keeps the quality. Writing a new container drops the
title, artist, encoder, location and creation time the recorder or editor left, and gives
MediaRecorder files (Chrome writes WebM as a live stream, without a duration or an index) the
duration and cues a player needs to show the length and seek.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from pathlib import Path

import av
import av.container
import av.stream
from django.utils.translation import gettext as _
from PIL import Image

from ..models import PillKind
from .images import thumbnail_jpeg
from .rules import Family, Format, MediaRejected, damaged, display_name, max_bytes, too_large

_DEMUXERS = {Family.MP4: "mp4", Family.MATROSKA: "matroska", Family.MP3: "mp3", Family.OGG: "ogg"}
#: What browsers play in each container (Chrome, Firefox and Safari alike, or close to it).
_VIDEO_CODECS = {
    Family.MP4: frozenset({"h264", "av1", "vp9"}),
    Family.MATROSKA: frozenset({"vp8", "vp9", "av1"}),
    Family.MP3: frozenset(),
    Family.OGG: frozenset(),
}
_AUDIO_CODECS = {
    Family.MP4: frozenset({"aac", "mp3", "opus", "flac"}),
    Family.MATROSKA: frozenset({"opus", "vorbis"}),
    Family.MP3: frozenset({"mp3"}),
    Family.OGG: frozenset({"opus", "vorbis", "flac"}),
}
#: Containers whose header states a duration the packets can be checked against.
_INDEXED = frozenset({Family.MP4, Family.MATROSKA})
#: A file whose packets stop this much before its stated duration was cut short.
_TRUNCATED_SECONDS = 0.25
_TRUNCATED_SHARE = 0.05
#: The thumbnail is the frame about a second in (the first frames are often dark), else the first.
_THUMBNAIL_AT_SECONDS = 1.0
_MAX_VIDEO_FRAMES = 150
_AUDIO_FRAMES = 20


@dataclass(frozen=True)
class _Output:
    muxer: str
    extension: str
    mime: str


_OUTPUTS = {
    (Family.MP4, PillKind.VIDEO): _Output("mp4", ".mp4", "video/mp4"),
    (Family.MP4, PillKind.AUDIO): _Output("mp4", ".m4a", "audio/mp4"),
    (Family.MATROSKA, PillKind.VIDEO): _Output("webm", ".webm", "video/webm"),
    (Family.MATROSKA, PillKind.AUDIO): _Output("webm", ".webm", "audio/webm"),
    (Family.MP3, PillKind.AUDIO): _Output("mp3", ".mp3", "audio/mpeg"),
    (Family.OGG, PillKind.AUDIO): _Output("ogg", ".ogg", "audio/ogg"),
}
# bitexact: no "Lavf" version or encoder string; faststart: the index first, so playback starts
# before the whole file has arrived; no ID3 tag on MP3 (the Xing header keeps the duration).
_MUXER_OPTIONS = {
    "mp4": {"fflags": "+bitexact", "movflags": "+faststart"},
    "webm": {"fflags": "+bitexact"},
    "mp3": {"fflags": "+bitexact", "id3v2_version": "0", "write_id3v1": "0", "write_xing": "1"},
    "ogg": {"fflags": "+bitexact"},
}


@dataclass(frozen=True)
class CleanedAV:
    path: Path
    kind: PillKind
    mime: str
    extension: str
    duration_seconds: float | None
    width: int | None
    height: int | None
    thumbnail: bytes | None


def clean_av(source: Path, workdir: Path, fmt: Format, *, name: str, size: int) -> CleanedAV:
    """Check and remux ``source``; a MediaRejected if it is not a playable video or recording."""
    try:
        container = av.open(str(source), format=_DEMUXERS[fmt.family], options={"protocol_whitelist": "file"})
    except (av.error.FFmpegError, ValueError) as error:
        raise damaged(name, fmt.kind) from error
    with container:
        video, audio = _pick_streams(container)
        if video is None and audio is None:
            raise MediaRejected(
                _("“%(name)s” has neither sound nor picture.") % {"name": display_name(name)}, code="no_streams"
            )
        kind = PillKind.VIDEO if video is not None else PillKind.AUDIO
        if size > max_bytes(kind):
            raise too_large(name, size, kind, max_bytes(kind))
        _check_codecs(name, fmt.family, video, audio)
        output = _OUTPUTS[(fmt.family, kind)]
        target = workdir / f"clean{output.extension}"
        streams: list[av.VideoStream | av.AudioStream] = [stream for stream in (video, audio) if stream is not None]
        try:
            probe = _remux(container, streams, target, output)
            duration = _duration(target, fallback=probe.end_seconds)
        except (av.error.FFmpegError, ValueError) as error:
            raise damaged(name, kind) from error
        if not probe.decoded_every_stream():
            raise damaged(name, kind)
        declared = container.duration / av.time_base if container.duration else None
        if fmt.family in _INDEXED and _cut_short(declared, probe.end_seconds):
            raise damaged(name, kind)
        width, height = _display_size(video) if video is not None else (None, None)
        rotation = _rotation(video) if video is not None else 0
        still = probe.thumbnail
    return CleanedAV(
        path=target,
        kind=kind,
        mime=output.mime,
        extension=output.extension,
        duration_seconds=duration,
        width=width,
        height=height,
        thumbnail=thumbnail_jpeg(still.rotate(rotation, expand=True)) if still is not None else None,
    )


def _pick_streams(container: av.container.InputContainer) -> tuple[av.VideoStream | None, av.AudioStream | None]:
    """The first real video stream and the first audio stream; cover art, subtitles, chapters and
    data tracks are left behind (cover art is a picture with its own metadata)."""
    video = next(
        (stream for stream in container.streams.video if not stream.disposition & av.stream.Disposition.attached_pic),
        None,
    )
    audio = next(iter(container.streams.audio), None)
    return video, audio


def _rotation(video: av.VideoStream) -> int:
    """How far a player turns the picture (counter-clockwise degrees, a multiple of 90): phones
    record sideways and say so in the display matrix, which the remux keeps."""
    matrix = video.codec_context.coded_side_data.get("display_matrix")
    if not matrix or len(matrix) < 36:
        return 0
    values = [value / 65536 for value in struct.unpack("<9i", matrix[:36])]
    if not math.hypot(values[0], values[3]) or not math.hypot(values[1], values[4]):
        return 0
    # As FFmpeg's av_display_rotation_get: the angle of the matrix's first column, negated.
    angle = -math.degrees(
        math.atan2(values[1] / math.hypot(values[1], values[4]), values[0] / math.hypot(values[0], values[3]))
    )
    return round(angle / 90) * 90 % 360


def _display_size(video: av.VideoStream) -> tuple[int | None, int | None]:
    width, height = video.codec_context.width or None, video.codec_context.height or None
    return (height, width) if _rotation(video) in (90, 270) else (width, height)


def _codec_name(stream: av.stream.Stream) -> str:
    context = stream.codec_context
    return context.codec.canonical_name if context is not None else ""


def _check_codecs(name: str, family: Family, video: av.VideoStream | None, audio: av.AudioStream | None) -> None:
    checks: tuple[tuple[av.VideoStream | av.AudioStream | None, frozenset[str]], ...] = (
        (video, _VIDEO_CODECS[family]),
        (audio, _AUDIO_CODECS[family]),
    )
    for stream, allowed in checks:
        if stream is None:
            continue
        codec = _codec_name(stream)
        if codec not in allowed:
            raise MediaRejected(
                _(
                    "“%(name)s” is encoded as %(codec)s, which browsers cannot all play: upload H.264 video "
                    "with AAC sound in MP4, VP8 or VP9 with Opus in WebM, or MP3, M4A or Ogg recordings."
                )
                % {"name": display_name(name), "codec": codec.upper() or _("an unknown format")},
                code="codec",
            )


@dataclass
class _StreamProbe:
    """Decodes the first frames of one stream: proof that the data is what the header says."""

    stream: av.VideoStream | av.AudioStream
    is_video: bool
    start: float
    frames: int = 0
    done: bool = False
    first: Image.Image | None = None
    chosen: Image.Image | None = None

    def feed(self, packet: av.Packet) -> None:
        if not self.done:
            for frame in packet.decode():
                self._see(frame)

    def flush(self) -> None:
        if not self.done:
            for frame in self.stream.decode(None):
                self._see(frame)
            self.done = True

    def _see(self, frame: av.frame.Frame) -> None:
        self.frames += 1
        if not self.is_video:
            self.done = self.frames >= _AUDIO_FRAMES
            return
        assert isinstance(frame, av.VideoFrame)
        if self.first is None:
            self.first = frame.to_image()
        at = (frame.time or 0.0) - self.start
        if at >= _THUMBNAIL_AT_SECONDS:
            self.chosen = frame.to_image()
        self.done = self.chosen is not None or self.frames >= _MAX_VIDEO_FRAMES


@dataclass
class _Probe:
    streams: dict[int, _StreamProbe]
    ends: dict[int, float] = field(default_factory=dict)

    def observe(self, packet: av.Packet) -> None:
        index = packet.stream.index
        probe = self.streams[index]
        when = packet.pts if packet.pts is not None else packet.dts
        if when is None or packet.time_base is None:
            return
        end = float((when + (packet.duration or 0)) * packet.time_base) - probe.start
        self.ends[index] = max(end, self.ends.get(index, 0.0))
        probe.feed(packet)

    def decoded_every_stream(self) -> bool:
        return all(probe.frames > 0 for probe in self.streams.values())

    @property
    def end_seconds(self) -> float:
        return max(self.ends.values(), default=0.0)

    @property
    def thumbnail(self) -> Image.Image | None:
        video = next((probe for probe in self.streams.values() if probe.is_video), None)
        if video is None:
            return None
        return video.chosen or video.first


def _remux(
    container: av.container.InputContainer,
    streams: list[av.VideoStream | av.AudioStream],
    target: Path,
    output: _Output,
) -> _Probe:
    probe = _Probe(
        streams={
            stream.index: _StreamProbe(
                stream=stream,
                is_video=stream.type == "video",
                start=float(stream.start_time * stream.time_base)
                if stream.start_time is not None and stream.time_base is not None
                else 0.0,
            )
            for stream in streams
        }
    )
    with av.open(str(target), mode="w", format=output.muxer, options=_MUXER_OPTIONS[output.muxer]) as remuxed:
        mapping = {stream.index: remuxed.add_stream_from_template(stream) for stream in streams}
        for packet in container.demux(streams):
            if packet.dts is None:
                # The demuxer's end-of-stream marker, not data.
                continue
            input_index = packet.stream.index
            probe.observe(packet)
            packet.stream = mapping[input_index]
            remuxed.mux(packet)
        for stream_probe in probe.streams.values():
            stream_probe.flush()
    return probe


def _cut_short(declared: float | None, observed: float) -> bool:
    if not declared or observed <= 0:
        return False
    return declared - observed > max(_TRUNCATED_SECONDS, declared * _TRUNCATED_SHARE)


def _duration(path: Path, *, fallback: float) -> float | None:
    """The duration the new container states (what players show), else the last packet's end."""
    with av.open(str(path)) as remuxed:
        if remuxed.duration:
            return round(remuxed.duration / av.time_base, 3)
    return round(fallback, 3) if fallback > 0 else None
