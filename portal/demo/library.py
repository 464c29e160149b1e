"""Demo library: the parents' leaflet (a real PDF), a short film with captions and a transcript,
an easy-read version, and a visual story of a training venue."""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.extensions import db
from portal.library.files import store_upload
from portal.library.films import prepare_film
from portal.library.models import LibraryItem
from portal.library.services import attach, publish, save_item

LEAFLET = [
    (
        "What is autism?",
        "Autism is a different way of seeing, hearing and feeling the world. "
        "Every autistic child is different.",
    ),
    (
        "What helps",
        "Warn your child before things change. Use pictures to show what will "
        "happen. Find a quiet place when it gets too much.",
    ),
    (
        "Who can help in Bromley",
        "Your GP, your child's school, and other parents. Come to a "
        "training session or the parent-led coffee morning.",
    ),
]
CAPTIONS = """WEBVTT

00:00.000 --> 00:02.000
Welcome. We are Bromley parents.

00:02.000 --> 00:04.000
This is what a busy shop feels like for our children.
"""
TRANSCRIPT = (
    "Welcome. We are Bromley parents.\n\n"
    "This is what a busy shop feels like for our children: the beeping tills, the bright "
    "lights, the queues. A quiet hour makes a real difference."
)


def pdf_document(title: str, sections, *, large: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 28 if large else 20)
    pdf.multi_cell(0, 14 if large else 10, title, new_x="LMARGIN", new_y="NEXT")
    for heading, text in sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 20 if large else 14)
        pdf.multi_cell(0, 10 if large else 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 18 if large else 12)
        pdf.multi_cell(0, 10 if large else 7, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def film_clip() -> bytes | None:
    """A few seconds of WebM made with the ffmpeg binary that imageio-ffmpeg ships."""
    try:
        import imageio_ffmpeg

        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "film.webm"
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own binary
            [
                ffmpeg,
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=0x5b2a86:s=320x180:d=4",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=330:duration=4",
                "-c:v",
                "libvpx",
                "-b:v",
                "150k",
                "-c:a",
                "libvorbis",
                "-shortest",
                str(out),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        return out.read_bytes() if result.returncode == 0 and out.exists() else None


def _upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def load_demo_library(staff, now: datetime) -> list[str]:
    if db.session.scalar(select(LibraryItem.id).limit(1)) is not None:
        return ["  Library: already loaded"]
    leaflet = save_item(
        None,
        actor=staff,
        now=now,
        kind="leaflet",
        title="Our autism leaflet, by Bromley parents",
        summary="What autism is, what helps, and who can help in Bromley.",
        body="\n\n".join(f"## {h}\n\n{t}" for h, t in LEAFLET),
        audience="Parents and carers",
        topics="getting started, support",
        credits="Written by Bromley parents",
    )
    attach(
        leaflet,
        store_upload(_upload(pdf_document("Our autism leaflet", LEAFLET), "autism-leaflet.pdf")),
        role="main",
    )
    easy = [(h, t.split(". ")[0] + ".") for h, t in LEAFLET]
    attach(
        leaflet,
        store_upload(
            _upload(
                pdf_document("Autism: easy read", easy, large=True), "autism-leaflet-easy-read.pdf"
            )
        ),
        role="alternative",
        format_label="Easy read",
    )
    publish(leaflet, actor=staff, now=now)

    made = ["the parents' leaflet (PDF, with an easy-read version)"]
    film_bytes = film_clip()
    if film_bytes:
        film = save_item(
            None,
            actor=staff,
            now=now,
            kind="film",
            title="A day at the shops, by Bromley parents",
            summary="Parents and young people show what a busy shop feels like.",
            transcript=TRANSCRIPT,
            credits="Made by Bromley parents and young people",
            topics="shops, sensory",
            sensory_note="A steady humming tone plays all the way through (4 seconds).",
        )
        attach(film, store_upload(_upload(film_bytes, "a-day-at-the-shops.webm")), role="main")
        attach(film, store_upload(_upload(CAPTIONS.encode(), "captions.vtt")), role="captions")
        prepare_film(film.id)  # the MP4 and the poster, as the worker's films job would
        publish(film, actor=staff, now=now)
        made.append("a short film (WebM and MP4, with a poster) with captions and a transcript")
    story = save_item(
        None,
        actor=staff,
        now=now,
        kind="visual-story",
        title="Visual story: the Churchill Theatre studio",
        summary="What you will see when you come to a training session at the theatre.",
        body="1. The glass doors with a purple sign.\n\n2. Someone in a purple T-shirt says hello."
        "\n\n3. The studio: chairs in a half circle, soft lights.\n\n4. The quiet room.",
        credits="Made by the training team",
    )
    publish(story, actor=staff, now=now)
    made.append("a visual story of a training venue")
    db.session.flush()
    return ["  Library: " + ", ".join(made)]
