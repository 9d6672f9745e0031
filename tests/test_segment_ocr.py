"""Segmenter on real Tesseract output: the tuning minutes rendered at 200 dpi, degraded and OCR'd
with `-l fin` (which has no § in its character set). Made by `python -m bench.segment_ocr tests/data/segment`."""

from __future__ import annotations

from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document

OCR = Path(__file__).parent / "data" / "segment" / "ocr" / "kemi_kh_2024_10.txt"


def test_sections_survive_lost_section_signs() -> None:
    text = OCR.read_text(encoding="utf-8")
    assert "§ 13" not in text  # the OCR really lost the signs: the test is about recovering them
    pages = [Page(i + 1, part, PageSource.OCR) for i, part in enumerate(text.split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=OCR, sha256="", pages=pages)))
    assert [d.section for d in document.decisions] == list(range(136, 144))
    assert all(d.organ == "Kaupunginhallitus" and d.meeting_date == "2024-11-04" for d in document.decisions)
    assert all(d.decision for d in document.decisions)
    assert all(d.confidence < 1 for d in document.decisions)  # look-alike headings are marked less sure
    assert document.decisions[1].title == "Pöytäkirjan tarkastajien valinta"
