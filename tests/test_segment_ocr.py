"""Segmenter on real Tesseract output: the tuning minutes rendered at 200 dpi, degraded and OCR'd
with `-l fin` (which has no § in its character set). Made by `python -m bench.segment_ocr tests/data/segment`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document

OCR = Path(__file__).parent / "data" / "segment" / "ocr"


@pytest.mark.parametrize(
    ("name", "sections", "organ", "date", "title"),
    [
        ("kemi_kh_2024_10.txt", range(136, 144), "Kaupunginhallitus", "2024-11-04", "Pöytäkirjan tarkastajien valinta"),
        (
            "kemi_tela_2024_04.txt",
            range(31, 35),
            "Tekninen lautakunta",
            "2024-04-23",
            "Katujen kunnossapitoluokitus 2024",
        ),
    ],
)
def test_sections_survive_lost_section_signs(name: str, sections: range, organ: str, date: str, title: str) -> None:
    text = (OCR / name).read_text(encoding="utf-8")
    assert "§" not in text  # the OCR really lost the signs: the test is about recovering them
    pages = [Page(i + 1, part, PageSource.OCR) for i, part in enumerate(text.split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=OCR / name, sha256="", pages=pages)))
    assert [d.section for d in document.decisions] == list(sections)
    assert all(d.organ == organ and d.meeting_date == date for d in document.decisions)
    assert all(d.decision for d in document.decisions)
    assert all(d.confidence < 1 for d in document.decisions)  # look-alike headings are marked less sure
    assert document.decisions[1].title == title
