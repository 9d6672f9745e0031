"""Minutes of further municipalities and systems (session 4 tuning documents, `tests/data/segment/truth.json`):
Kvalt paragraphs, Tweb's `Kh 21` with the title above, `21 §  TITLE` word-processor minutes, CloudNC item
printouts, typewritten 1985 minutes, `KH § 41  TITLE`, Dynasty's `KV § 33  30.5.2016` rows - on the written
text and on two Tesseract readings with different degradations (`bench.segment_ocr [--seed 2]`). And the
OCR repairs behind them, each on a small text of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document
from pipeline.segment.titles import reconcile, tidy
from tests.conftest import assert_sections, segment_file

DATA = Path(__file__).parent / "data" / "segment"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))
NEW = TRUTH["_sets"]["session4"]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _text(text: str, cleaner: Cleaner) -> Document:
    pages = [Page(1, text, PageSource.TEXT_FILE)]
    return segment_document(cleaner.clean_document(Document(path=Path("minutes.txt"), sha256="", pages=pages)))


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize(
    ("folder", "source"), [("", PageSource.TEXT_FILE), ("ocr", PageSource.OCR), ("ocr_s2", PageSource.OCR)]
)
def test_sections_of_other_systems(name: str, folder: str, source: PageSource, cleaner: Cleaner) -> None:
    document = segment_file(DATA / folder / name, cleaner, source)
    expected = TRUTH[name]
    # every section found, none invented (numbers in running text - "65 §:ssä", "13 kiinteistöä" - are none)
    assert_sections(document, expected)
    if not folder:  # OCR letter errors in titles are the cleaner's; the written text must be exact
        assert {d.section: d.title for d in document.decisions} == {i["section"]: i["title"] for i in expected}


def test_the_last_organ_labelled_decision_is_the_meetings(cleaner: Cleaner) -> None:
    document = segment_file(DATA / "kvalt_pelkosenniemi_kv_2011_04.txt", cleaner, PageSource.TEXT_FILE)
    section = next(d for d in document.decisions if d.section == 20)
    assert section.title == "KUNNANVIRASTON ILMANVAIHDON KORJAUS / LISÄMÄÄRÄRAHA"  # above the board's "Khall 61"
    assert section.decision == "Valtuusto myönsi 46 500 euron lisämäärärahan."  # "Kvalt:", not "Khall:"


def test_decision_label_taken_for_a_running_line_goes_back(cleaner: Cleaner) -> None:
    # Tweb pages end alike ("Päätös:" ...): the cleaner moves page 5's "Päätös: -" into its header
    document = segment_file(DATA / "ocr_s6" / "tweb_kyyjarvi_kh_2015_02.txt", cleaner, PageSource.OCR)
    assert "Päätös: -" in document.pages[4].header
    section = next(d for d in document.decisions if d.section == 15)
    assert section.decision == "Merkittiin tiedoksi."


def test_meeting_labels_split_over_two_lines(cleaner: Cleaner) -> None:
    meeting = segment_file(DATA / "kvalt_pelkosenniemi_kv_2011_04.txt", cleaner, PageSource.TEXT_FILE).meeting
    # "SAAPUVILLA" / "OLLEET JÄSENET" and "MUUT SAAPUVILLA" / "OLLEET", each with a value beside both lines
    assert meeting.present[:2] == ["Auer Pirjo, puheenjohtaja", "Hietala Eila"] and len(meeting.present) == 8
    assert meeting.others == ["Parkkinen Eero, kunnanjohtaja", "Niemi Anja, kunnansihteeri"]
    assert meeting.number == "4/2011"  # under "KOKOUSPÖYTÄKIRJA" on the next line
    assert (meeting.start_time, meeting.end_time) == ("18:00", "19:35")


def test_misread_number_fills_the_gap_in_the_numbering(cleaner: Cleaner) -> None:
    text = (
        "KEMIN KAUPUNKI  PÖYTÄKIRJA 3/2024\nKaupunginhallitus  4.3.2024\n\n"
        "§ 135 Kokouksen laillisuus\n\nPäätös:\nHyväksyttiin.\n\n"
        "§ 186 Talousarvion muutos\n\nPäätös:\nHyväksyttiin.\n\n"
        "§ 137 Ilmoitusasiat\n\nPäätös:\nMerkittiin.\n"
    )
    document = _text(text, cleaner)
    assert [d.section for d in document.decisions] == [135, 136, 137]
    assert "read as 186" in document.decisions[1].errors[0]


def test_misread_last_number_is_the_missing_item(cleaner: Cleaner) -> None:
    text = (
        "KEMIN KAUPUNKI  PÖYTÄKIRJA 3/2024\nKaupunginhallitus  4.3.2024\nKäsitellyt asiat 135 - 137\n\n"
        "§ 135 Kokouksen laillisuus\n\nPäätös:\nHyväksyttiin.\n\n"
        "§ 136 Talousarvion muutos\n\nPäätös:\nHyväksyttiin.\n\n"
        "§ 187 Ilmoitusasiat\n\nPäätös:\nMerkittiin.\n"
    )
    document = _text(text, cleaner)
    assert [d.section for d in document.decisions] == [135, 136, 137]
    assert "read as 187" in document.decisions[2].errors[0]


def test_a_gap_without_a_misread_heading_stays_a_gap(cleaner: Cleaner) -> None:
    text = (
        "KEMIN KAUPUNKI  PÖYTÄKIRJA 3/2024\nKaupunginhallitus  4.3.2024\n\n"
        "§ 135 Kokouksen laillisuus\n\nPäätös:\nHyväksyttiin.\n\n"
        "Selostus\n8 48 Kuntalain mukainen lainaus\nrivi jatkuu tässä.\n\nLisää tekstiä asiasta.\n\n"
        "§ 137 Ilmoitusasiat\n\nPäätös:\nMerkittiin.\n"
    )
    assert [d.section for d in _text(text, cleaner).decisions] == [135, 137]


def test_section_whose_number_ocr_lost_is_found_from_the_contents(cleaner: Cleaner) -> None:
    text = (
        "Jämijärven kunta  KOKOUSPÖYTÄKIRJA 3/2008\nSivistyslautakunta  18.03.2008\n\n"
        "Käsiteltävät asiat\n\n21 § KOKOUKSEN LAILLISUUS\n22 § VIRAN TÄYTTÄMINEN\n23 § OIKAISUVAATIMUSOHJEET\n\n"
        "21 § KOKOUKSEN LAILLISUUS\n\nPäätös:\nEhdotus hyväksyttiin.\n\n"
        "VIRAN TÄYTTÄMINEN\n\nVirkaa haki neljä henkilöä.\n\nPäätös:\nEhdotus hyväksyttiin.\n\n"
        "23 § OIKAISUVAATIMUSOHJEET\n\nPöytäkirjaan liitetään ohjeet.\n"
    )
    document = _text(text, cleaner)
    assert [d.section for d in document.decisions] == [21, 22, 23]
    assert document.decisions[1].title == "VIRAN TÄYTTÄMINEN"
    assert document.decisions[1].decision == "Ehdotus hyväksyttiin."
    assert "contents table" in document.decisions[1].errors[0]


def test_contents_rows_without_signs_are_no_sections(cleaner: Cleaner) -> None:
    text = (
        "KYYJÄRVEN KUNTA  PÖYTÄKIRJA 2/2015\nKunnanhallitus  16.02.2015\n\n§ Otsikko Sivu\n"
        "11 Kokouksen laillisuus 3\n\n12 Pöytäkirjantarkastajien valinta 3\n\n15 Ilmoitusasiat . 5\n\n"
        "Kokouksen laillisuus\nKh 11\n\nPäätös:\nHyväksyttiin.\n"
    )
    # "15 Ilmoitusasiat 5" reads as "1" + a glued sign: a contents row, not § 1
    assert [d.section for d in _text(text, cleaner).decisions] == [11]


@pytest.mark.parametrize(
    ("read", "title"),
    [
        ('"KOKOUKSEN (LAILLISUUS JA PÄÄTÖSVALTAISUUS', "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"),
        ("Kokouksen laillisuus ja' päätösvaltaisuus", "Kokouksen laillisuus ja päätösvaltaisuus"),
        ("SIMON KUNNAN TILINPÄÄTÖS:2023", "SIMON KUNNAN TILINPÄÄTÖS 2023"),
        ("Vuokrien tarkistaminen 1.6.2024. alkaen", "Vuokrien tarkistaminen 1.6.2024 alkaen"),
        ("PÖYTÄKI RJAN TARKASTAJIEN VALINTA", "PÖYTÄKIRJAN TARKASTAJIEN VALINTA"),
        ("Kemin Satama Oy:n lainan takaus", "Kemin Satama Oy:n lainan takaus"),  # a case ending's colon stays
        ("Kaupunkistrategia (2025-2030)", "Kaupunkistrategia (2025-2030)"),
        ("TALOUSARVION TOTEUTUMINEN 01.01;-29.02.2008", "TALOUSARVION TOTEUTUMINEN 01.01.-29.02.2008"),
        ("HANKINTA LUKUVUOSILLE 2013.- 2016", "HANKINTA LUKUVUOSILLE 2013 - 2016"),
        ("Osavuosikatsaus 1.1.-30.6.2024", "Osavuosikatsaus 1.1.-30.6.2024"),
        ("Toimeenpano-ohjelma.2025", "Toimeenpano-ohjelma 2025"),
        ("SATAMAN'LAITURIN KORJAUS", "SATAMAN LAITURIN KORJAUS"),
        ("KAUPUNGINVALTUUSTON 5:8.1985 TEKEMIEN", "KAUPUNGINVALTUUSTON 5.8.1985 TEKEMIEN"),
        ("jalasjärven koulukeskus", "Jalasjärven koulukeskus"),
        ("LAUSUNTO TORNION --HAAPARANNAN RAJASTA", "LAUSUNTO TORNION - HAAPARANNAN RAJASTA"),
        ("Asemakaavan muutos, korttelit 12. ja 13", "Asemakaavan muutos, korttelit 12 ja 13"),
        ("Yleissuunnitelman: hyväksyminen", "Yleissuunnitelman hyväksyminen"),
        ("Kokouksen laillisuus-ja päätösvaltaisuus", "Kokouksen laillisuus ja päätösvaltaisuus"),
        ("Valtuuston 1. varapuheenjohtajan valinta", "Valtuuston 1. varapuheenjohtajan valinta"),
        ("— Perusopetuksen kouluverkkoselvitys", "Perusopetuksen kouluverkkoselvitys"),
    ],
)
def test_title_specks(read: str, title: str) -> None:
    assert tidy(read) == title


def test_title_reading_voikko_knows_wins() -> None:
    assert reconcile("Avustukset kulttuuriyhteisöiile", "Avustukset kulttuuriyhteisöille") == (
        "Avustukset kulttuuriyhteisöille"
    )
    assert reconcile("Avustukset kulttuuriyhteisöille", "Avustukset kulttuuriyhteisöiile") == (
        "Avustukset kulttuuriyhteisöille"
    )
    assert reconcile("Ilmoitusasiat", "Kokouksen laillisuus") == "Ilmoitusasiat"  # another title: kept
