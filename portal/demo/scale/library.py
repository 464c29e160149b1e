"""Library items with transcripts; their files are hard links to a few real files."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select

from portal.demo.library import CAPTIONS, LEAFLET, film_clip, pdf_document
from portal.demo.scale.common import (
    DAYS_PAST,
    StoredFiles,
    bulk_insert,
    drawing,
    quota,
    unique_slug,
)
from portal.demo.scale.words import (
    AGE_BANDS,
    ALT_FORMATS,
    ANGLES,
    AUDIENCES,
    ITEM_STATUS_SHARES,
    KIND_SHARES,
    SENTENCES,
    SUBJECTS,
)
from portal.extensions import db
from portal.library.files import library_key
from portal.library.models import FileRole, ItemKind, LibraryFile, LibraryItem
from portal.library.search import reindex


@cache
def film_bytes_once() -> bytes | None:
    return film_clip()  # a few seconds of ffmpeg: once per process


def make_library(rng: random.Random, count: int, now: datetime) -> tuple[int, int]:
    """Films, leaflets, guides and visual stories, every one with a transcript, in the search
    index. Returns how many items and files."""
    prefix = library_key("")
    film = film_bytes_once()
    stored = {
        "pdf": StoredFiles(
            prefix, pdf_document("Our autism leaflet", LEAFLET), ".pdf", "application/pdf"
        ),
        "easy": StoredFiles(
            prefix, pdf_document("Easy read", LEAFLET, large=True), ".pdf", "application/pdf"
        ),
        "vtt": StoredFiles(prefix, CAPTIONS.encode(), ".vtt", "text/vtt"),
        "poster": StoredFiles(
            prefix, drawing("room", "A still from the film"), ".png", "image/png"
        ),
        "film": StoredFiles(prefix, film or b"", ".webm", "video/webm"),
    }
    kinds = quota(rng, KIND_SHARES, count)
    statuses = quota(rng, ITEM_STATUS_SHARES, count)
    slugs = set(db.session.scalars(select(LibraryItem.slug)))
    items = []
    for kind, status in zip(kinds, statuses, strict=True):
        if kind == ItemKind.FILM and film is None:
            kind = ItemKind.LEAFLET  # no ffmpeg here to make the film: a leaflet instead
        subject, topics = rng.choice(SUBJECTS)
        angle = rng.choice(ANGLES[kind])
        title = (
            f"Visual story: {subject.lower()}, {angle}"
            if kind == ItemKind.VISUAL_STORY
            else f"{subject}: {angle}"
        )
        published = now - timedelta(days=rng.uniform(1, DAYS_PAST))
        said = rng.sample(SENTENCES, rng.randint(3, 6))
        items.append(
            {
                "slug": unique_slug(title, slugs),
                "kind": kind,
                "title": title,
                "summary": f"{subject}: what Bromley families have learned, in plain words.",
                "body": ""
                if kind == ItemKind.FILM
                else "\n\n".join(f"## {heading}\n\n{words}" for heading, words in LEAFLET),
                "transcript": "\n\n".join(
                    [f"This is about {subject.lower()}, by Bromley parents.", *said]
                ),
                "audience": rng.choice(AUDIENCES),
                "age_band": rng.choice(AGE_BANDS),
                "topics": topics,
                "language": "English",
                "credits": "Made by Bromley parents and young people",
                "status": status,
                "archived_note": "Replaced by a newer version." if status == "archived" else "",
                "published_at": None if status == "draft" else published,
                "review_due": None if status == "draft" else (published + timedelta(365)).date(),
                "reviewed_at": None,
                "review_note": "",
                # A long tail: a few items are seen a lot, most a little.
                "views": min(500_000, int(rng.paretovariate(1.2) * 20)),
                "downloads": min(100_000, int(rng.paretovariate(1.5) * 5)),
                "created_at": published - timedelta(days=rng.uniform(1, 20)),
            }
        )
    ids = bulk_insert(LibraryItem.__table__, items, ids=True, key="slug")
    files = []

    def add(item_id: int, item: dict, key: str, role: str, label="", language="English"):
        files.append(
            {
                "item_id": item_id,
                "role": role,
                "format_label": label,
                "language": language,
                "filename": stored[key].copy(),
                "original_name": item["slug"][:190] + stored[key].suffix,
                "mimetype": stored[key].mimetype,
                "size": len(stored[key].data),
                "created_at": item["created_at"],
            }
        )

    for item_id, item in zip(ids, items, strict=True):
        if item["kind"] == ItemKind.FILM:
            add(item_id, item, "film", FileRole.MAIN)
            add(item_id, item, "vtt", FileRole.CAPTIONS)
            if rng.random() < 0.4:
                add(item_id, item, "poster", FileRole.POSTER)
            if rng.random() < 0.15:
                add(item_id, item, "film", FileRole.ALTERNATIVE, "BSL video")
        elif item["kind"] == ItemKind.LEAFLET or rng.random() < 0.3:
            add(item_id, item, "pdf", FileRole.MAIN)
            if rng.random() < 0.35:
                add(item_id, item, "easy", FileRole.ALTERNATIVE, *rng.choice(ALT_FORMATS))
    bulk_insert(LibraryFile.__table__, files)
    reindex(db.session, list(ids))
    return len(items), len(files)
