"""PDF pages: the text layer through pdfplumber, else the page rendered by pypdfium2 for OCR."""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from pipeline.errors import InputError

T = TypeVar("T")

# PDFium is not thread-safe, and the open documents are shared: a Dask worker may run page tasks in threads
_LOCK = threading.RLock()


def _open_document(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        found = re.search(r"PDFium: ([^)]+)", str(exc))  # "Failed to load document (PDFium: Data format error)."
        reason = found.group(1) if found else str(exc)
        if "password" in reason.lower():
            raise InputError("encrypted PDF (needs a password)") from exc
        raise InputError(f"not a readable PDF: {reason}") from exc


class _Recycled(Generic[T]):
    """The one open document of a worker, reused for the next pages of the same file, and reopened
    after `pages` uses: PDFium and pdfminer keep every page's parsed streams until the document is
    closed, so a worker's memory would otherwise grow with the length of the PDF (measured: about
    0.2 MB per scanned page, flat once reopened)."""

    def __init__(self, opener: Callable[[Path], T], close: Callable[[T], None], uses: int) -> None:
        self.opener, self.close, self.limit = opener, close, uses
        self.path: Path | None = None
        self.document: T | None = None
        self.uses = 0

    def __call__(self, path: Path) -> T:
        if self.document is None or path != self.path or self.uses >= self.limit:
            self.clear()
            self.document, self.path, self.uses = self.opener(path), path, 0
        self.uses += 1
        return self.document

    def clear(self) -> None:
        if self.document is not None:
            self.close(self.document)
        self.document, self.path = None, None


# pages of one file arrive together: parse each PDF once for a run of pages (each page uses it ~3 times)
_open_pdfium = _Recycled(_open_document, lambda document: document.close(), uses=48)
_open_plumber = _Recycled(pdfplumber.open, lambda document: document.close(), uses=16)


@atexit.register
def _close_cached() -> None:
    # close open documents before interpreter exit, which pypdfium2 would report as leaked
    _open_pdfium.clear()
    _open_plumber.clear()


def has_text(path: Path, index: int, min_chars: int) -> bool:
    """Cheap pdfium check whether the page has a text layer worth pdfplumber's slower parse.
    Scanned pages (the common case at scale) thus never pay for pdfminer."""
    with _LOCK:
        return _has_text(path, index, min_chars)


def _has_text(path: Path, index: int, min_chars: int) -> bool:
    try:
        textpage = _open_pdfium(path)[index].get_textpage()
        try:
            return sum(1 for ch in textpage.get_text_range() if ch.isalnum()) >= min_chars
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        return True  # let pdfplumber decide


def count_pages(path: Path) -> int:
    with _LOCK:
        document = _open_document(path)  # not cached: the planner opens each file once
        try:
            pages = len(document)
        finally:
            document.close()
    if pages == 0:
        raise InputError("PDF has no pages")
    return pages


def text_layer(path: Path, index: int) -> str:
    """The page's own text, or "" when it has none or pdfminer cannot parse it."""
    with _LOCK:  # the recycled document is shared by the threads of a Dask worker
        return _text_layer(path, index)


def _text_layer(path: Path, index: int) -> str:
    try:
        page = _open_plumber(path).pages[index]
        try:
            text = page.extract_text(layout=False, x_tolerance=1.5) or ""
        finally:
            page.close()  # drop the parsed objects: memory stays flat over a long document
    except Exception:  # any pdfminer failure just means "OCR this page"
        return ""
    return text if "(cid:" not in text else ""


def image_dpi(path: Path, index: int) -> float | None:
    """Resolution of the largest embedded image (pixels per placed inch), if the page is a scan."""
    with _LOCK:
        return _image_dpi(path, index)


def _image_dpi(path: Path, index: int) -> float | None:
    try:
        page = _open_pdfium(path)[index]
        best: float | None = None
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
            left, _bottom, right, _top = obj.get_bounds()
            placed_width_in = (right - left) / 72
            pixels_wide, _ = obj.get_px_size()
            if placed_width_in <= 1 or not pixels_wide:
                continue
            best = max(best or 0.0, pixels_wide / placed_width_in)
        return best
    except (pdfium.PdfiumError, InputError, ValueError):  # no usable image information: default resolution
        return None


def render(path: Path, index: int, dpi: int, max_pixels: int) -> Image.Image:
    with _LOCK:
        return _render(path, index, dpi, max_pixels)


def _render(path: Path, index: int, dpi: int, max_pixels: int) -> Image.Image:
    try:
        page = _open_pdfium(path)[index]
        width_in, height_in = page.get_width() / 72, page.get_height() / 72
        if width_in * dpi * height_in * dpi > max_pixels:
            # an absurd page size would otherwise allocate gigabytes before OCR even starts
            raise InputError(f"page {index + 1} too large to render ({width_in:.0f} x {height_in:.0f} in at {dpi} dpi)")
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        try:
            image = bitmap.to_pil().copy()  # own memory: the bitmap goes when the document is recycled
        finally:
            bitmap.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise InputError(f"page {index + 1} cannot be rendered: {exc}") from exc
    image.info["dpi"] = (dpi, dpi)
    return image
