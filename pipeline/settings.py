"""One typed settings object for every stage; the CLI builds it, stages only read it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_CORRECTIONS = Path(__file__).resolve().parent.parent / "corrections"


def _default_corrections() -> Path:
    return Path(os.environ.get("MINUTES_CORRECTIONS", REPO_CORRECTIONS))


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = "sqlite:///minutes.db"
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    corrections: Path = field(default_factory=_default_corrections)

    # OCR
    language: str = "fin"
    min_dpi: int = 200  # scans below this are upsampled before OCR
    render_dpi: int = 300  # PDF pages without an embedded image are rendered at this resolution
    max_dpi: int = 400  # upper bound when following an embedded image's own resolution
    page_timeout: float = 300.0  # seconds Tesseract may spend on one page
    deskew: bool = True
    max_image_pixels: int = 200_000_000  # larger images are refused as decompression bombs
    # a page whose OCR is worse than this (mean word confidence) is checked for 90/180° rotation
    orientation_check_below: float = 60.0

    # cleaning: word repair and § restoration; changes less sure than flag_below are only flagged
    repair: bool = True
    flag_below: float = 0.6

    # storing: processes writing documents to the database, each with its own connection, so the rows of
    # one document are made while the database indexes another's (pipeline/batch/storing.py)
    store_processes: int = 2

    # PDF text layer: fewer printable characters than this on a page means "scanned page"
    text_layer_min_chars: int = 25
