"""Segmenter on minutes text: meeting, sections, fields, references, damaged headings, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document
from pipeline.segment.dates import find_dates, find_times
from pipeline.segment.vocabulary import load

DATA = Path(__file__).parent / "data" / "segment"


def segment_text(text: str, clean: bool = True) -> Document:
    pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
    document = Document(path=Path("minutes.txt"), sha256="", pages=pages)
    if clean:
        Cleaner().clean_document(document)
    return segment_document(document)


@pytest.fixture(scope="module")
def kemi() -> Document:
    return segment_text((DATA / "kemi_kh_2024_10.txt").read_text(encoding="utf-8"))


def by_section(document: Document) -> dict:
    return {decision.section: decision for decision in document.decisions}


def test_every_section_once_in_order_and_the_contents_table_adds_none(kemi: Document) -> None:
    assert [d.section for d in kemi.decisions] == list(range(136, 144))
    assert all(d.organ == "Kaupunginhallitus" and d.meeting_date == "2024-11-04" for d in kemi.decisions)
    assert all(d.municipality == "Kemin kaupunki" for d in kemi.decisions)
    assert kemi.decisions[0].source.pages == [2]  # the § 136 line of the contents table on page 1 is not it


def test_meeting_header(kemi: Document) -> None:
    meeting = kemi.meeting
    assert meeting is not None
    assert (meeting.start_time, meeting.end_time) == ("16:31", "17:46")
    assert meeting.number == "10/2024"
    assert meeting.place == "Kaupungintalo, kaupunginhallituksen kokoushuone"
    assert "Pekka Mäkinen" in meeting.present and len(meeting.present) == 6
    assert meeting.absent == ["Mikko Salonen", "Hanna Väisänen"]
    assert meeting.errors == []


def test_section_fields(kemi: Document) -> None:
    record = by_section(kemi)[138]
    assert record.title == "Talousarvion toteutuminen 1.1.-30.9.2024"
    assert record.diary_number == "KEMDno-2024-512"
    assert record.preparer.startswith("talousjohtaja Jari Koskinen")
    assert record.presenter == "kaupunginjohtaja Tiina Räsänen"
    assert record.proposal.startswith("Kaupunginhallitus merkitsee tiedoksi")
    assert record.decision.startswith("Kaupunginhallitus merkitsi talousarvion toteutuman tiedoksi")
    assert record.attachments == ["Talousarvion toteutumaraportti 30.9.2024", "Investointien toteutuma 30.9.2024"]
    assert "Kaupunginhallitus" not in record.text.split("\n")[0]


def test_decision_continues_across_a_page_and_header_does_not_leak(kemi: Document) -> None:
    record = by_section(kemi)[140]
    assert record.decision == "Kaupunginhallitus päätti jättää asian pöydälle."
    assert record.source.pages == [3, 4]
    assert "PÖYTÄKIRJA" not in record.text and "3 (6)" not in record.text


@pytest.mark.parametrize(
    ("section", "resolution"),
    [
        (136, "passed_as_proposed"),
        (137, "election"),
        (138, "noted"),
        (139, "voted"),
        (140, "tabled"),
        (141, "returned"),
        (142, "election"),
        (143, "noted"),
    ],
)
def test_resolution(kemi: Document, section: int, resolution: str) -> None:
    assert by_section(kemi)[section].resolution == resolution


def test_references_but_not_law_sections(kemi: Document) -> None:
    references = [(r.organ, r.date, r.section) for r in by_section(kemi)[139].references]
    assert references == [("Kaupunginvaltuusto", "2023-12-04", 110), ("Kaupunginhallitus", "2024-09-09", 112)]
    assert by_section(kemi)[138].references == []  # "16 luvun 119 §:n mukaan" refers to a rule, not a decision
    assert 119 not in by_section(kemi) and 110 not in by_section(kemi)


def test_number_then_sign_headings_with_two_line_titles() -> None:
    document = segment_text((DATA / "kemi_tela_2024_04.txt").read_text(encoding="utf-8"))
    assert [d.section for d in document.decisions] == [31, 32, 33, 34]
    assert document.meeting.organ == "Tekninen lautakunta" and document.meeting.date == "2024-04-23"
    records = by_section(document)
    assert records[33].title == "Urakkatarjousten hyväksyminen, Sauvosaaren kevyen liikenteen väylä"
    assert records[33].diary_number == "Dnro 102/2024"
    # the date line of the next page's header is not an attachment
    assert records[32].attachments == ["Kunnossapitoluokituskartta 2024"]
    assert [(r.organ, r.date, r.section) for r in records[33].references] == [("Kaupunginhallitus", "2024-01-15", 9)]
    assert [(r.organ, r.date, r.section) for r in records[32].references] == [("Tekninen lautakunta", "2023-04-18", 29)]


PAGE = "Kemin kaupunki   Tekninen lautakunta   Pöytäkirja 3/2024   12.3.2024   {page} (3)\n\n"


def minutes(*sections: str, header: bool = True) -> str:
    return "\f".join((PAGE.format(page=i + 1) if header else "") + body for i, body in enumerate(sections))


def test_ocr_damaged_headings_are_sections() -> None:
    text = minutes(
        "8 136\nKatuvalojen uusiminen\n\nPäätös\nHyväksyttiin.\n\n137 §\nLumenkaadon alueet\n\nPäätös\nHyväksyttiin.\n",
        "S 138\nPuistosuunnitelma\n\nPäätös\nHyväksyttiin.\n\n8139\nVesihuollon hinnat\n\nPäätös\nHyväksyttiin.\n",
        "$ 140 Satama-alueen vuokrat\n\nPäätös\nMerkittiin tiedoksi.\n",
    )
    document = segment_text(text)
    assert [d.section for d in document.decisions] == [136, 137, 138, 139, 140]
    assert [d.title for d in document.decisions][-1] == "Satama-alueen vuokrat"
    assert document.decisions[0].confidence < document.decisions[1].confidence  # "8 136" is less sure than "137 §"


def test_numbers_in_running_text_are_not_sections() -> None:
    text = minutes(
        "§ 20\nRakennusjärjestys\n\nHallintosäännön 16 luvun\n119 §:n mukaan lautakunta päättää asiasta.\n"
        "Valtuusto hyväksyi strategian 04.12.2023\n§ 110 ja sen toimeenpano jatkuu.\n8 000 euroa varataan.\n"
        "\nPäätös\nHyväksyttiin.\n\n§ 21\nIlmoitusasiat\n\nPäätös\nMerkittiin tiedoksi.\n"
    )
    document = segment_text(text)
    assert [d.section for d in document.decisions] == [20, 21]


def test_decision_history_lines_are_not_sections() -> None:
    # Dynasty prints the earlier treatment as "organ / 105 § / date" above the section
    text = (
        "Kaupunginhallitus\nPöytäkirja 08.05.2017\n\n730/2017\n00.01.01.00\n\nKaupunginhallitus\n105 §\n10.4.2017\n\n"
    )
    text += "§ 127\nHallintosäännön hyväksyminen\n\nPäätöshistoria\nKaupunginhallitus 10.4.2017 § 105\n\n"
    text += "Päätös\nHyväksyttiin.\n"
    document = segment_text(text, clean=False)
    assert [d.section for d in document.decisions] == [127]
    assert document.decisions[0].diary_number == "730/2017 00.01.01.00"
    assert [(r.organ, r.date, r.section) for r in document.decisions[0].references] == [
        ("Kaupunginhallitus", "2017-04-10", 105)
    ]


def test_duplicate_and_out_of_order_sections_are_kept_with_errors() -> None:
    text = minutes(
        "§ 5\nEnsimmäinen asia\n\nPäätös\nHyväksyttiin.\n\n§ 7\nToinen asia\n\nPäätös\nHyväksyttiin.\n",
        "§ 6\nKolmas asia\n\nPäätös\nHyväksyttiin.\n\n§ 7\nNeljäs asia\n\nPäätös\nMerkittiin tiedoksi.\n",
    )
    document = segment_text(text)
    assert [d.section for d in document.decisions] == [5, 7, 6, 7]
    assert document.decisions[2].errors == ["§ 6 out of order after § 7"]
    assert document.decisions[3].errors == ["duplicate § 7"]
    assert document.decisions[0].errors == []


def test_missing_page_and_unparseable_date_go_to_errors() -> None:
    text = (
        "Kemin kaupunki  Tekninen lautakunta  Pöytäkirja 3/2024  1 (4)\nAika 31.02.2024 klo 17.00\n\n"
        "§ 1\nTalousarvio\n\nSelostus alkaa\f"
        "Kemin kaupunki  Tekninen lautakunta  Pöytäkirja 3/2024  3 (4)\n"
        "jatkuu sivulla kolme.\n\nPäätös\nHyväksyttiin.\n"
    )
    document = segment_text(text, clean=False)
    [record] = document.decisions
    assert record.section == 1 and record.decision == "Hyväksyttiin."
    assert "section cut: page 2 of the minutes is missing" in record.errors
    assert "meeting: unparseable date '31.02.2024'" in record.errors
    assert record.meeting_date is None and record.confidence < 1


@pytest.mark.parametrize("text", ["", "Pöytäkirja ilman pykäliä.\nKokous peruttiin.\n", "§\n\n8\n", "\f\f"])
def test_text_without_sections_gives_no_records_and_a_note(text: str) -> None:
    document = segment_text(text)
    assert document.decisions == []
    assert "no § sections found" in document.notes


def test_dates_times_and_textual_months() -> None:
    vocabulary = load()
    spans = find_dates("ajalla 1.1.-30.9.2024, 04.12.2023 ja 4. joulukuuta 2023; ei 31.02.2024", vocabulary)
    assert [(s.start, s.end) for s in spans] == [
        ("2024-01-01", "2024-09-30"),
        ("2023-12-04", None),
        ("2023-12-04", None),
    ]
    assert find_times("Aika 4.11.2024 klo 16:31 - 17:46") == ("16:31", "17:46")
    assert find_times("kello 15.00") == ("15:00", None)
    assert find_times("maanantai 16. syyskuuta 2024 kello 18.00–20.15") == ("18:00", "20:15")


def test_single_item_named_by_its_treatment_line() -> None:
    text = (
        "Avustus kulttuuriyhdistykselle\nvuodelle 2025\nKEMDno-2024-900\n\n"
        "Päätöshistoria\nKulttuurilautakunta 14.11.2024 § 41\n\nYhdistys hakee avustusta.\n\n"
        "Kaupunginhallitus 2.12.2024 8 150\n\nKaupunginjohtajan esitys:\nMyönnetään 5 000 euroa.\n\n"
        "Päätös:\nHyväksyttiin esitys.\n"
    )
    [record] = segment_text(text, clean=False).decisions
    assert (record.section, record.organ, record.meeting_date) == (150, "Kaupunginhallitus", "2024-12-02")
    assert record.title == "Avustus kulttuuriyhdistykselle vuodelle 2025"
    assert record.diary_number == "KEMDno-2024-900"
    assert record.decision == "Hyväksyttiin esitys."
    assert [(r.organ, r.section) for r in record.references] == [("Kulttuurilautakunta", 41)]


def test_decision_history_alone_names_no_section() -> None:
    text = (
        "Oulun kaupungin tilinpäätös 2016\nDno OUKA/899/02.06.01.04/2017\n\n"
        "Päätöshistoria\nKaupunginhallitus 20.3.2017 § 66\n\nPäätösesitys\nKaupunginhallitus esittää.\n\n"
        "Päätös\nPäätösesitys hyväksyttiin.\n"
    )
    document = segment_text(text, clean=False)
    assert document.decisions == [] and "no § sections found" in document.notes
