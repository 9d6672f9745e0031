"""The one place that runs Tesseract (through pytesseract)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import pytesseract
from PIL import Image

from pipeline.errors import EnvironmentProblem, InputError
from pipeline.model import Word

T = TypeVar("T")

# Tesseract's OpenMP threads fight each other when pages already run in parallel processes:
# one page took ~10 s with default threading and 1.4 s single-threaded (shared/NOTES.md).
os.environ["OMP_THREAD_LIMIT"] = "1"


@dataclass(slots=True)
class OcrResult:
    text: str
    words: list[Word]

    @property
    def mean_confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


@cache
def tesseract_version() -> str:
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except pytesseract.TesseractNotFoundError as exc:
        raise EnvironmentProblem("tesseract is not installed (Debian package tesseract-ocr)") from exc


def check_languages(language: str) -> None:
    """Fail early, before any work, when a Tesseract language model is missing."""
    tesseract_version()
    available = set(pytesseract.get_languages(config=""))
    missing = [lang for lang in language.split("+") if lang not in available]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise EnvironmentProblem(f"Tesseract language model missing: {', '.join(missing)} ({packages})")


def _with_image_file(image: Image.Image, run: Callable[[str], T]) -> T:
    # PGM is written and read far faster than pytesseract's default PNG round trip.
    with tempfile.TemporaryDirectory(prefix="minutes-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        image.convert("L").save(path, format="PPM")
        return run(str(path))


def recognise(image: Image.Image, *, language: str, dpi: int, timeout: float) -> OcrResult:
    """OCR one page image; returns text laid out in lines and paragraphs, and every word's box."""
    config = f"--dpi {dpi} --psm 3"
    try:
        data = _with_image_file(
            image,
            lambda path: pytesseract.image_to_data(
                path, lang=language, config=config, timeout=timeout, output_type=pytesseract.Output.DICT
            ),
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise EnvironmentProblem("tesseract is not installed (Debian package tesseract-ocr)") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise InputError(f"OCR took longer than {timeout:g} s") from exc
        raise
    except pytesseract.TesseractError as exc:
        raise InputError(f"tesseract failed: {exc.message.strip() or exc.status}") from exc
    return _layout(data)


def _layout(data: dict[str, list]) -> OcrResult:
    """Rebuild Tesseract's plain-text layout from its TSV: words per line, blank line per paragraph."""
    words: list[Word] = []
    lines: list[str] = []
    current_line: tuple[int, int, int] | None = None
    current_par: tuple[int, int] | None = None
    line_words: list[str] = []
    line_index = -1
    for i, text in enumerate(data["text"]):
        if int(data["level"][i]) != 5 or not text.strip():
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if key != current_line:
            if line_words:
                lines.append(" ".join(line_words))
            if current_par is not None and key[:2] != current_par:
                lines.append("")
            current_line, current_par, line_words = key, key[:2], []
            line_index += 1
        line_words.append(text)
        words.append(
            Word(
                text=text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                confidence=float(data["conf"][i]),
                line=line_index,
            )
        )
    if line_words:
        lines.append(" ".join(line_words))
    return OcrResult(text="\n".join(lines), words=words)


def detect_rotation(image: Image.Image, *, dpi: int, timeout: float) -> int:
    """Degrees (0, 90, 180, 270) Tesseract's OSD says the page must turn clockwise; 0 if unsure."""
    try:
        osd = _with_image_file(
            image,
            lambda path: pytesseract.image_to_osd(
                path, config=f"--dpi {dpi} --psm 0", timeout=timeout, output_type=pytesseract.Output.DICT
            ),
        )
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell: leave the page as it is
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return 0
    return int(osd.get("rotate", 0)) % 360
