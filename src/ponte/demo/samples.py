"""Real, tiny media files made on the spot with PyAV and Pillow, for the demo and the tests.

Every file is generated (never committed): a few frames of video, a second of tone, a small
image, a one-page PDF, captions in WebVTT and SRT. ``with_metadata`` files carry a title and an
author in their container, so tests can prove the server strips them.
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from typing import cast

import av
import numpy as np
from PIL import Image

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
Oggi vi mostro come si condividono le fatture con i clienti.

00:00:01.500 --> 00:00:03.000
Poi apriamo insieme il foglio di calcolo.
"""

SRT = """1
00:00:00,000 --> 00:00:01,500
Today I show how to share invoices with customers.

2
00:00:01,500 --> 00:00:03,000
Then we open the spreadsheet together.
"""


def video(container: str = "webm", *, seconds: float = 1.0, with_metadata: bool = False) -> bytes:
    """A small video with sound: VP8 + Opus in WebM, or H.264 + AAC in MP4."""
    codec, audio_codec = ("libvpx", "libopus") if container == "webm" else ("libx264", "aac")
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container) as output:
        if with_metadata:
            output.metadata["title"] = "Secret board meeting"
            output.metadata["artist"] = "Jane Private"
        stream = cast(av.VideoStream, output.add_stream(codec, rate=10))
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        sound = cast(av.AudioStream, output.add_stream(audio_codec, rate=48000))
        frames = max(1, int(seconds * 10))
        for index in range(frames):
            pixels = np.full((120, 160, 3), (index * 20) % 255, dtype=np.uint8)
            pixels[:, : 16 * (index % 10 + 1), 1] = 200
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                output.mux(packet)
        _write_tone(output, sound, seconds)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def audio(container: str = "mp3", *, seconds: float = 1.0, with_metadata: bool = False) -> bytes:
    """A second of tone: MP3, M4A (AAC in MP4), Ogg Opus or WebM Opus."""
    format_name, codec = {
        "mp3": ("mp3", "libmp3lame"),
        "m4a": ("ipod", "aac"),
        "ogg": ("ogg", "libopus"),
        "webm": ("webm", "libopus"),
    }[container]
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=format_name) as output:
        if with_metadata:
            output.metadata["title"] = "Secret board meeting"
            output.metadata["artist"] = "Jane Private"
        sound = cast(av.AudioStream, output.add_stream(codec, rate=48000 if codec == "libopus" else 44100))
        _write_tone(output, sound, seconds)
    return buffer.getvalue()


def _write_tone(output: av.container.OutputContainer, stream: av.AudioStream, seconds: float) -> None:
    rate = stream.rate or 48000
    frame_size = stream.codec_context.frame_size or 1024
    total = int(seconds * rate)
    layout = "stereo" if stream.codec_context.layout.nb_channels == 2 else "mono"
    channels = 2 if layout == "stereo" else 1
    fmt = stream.codec_context.format.name
    for start in range(0, total, frame_size):
        count = min(frame_size, total - start)
        if count < frame_size and stream.codec_context.name in {"aac", "libopus", "libmp3lame"}:
            count = frame_size  # these encoders want whole frames; pad the tail with tone
        t = (np.arange(start, start + count) / rate).astype(np.float32)
        wave = (0.2 * np.sin(2 * math.pi * 440 * t)).astype(np.float32)
        planar = fmt.endswith("p")
        samples = np.tile(wave, (channels, 1)) if planar else np.repeat(wave, channels).reshape(1, -1)
        if fmt.startswith("s16"):
            samples = (samples * 32767).astype(np.int16)
        elif fmt.startswith("s32"):
            samples = (samples * 2147483647).astype(np.int32)
        frame = av.AudioFrame.from_ndarray(samples, format=fmt, layout=layout)
        frame.rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            output.mux(packet)
    for packet in stream.encode():
        output.mux(packet)


def image(fmt: str = "JPEG", *, size: tuple[int, int] = (640, 480), with_exif: bool = False) -> bytes:
    picture = Image.new("RGB", size, (30, 110, 160))
    buffer = io.BytesIO()
    if with_exif:
        exif = Image.Exif()
        exif[0x013B] = "Jane Private"  # Artist
        exif[0x8825] = {2: (45.0, 27.0, 0.0)}  # GPS latitude
        picture.save(buffer, format=fmt, exif=exif)
    else:
        picture.save(buffer, format=fmt)
    return buffer.getvalue()


def pdf() -> bytes:
    """A valid one-page PDF, drawn by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (255, 255, 255)).save(buffer, format="PDF", title="Private title", author="Jane")
    return buffer.getvalue()
