"""Sections from minutes text: headings, table of contents, OCR look-alikes of §, references."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document

MINUTES = """Kemin kaupunki
Kaupunginhallitus
Pöytäkirja 10/2024
Aika 04.12.2024 klo 16:31 - 17:46
Käsitellyt asiat
§ 136 Kokouksen laillisuus ja päätösvaltaisuus
§ 137 Talousarvion toteutuminen
§ 136
Kokouksen laillisuus ja päätösvaltaisuus
Puheenjohtaja totesi kokouksen laillisesti koolle kutsutuksi.
Päätös
Kokous todettiin lailliseksi ja päätösvaltaiseksi.
8 137
Talousarvion toteutuminen
KEMDno-2024-512
Kaupunginvaltuusto hyväksyi talousarvion 16 luvun
119 §:n mukaan, ks. myös
8 110 päätös.
Päätös
Merkittiin tiedoksi.
Liitteet
Liite 1 Talousraportti
"""


def segment(text: str) -> Document:
    pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
    return segment_document(Document(path=Path("kh.txt"), sha256="0" * 64, pages=pages))


def test_sections_with_meeting_fields() -> None:
    document = segment(MINUTES)
    assert [d.section for d in document.decisions] == [136, 137]
    first, second = document.decisions
    assert first.organ == "Kaupunginhallitus"
    assert first.meeting_date == "2024-12-04"
    assert first.municipality == "Kemin kaupunki"
    assert first.title == "Kokouksen laillisuus ja päätösvaltaisuus"
    assert first.decision == "Kokous todettiin lailliseksi ja päätösvaltaiseksi."
    assert second.title == "Talousarvion toteutuminen"
    assert second.diary_number == "KEMDno-2024-512"
    assert second.decision == "Merkittiin tiedoksi."
    assert "Liite 1 Talousraportti" in second.text


def test_table_of_contents_and_references_are_not_sections() -> None:
    sections = [d.section for d in segment(MINUTES).decisions]
    assert sections.count(136) == 1  # the contents line is not a second § 136
    assert 119 not in sections and 110 not in sections


def test_section_sign_after_the_number() -> None:
    document = segment("Tekninen lautakunta 12.11.2024\n45 §\nKatuvalaistuksen saneeraus\nPäätös\nHyväksyttiin.")
    (decision,) = document.decisions
    assert (decision.section, decision.title, decision.organ) == (
        45,
        "Katuvalaistuksen saneeraus",
        "Tekninen lautakunta",
    )


def test_sections_spanning_pages_name_their_pages() -> None:
    document = segment("Kaupunginhallitus 1.2.2024\n§ 1\nOtsikko\nTekstiä\f jatkuu\n§ 2\nToinen\nTekstiä")
    assert [d.source.pages for d in document.decisions] == [[1, 2], [2]]


def test_text_without_sections_gives_no_records_and_a_note() -> None:
    document = segment("Tämä on pelkkää tekstiä ilman pykäliä.")
    assert document.decisions == []
    assert document.notes == ["no § sections found"]
