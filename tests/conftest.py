from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.settings import Settings

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
