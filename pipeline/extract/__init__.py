"""Extraction stage: files -> pages of raw text (PDF text layer, OCR of scans, old OCR .txt).

Work is split into PageTasks so that the batch runner can OCR pages of one file in parallel;
`extract_page` is the function a worker process runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import Image

from pipeline.errors import InputError
from pipeline.extract import image as image_backend
from pipeline.extract import ocr, pdf, preprocess, text
from pipeline.model import Document, Page, PageSource
from pipeline.settings import Settings

TEXT_SUFFIXES = {".txt"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | image_backend.IMAGE_SUFFIXES | TEXT_SUFFIXES


class FileKind(StrEnum):
    PDF = "pdf"
    IMAGE = "image"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class PageTask:
    path: Path
    kind: FileKind
    index: int  # 0-based page or frame; for text files the whole file is one task


def file_kind(path: Path) -> FileKind:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return FileKind.PDF
    if suffix in image_backend.IMAGE_SUFFIXES:
        return FileKind.IMAGE
    if suffix in TEXT_SUFFIXES:
        return FileKind.TEXT
    raise InputError(f"unsupported file type {suffix or '(none)'}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan_pages(path: Path, settings: Settings) -> list[PageTask]:
    """Cheap look at a file: which page tasks it needs. Raises InputError for unreadable files."""
    kind = file_kind(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise InputError("empty file (0 bytes)")
    if kind is FileKind.PDF:
        return [PageTask(path, kind, i) for i in range(pdf.count_pages(path))]
    if kind is FileKind.IMAGE:
        frames = image_backend.count_frames(path, settings.max_image_pixels)
        return [PageTask(path, kind, i) for i in range(frames)]
    return [PageTask(path, kind, 0)]


def _ocr_page(image: Image.Image, number: int, settings: Settings) -> Page:
    image = preprocess.to_grayscale(image)
    dpi = preprocess.effective_dpi(image)
    image, dpi = preprocess.ensure_resolution(image, dpi, settings.min_dpi, settings.render_dpi)
    if settings.deskew:
        image, _ = preprocess.deskew(image)
    result = ocr.recognise(image, language=settings.language, dpi=dpi, timeout=settings.page_timeout)
    rotation = 0
    if result.mean_confidence < settings.orientation_check_below:
        # only doubtful pages pay for orientation detection
        rotation = ocr.detect_rotation(image, dpi=dpi, timeout=settings.page_timeout)
        if rotation:
            turned = image.rotate(-rotation, expand=True, fillcolor=255)
            retry = ocr.recognise(turned, language=settings.language, dpi=dpi, timeout=settings.page_timeout)
            if retry.mean_confidence > result.mean_confidence:
                result, image = retry, turned
            else:
                rotation = 0
    return Page(
        number=number,
        raw_text=result.text,
        source=PageSource.OCR,
        words=result.words,
        width=image.width,
        height=image.height,
        dpi=dpi,
        engine=ocr.tesseract_version(),
        language=settings.language,
        rotation=rotation,
    )


def _usable(layer: str, settings: Settings) -> bool:
    return sum(1 for c in layer if c.isalnum()) >= settings.text_layer_min_chars


def extract_page(task: PageTask, settings: Settings) -> list[Page]:
    """Run one task; returns its page(s). Raises InputError with a one-line reason."""
    number = task.index + 1
    if task.kind is FileKind.TEXT:
        return [
            Page(number=i + 1, raw_text=page_text, source=PageSource.TEXT_FILE, engine="text")
            for i, page_text in enumerate(text.read_pages(task.path))
        ]
    if task.kind is FileKind.IMAGE:
        frame = image_backend.load_frame(task.path, task.index, settings.max_image_pixels)
        return [_ocr_page(frame, number, settings)]
    has_layer = pdf.has_text(task.path, task.index, settings.text_layer_min_chars)
    layer = pdf.text_layer(task.path, task.index) if has_layer else ""
    if _usable(layer, settings):
        return [Page(number=number, raw_text=layer, source=PageSource.TEXT_LAYER, engine="pdfplumber")]
    embedded = pdf.image_dpi(task.path, task.index)
    dpi = settings.render_dpi if embedded is None else round(min(max(embedded, settings.min_dpi), settings.max_dpi))
    return [_ocr_page(pdf.render(task.path, task.index, dpi, settings.max_image_pixels), number, settings)]


def extract_document(path: Path, settings: Settings) -> Document:
    """Extract a whole file in this process (the batch runner parallelises pages instead)."""
    tasks = plan_pages(path, settings)
    document = Document(path=path, sha256=sha256_of(path))
    for task in tasks:
        document.pages.extend(extract_page(task, settings))
    return document
