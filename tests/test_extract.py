"""Extraction with the real Tesseract, pdfplumber and Pillow on real Finnish documents."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from pipeline.errors import InputError
from pipeline.extract import extract_document, plan_pages
from pipeline.extract import text as text_backend
from pipeline.extract.preprocess import ensure_resolution, estimate_skew
from pipeline.model import PageSource
from pipeline.settings import Settings
from tests.conftest import REAL, recall, render_pdf_page


def layer_text(pdf: Path, index: int) -> str:
    with pdfplumber.open(pdf) as document:
        return document.pages[index].extract_text() or ""


def test_text_layer_is_read_without_ocr(settings: Settings) -> None:
    document = extract_document(REAL / "395959398.pdf", settings)
    assert [page.source for page in document.pages] == [PageSource.TEXT_LAYER] * 2
    assert "Suomi 100 -juhlavuoden juhlapäätös" in document.pages[0].raw_text
    assert len(document.sha256) == 64


def test_scanned_pdf_is_ocrd_with_word_boxes(tmp_path: Path, settings: Settings) -> None:
    scan = tmp_path / "scan.pdf"
    render_pdf_page(REAL / "510975521.pdf", 0, 200).save(scan, resolution=200)
    document = extract_document(scan, settings)
    (page,) = document.pages
    assert page.source is PageSource.OCR
    assert page.dpi >= 200
    assert page.words and all(0 <= w.confidence <= 100 for w in page.words)
    assert all(w.width > 0 and w.height > 0 for w in page.words)
    assert recall(layer_text(REAL / "510975521.pdf", 0), page.raw_text) > 0.9


def test_multipage_tiff_keeps_page_order(tmp_path: Path, settings: Settings) -> None:
    frames = [render_pdf_page(REAL / "395959398.pdf", i, 200) for i in range(2)]
    tiff = tmp_path / "scan.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_lzw")
    document = extract_document(tiff, settings)
    assert [page.number for page in document.pages] == [1, 2]
    for index, page in enumerate(document.pages):
        assert recall(layer_text(REAL / "395959398.pdf", index), page.raw_text) > 0.85


def test_upside_down_page_is_turned(tmp_path: Path, settings: Settings) -> None:
    image = render_pdf_page(REAL / "510975521.pdf", 0, 200).rotate(180)
    path = tmp_path / "upside-down.png"
    image.save(path, dpi=(200, 200))
    (page,) = extract_document(path, settings).pages
    assert page.rotation == 180
    assert recall(layer_text(REAL / "510975521.pdf", 0), page.raw_text) > 0.9


def test_low_resolution_scan_is_upsampled() -> None:
    image = Image.new("L", (827, 1169), 255)  # A4 at 100 dpi
    upsampled, dpi = ensure_resolution(image, 100, min_dpi=200, target_dpi=300)
    assert dpi == 300
    assert upsampled.width == 2481


def test_skew_is_estimated(tmp_path: Path) -> None:
    page = render_pdf_page(REAL / "510975521.pdf", 0, 150)
    assert abs(estimate_skew(page.rotate(-1.5, fillcolor=255)) - 1.5) <= 0.25
    assert abs(estimate_skew(page)) <= 0.25


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Päätös hyväksyttiin.".encode(), "Päätös hyväksyttiin."),
        (b"\xef\xbb\xbfP\xc3\xa4\xc3\xa4t\xc3\xb6s", "Päätös"),  # UTF-8 with BOM
        ("Päätös ”hyväksyttiin”".encode("cp1252"), "Päätös ”hyväksyttiin”"),
        (b"P\xe4\xe4t\x81s", "Päät\x81s"),  # a byte cp1252 leaves undefined: latin-1, nothing lost
    ],
)
def test_text_files_in_any_encoding_decode(data: bytes, expected: str) -> None:
    assert text_backend.decode(data) == expected


def test_text_file_pages_split_at_form_feeds(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("§ 12\nEnsimmäinen sivu\r\n\f§ 13\nToinen sivu".encode("cp1252"))
    document = extract_document(path, settings)
    assert [p.raw_text for p in document.pages] == ["§ 12\nEnsimmäinen sivu\n", "§ 13\nToinen sivu"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary content"),
        ("fake.png", b"this is just text pretending to be a picture\n" * 10, "not a readable image"),
        ("random.pdf", bytes((i * 7919) % 251 for i in range(5000)), "not a readable PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_unreadable_files_get_a_one_line_reason(
    tmp_path: Path, settings: Settings, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        plan_pages(path, settings)
        extract_document(path, settings)
    assert "\n" not in str(caught.value)


def test_truncated_pdf_is_an_input_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes((REAL / "395959398.pdf").read_bytes()[:1500])
    with pytest.raises(InputError):
        extract_document(path, settings)
