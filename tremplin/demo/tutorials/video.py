"""Frames to video with Debian's ffmpeg: WebM (VP9) and MP4 (H.264), each at most 5 MB."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tremplin.demo.tutorials.camera import FPS, Frame

MAX_BYTES = 5 * 1000 * 1000
MAX_SECONDS = 120
KEYFRAME_TICKS = 5 * FPS  # a keyframe every 5 s: seeking stays quick
# Quality steps, tried in turn until the file fits in MAX_BYTES (screens compress well).
WEBM_CRF = (38, 44, 50)
MP4_CRF = (27, 31, 35)
# VP9's real-time mode encodes a screen six times faster than its "good" one, for a file
# a quarter larger: minutes saved on a 2-core machine, and still far below MAX_BYTES.
VP9_SPEED = ["-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1", "-tune-content", "screen"]
H264_TUNING = ["-preset", "medium", "-tune", "stillimage"]


class VideoError(RuntimeError):
    pass


@dataclass(frozen=True)
class Probe:
    codec: str
    pix_fmt: str
    width: int
    height: int
    duration: float
    size: int


def tools_missing() -> list[str]:
    return [tool for tool in ("ffmpeg", "ffprobe") if not shutil.which(tool)]


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise VideoError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def probe(path: Path) -> Probe:
    """What ffprobe reads in a video file: its first stream and the container."""
    data = json.loads(
        _run(
            [
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,pix_fmt,width,height:format=duration,size",
                "-of",
                "json",
                str(path),
            ]
        )
    )
    stream = data["streams"][0]
    return Probe(
        codec=stream["codec_name"],
        pix_fmt=stream["pix_fmt"],
        width=int(stream["width"]),
        height=int(stream["height"]),
        duration=float(data["format"]["duration"]),
        size=int(data["format"]["size"]),
    )


def sequence(frames: list[Frame], folder: Path) -> Path:
    """One numbered file a tick (hard links to the frames): a constant frame rate, so
    the video's time is exactly the timeline's."""
    folder.mkdir(parents=True)
    number = 0
    for frame in frames:
        for _ in range(frame.ticks):
            os.link(frame.path, folder / f"{number:06d}.png")
            number += 1
    return folder / "%06d.png"


def _encode(pattern: Path, output: Path, codec_options: list[str]) -> None:
    _run(
        [
            "ffmpeg",
            "-y",
            "-loglevel",
            "error",
            "-framerate",
            str(FPS),
            "-i",
            str(pattern),
            *codec_options,
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(KEYFRAME_TICKS),
            "-an",
            str(output),
        ]
    )


def webm(pattern: Path, output: Path) -> Probe:
    for crf in WEBM_CRF:
        _encode(
            pattern,
            output,
            ["-c:v", "libvpx-vp9", "-crf", str(crf), "-b:v", "0", *VP9_SPEED],
        )
        if output.stat().st_size <= MAX_BYTES:
            return probe(output)
    raise VideoError(f"{output.name} stays above {MAX_BYTES} bytes: shorten the journey.")


def mp4(pattern: Path, output: Path) -> Probe:
    for crf in MP4_CRF:
        _encode(
            pattern,
            output,
            ["-c:v", "libx264", "-crf", str(crf), *H264_TUNING, "-movflags", "+faststart"],
        )
        if output.stat().st_size <= MAX_BYTES:
            return probe(output)
    raise VideoError(f"{output.name} stays above {MAX_BYTES} bytes: shorten the journey.")


def poster(frame: Path, output: Path) -> None:
    _run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(frame), "-q:v", "3", str(output)])
