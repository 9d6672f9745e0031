"""PDF pages: the text layer through pdfplumber, else the page rendered by pypdfium2 for OCR."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

from pipeline.errors import InputError


@lru_cache(maxsize=2)  # pages of one file arrive together: parse each PDF once per worker
def _open_pdfium(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        reason = str(exc).split("(PDFium: ")[-1].rstrip(")") if "PDFium" in str(exc) else str(exc)
        if "password" in reason.lower():
            raise InputError("encrypted PDF (needs a password)") from exc
        raise InputError(f"not a readable PDF: {reason}") from exc


@lru_cache(maxsize=2)
def _open_plumber(path: Path) -> pdfplumber.PDF:
    return pdfplumber.open(path)


def count_pages(path: Path) -> int:
    pages = len(_open_pdfium(path))
    if pages == 0:
        raise InputError("PDF has no pages")
    return pages


def text_layer(path: Path, index: int) -> str:
    """The page's own text, or "" when it has none or pdfminer cannot parse it."""
    try:
        page = _open_plumber(path).pages[index]
        text = page.extract_text(layout=False, x_tolerance=1.5) or ""
    except Exception:  # any pdfminer failure just means "OCR this page"
        return ""
    return text if "(cid:" not in text else ""


def image_dpi(path: Path, index: int) -> float | None:
    """Resolution of the largest embedded image, if the page is a scan."""
    try:
        page = _open_plumber(path).pages[index]
        best: float | None = None
        for img in page.images:
            placed_width_in = (float(img["x1"]) - float(img["x0"])) / 72
            if placed_width_in <= 1 or not img.get("srcsize"):
                continue
            dpi = float(img["srcsize"][0]) / placed_width_in
            best = max(best or 0.0, dpi)
        return best
    except Exception:  # no usable image information: render at the default resolution
        return None


def render(path: Path, index: int, dpi: int) -> Image.Image:
    try:
        page = _open_pdfium(path)[index]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil()
    except pdfium.PdfiumError as exc:
        raise InputError(f"page {index + 1} cannot be rendered: {exc}") from exc
    image.info["dpi"] = (dpi, dpi)
    return image
