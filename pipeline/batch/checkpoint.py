"""Pages already extracted from files not yet stored, so that a crash or Ctrl-C loses at most the
pages in flight: the next run takes the rest from here instead of running OCR again.

The table `page_checkpoints` is part of the store's schema (pipeline/store/schema.py, migration 0005):
the Store that the runner opens has made it. Rows are keyed by content hash and by a fingerprint of
everything that changes extraction, so a run with other OCR settings or another Tesseract does not
reuse them. Rows of a file are deleted by the transaction that stores the file (Store.save_document).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from pipeline.model import Page, PageSource, Word
from pipeline.settings import Settings
from pipeline.store.schema import page_checkpoints

# Settings fields that change what extraction returns
_EXTRACTION_FIELDS = (
    "language",
    "min_dpi",
    "render_dpi",
    "max_dpi",
    "deskew",
    "max_image_pixels",
    "orientation_check_below",
    "text_layer_min_chars",
)


def fingerprint(settings: Settings, engine_version: str) -> str:
    values = [getattr(settings, name) for name in _EXTRACTION_FIELDS] + [engine_version]
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:16]


def page_to_json(page: Page) -> dict[str, Any]:
    return {
        "number": page.number,
        "raw_text": page.raw_text,
        "source": str(page.source),
        "words": [astuple(w) for w in page.words],
        "width": page.width,
        "height": page.height,
        "dpi": page.dpi,
        "engine": page.engine,
        "language": page.language,
        "rotation": page.rotation,
    }


def page_from_json(data: dict[str, Any]) -> Page:
    return Page(
        number=data["number"],
        raw_text=data["raw_text"],
        source=PageSource(data["source"]),
        words=[Word(*w) for w in data["words"]],
        width=data["width"],
        height=data["height"],
        dpi=data["dpi"],
        engine=data["engine"],
        language=data["language"],
        rotation=data["rotation"],
    )


class Checkpoints:
    def __init__(self, engine: Engine, fingerprint: str) -> None:
        self.engine = engine
        self.fingerprint = fingerprint

    def load(self, sha256: str) -> dict[int, list[Page]]:
        """Extracted pages of this file from earlier runs, by task index."""
        table = page_checkpoints
        query = select(table.c.task, table.c.pages).where(
            table.c.sha256 == sha256, table.c.fingerprint == self.fingerprint
        )
        with self.engine.connect() as connection:
            return {row.task: [page_from_json(p) for p in json.loads(row.pages)] for row in connection.execute(query)}

    def save(self, sha256: str, task: int, pages: list[Page]) -> None:
        payload = json.dumps([page_to_json(p) for p in pages], ensure_ascii=False)
        table = page_checkpoints
        with self.engine.begin() as connection:
            connection.execute(
                delete(table).where(
                    table.c.sha256 == sha256, table.c.fingerprint == self.fingerprint, table.c.task == task
                )
            )
            connection.execute(
                insert(table).values(sha256=sha256, fingerprint=self.fingerprint, task=task, pages=payload)
            )
