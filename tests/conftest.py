from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.model import Document, Page, PageSource, Word
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.clean import Cleaner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
REAL = DATA / "real-minutes"
SAMPLES = ROOT / "samples"


@pytest.fixture
def settings() -> Settings:
    return Settings(jobs=1)


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def render_pdf_page(pdf: Path, index: int, dpi: int) -> Image.Image:
    """A born-digital page as a grayscale scan: its text layer is then the expected text."""
    page = pdfium.PdfDocument(pdf)[index]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image.info["dpi"] = (dpi, dpi)
    return image


def words(text: str) -> list[str]:
    return [w.strip(".,:;()”’\"'").lower() for w in text.split() if w.strip(".,:;()”’\"'")]


def recall(expected: str, actual: str) -> float:
    """Share of the expected words that occur in the actual text (order-free, counts respected)."""
    from collections import Counter

    want, got = Counter(words(expected)), Counter(words(actual))
    return sum(min(n, got[w]) for w, n in want.items()) / max(1, sum(want.values()))


def segment_file(path: Path, cleaner: Cleaner, source: PageSource = PageSource.OCR) -> Document:
    """A minutes text file (pages split at form feeds) cleaned and segmented, as `minutes segment` does."""
    from pipeline.segment import segment_document

    pages = [Page(i + 1, part, source) for i, part in enumerate(path.read_text(encoding="utf-8").split("\f"))]
    return segment_document(cleaner.clean_document(Document(path=path, sha256="", pages=pages)))


def assert_sections(document: Document, expected: list[dict[str, Any]]) -> None:
    """Every section of the truth found and none invented, each with its organ, meeting date and decision."""
    by_number = {d.section: d for d in document.decisions}
    assert sorted(by_number) == [item["section"] for item in expected]
    for item in expected:
        record = by_number[item["section"]]
        assert (record.organ, record.meeting_date) == (item["organ"], item["meeting_date"])
        assert bool(record.decision) == item["has_decision"]


def ocr_page(text: str, low: dict[int, float] | None = None, *, confidence: float = 95.0) -> Page:
    """A page Tesseract read: the text's words, each read with `confidence` unless listed in `low`
    (word index -> confidence)."""
    low = low or {}
    words = [Word(w, 0, 0, 10, 10, low.get(i, confidence), 0) for i, w in enumerate(text.split())]
    return Page(1, text, PageSource.OCR, words=words)


def clean_ocr(cleaner: Cleaner, text: str, low: dict[int, float] | None = None, *, confidence: float = 95.0) -> str:
    """The cleaned text of `ocr_page(text, low, confidence=confidence)`."""
    page = ocr_page(text, low, confidence=confidence)
    cleaner.clean_pages([page])
    return page.text
