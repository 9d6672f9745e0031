"""Other systems' heading forms: KuntaToimisto's `KH 71 TITLE` (earlier treatments beside their own
abbreviation, the title above them) and `12 § TITLE` council minutes with history lines above the heading;
on the written text and on its Tesseract reading (`python -m bench.segment_ocr tests/data/segment`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document

DATA = Path(__file__).parent / "data" / "segment"
BOTH = [(DATA, PageSource.TEXT_FILE), (DATA / "ocr", PageSource.OCR)]


def segment_file(path: Path, source: PageSource) -> dict:
    pages = [Page(i + 1, part, source) for i, part in enumerate(path.read_text(encoding="utf-8").split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=path, sha256="", pages=pages)))
    return {d.section: d for d in document.decisions}


@pytest.mark.parametrize(("folder", "source"), BOTH)
def test_kuntatoimisto_abbreviated_headings(folder: Path, source: PageSource) -> None:
    records = segment_file(folder / "kuntatoimisto_simo_kh_2024_05.txt", source)
    assert sorted(records) == list(range(71, 77))  # "Tekn.ltk 22" is the committee's earlier treatment
    assert all(d.organ == "Kunnanhallitus" and d.meeting_date == "2024-05-13" for d in records.values())
    assert records[71].title == "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"
    # KH 74 stands beside its body text: the title is the capitals line above the committee's block
    assert records[74].title == "JÄTEVEDENPUHDISTAMON SANEERAUS, HANKESUUNNITELMA"
    assert records[74].proposal.startswith("Kunnanhallitus hyväksyy hankesuunnitelman")
    assert records[75].decision == "Kunnanhallitus päätti jättää asian pöydälle."
    assert records[75].resolution == "tabled"


@pytest.mark.parametrize(("folder", "source"), BOTH)
def test_council_minutes_with_sign_after_the_number(folder: Path, source: PageSource) -> None:
    records = segment_file(folder / "tervo_kv_2024_03.txt", source)
    # the contents table ends page 1 and § 12 opens page 2: § 12 is a heading, not a contents line;
    # "Kunnanhallitus 31 § 08.04.2024" above § 14 is the board's earlier treatment
    assert sorted(records) == [12, 13, 14, 15]
    assert all(d.organ == "Kunnanvaltuusto" and d.meeting_date == "2024-04-22" for d in records.values())
    assert records[14].title == "KUNNAN HALLINTOSÄÄNNÖN MUUTOS"
    assert records[14].decision.rstrip(".:") == "Hyväksyttiin kunnanhallituksen ehdotus"  # OCR reads "." as ":"
    assert records[12].source.pages == [2]


def test_abbreviated_lines_of_other_organs_and_running_text_are_no_headings() -> None:
    text = (
        "KEMIN KAUPUNKI  PÖYTÄKIRJA 3/2024\nKaupunginhallitus  4.3.2024\n\n"
        "KH 40   TALOUSARVION MUUTOS\n\nTekla 12   Lautakunta esittää muutosta.\n\n"
        "KH 8.3.2021 § 44 mukaisesti hinnat tarkistetaan.\n\nPäätös: Ehdotus hyväksyttiin.\n\n"
        "Kv 12   VALTUUSTON ASIA\n\nPäätös: Merkittiin.\n"
    )
    pages = [Page(1, text, PageSource.TEXT_FILE)]
    document = segment_document(Cleaner().clean_document(Document(path=Path("kh.txt"), sha256="", pages=pages)))
    assert [d.section for d in document.decisions] == [40]


@pytest.mark.parametrize(("folder", "source"), BOTH)
def test_casem_minutes_with_a_missing_page(folder: Path, source: PageSource) -> None:
    records = segment_file(folder / "casem_keminmaa_sivla_2024_02.txt", source)
    # page 4, with the heading of § 12, is missing; "14 § koskee ..." in § 13's text is no heading
    assert sorted(records) == [9, 10, 11, 13, 14]
    assert "section cut: page 4 of the minutes is missing" in records[11].errors
    assert records[11].decision == "Päätösehdotus hyväksyttiin."  # its own decision, not the one after the gap
    assert records[14].decision == "Päätösehdotus hyväksyttiin."  # a decision ending most pages is no footer
    assert ("Sivistyslautakunta", "2023-12-12", 88) in [(r.organ, r.date, r.section) for r in records[11].references]


def unfound(path: Path, source: PageSource) -> list[str]:
    """The notes that name sections the contents table lists but the text does not hold."""
    pages = [Page(i + 1, part, source) for i, part in enumerate(path.read_text(encoding="utf-8").split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=path, sha256="", pages=pages)))
    return [note for note in document.notes if "is listed in the contents table" in note]


# in the first OCR reading the contents table itself goes unread (its rows lost their page numbers), so there
# is nothing to compare; the second seed's reading has it
@pytest.mark.parametrize(("folder", "source"), [(DATA, PageSource.TEXT_FILE), (DATA / "ocr_s2", PageSource.OCR)])
def test_a_listed_section_whose_page_is_missing_is_named_in_the_notes(folder: Path, source: PageSource) -> None:
    assert unfound(folder / "casem_keminmaa_sivla_2024_02.txt", source) == [
        "§ 12 (Lukuvuoden 2024-2025 koulujen työajat) is listed in the contents table but was not found in the text"
    ]


@pytest.mark.parametrize(("folder", "source"), BOTH)
@pytest.mark.parametrize(
    "name",
    [
        "kemi_kh_2024_10.txt",
        "bilingual_parainen_kh_2016_03.txt",  # its row "45  ILMOITUSASIAT  4" may read as § 4: § 45 has the title
        "tweb_kyyjarvi_kh_2015_02.txt",
    ],
)
def test_complete_minutes_name_no_section_as_missing(folder: Path, source: PageSource, name: str) -> None:
    assert unfound(folder / name, source) == []


def test_a_contents_header_row_read_as_a_row_is_named_as_no_section() -> None:
    # the header "§  Otsikko  Sivu" with its sign read as 8 sits where the rows begin
    text = (DATA / "casem_keminmaa_sivla_2024_02.txt").read_text(encoding="utf-8")
    damaged = text.replace("§     Otsikko", "8     Otsikko", 1)
    assert damaged != text
    path = DATA / "casem_header_damaged.txt"
    pages = [Page(i + 1, part, PageSource.OCR) for i, part in enumerate(damaged.split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=path, sha256="", pages=pages)))
    notes = [note for note in document.notes if "is listed in the contents table" in note]
    assert [note.split(" (")[0] for note in notes] == ["§ 12"]


@pytest.mark.parametrize(("folder", "source"), BOTH)
def test_helsinki_minutes(folder: Path, source: PageSource) -> None:
    records = segment_file(folder / "helsinki_kuva_2024_05.txt", source)
    assert sorted(records) == list(range(41, 46))  # the "§ Asia" list of page 1 adds none
    assert all(d.organ == "Kulttuuri- ja vapaa-aikalautakunta" for d in records.values())
    assert all(d.meeting_date == "2024-03-12" and d.decision for d in records.values())
    assert records[44].title == (
        "Lausunto kaupunginhallitukselle valtuutettu Anna Rinteen aloitteesta koskien kirjastojen aukioloaikoja"
    )
    assert records[43].diary_number == "HEL 2023-014412"


def test_headings_outside_the_meetings_items_are_not_sections() -> None:
    text = (
        "KEMIN KAUPUNKI  PÖYTÄKIRJA 3/2024\nKaupunginhallitus  4.3.2024\n\nASIAT  §§ 40 - 41\n\f"
        "§ 40\nHallintosäännön muutos\n\nValtuuston päätöksessä todetaan:\n"
        "§ 7\nHallintosääntö tulee voimaan 1.6.2024.\n\nPäätös\nHyväksyttiin.\n\n"
        "§ 41\nIlmoitusasiat\n\nPäätös\nMerkittiin tiedoksi.\n"
    )
    pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
    document = segment_document(Cleaner().clean_document(Document(path=Path("kh.txt"), sha256="", pages=pages)))
    assert [d.section for d in document.decisions] == [40, 41]  # the quoted "§ 7" of another decision is none
    assert "§ 7 lies outside the meeting's items 40-41: not a section" in document.notes


def test_dynasty_register_number_below_a_title_is_the_diary_number() -> None:
    text = (
        "Kemin kaupunki  Pöytäkirja 6/2024\nKaupunginhallitus  10.6.2024\n\n"
        "§ 150\nTalousarvion muutokset\n\n579/02.02.01/2024\n\nPäätös\nHyväksyttiin.\n\n"
        "§ 151\nKouluverkkoselvitys\n\n2024-2030\n\nPäätös\nHyväksyttiin.\n"
    )
    pages = [Page(1, text, PageSource.TEXT_FILE)]
    records = segment_document(Cleaner().clean_document(Document(path=Path("kh.txt"), sha256="", pages=pages)))
    first, second = records.decisions
    assert (first.title, first.diary_number) == ("Talousarvion muutokset", "579/02.02.01/2024")
    assert second.title == "Kouluverkkoselvitys 2024-2030"  # a number-led last line of a title is part of it


def test_an_ocr_full_stop_inside_a_title_goes_and_an_abbreviation_stays() -> None:
    text = (
        "Kemin kaupunki  Pöytäkirja 6/2024\nKaupunginhallitus  10.6.2024\n\n"
        "§ 150\nPÖYTÄKIRJAN TARKASTAJIEN. VALINTA\n\nPäätös\nHyväksyttiin.\n\n"
        "§ 151\nAvustukset yhdistyksille (esim. kyläseurat) 1.8.2024 alkaen\n\nPäätös\nHyväksyttiin.\n"
    )
    pages = [Page(1, text, PageSource.OCR)]
    document = segment_document(Cleaner().clean_document(Document(path=Path("kh.txt"), sha256="", pages=pages)))
    assert [d.title for d in document.decisions] == [
        "PÖYTÄKIRJAN TARKASTAJIEN VALINTA",
        "Avustukset yhdistyksille (esim. kyläseurat) 1.8.2024 alkaen",
    ]


def test_meeting_labels_in_capitals() -> None:
    records = segment_file(DATA / "kuntatoimisto_simo_kh_2024_05.txt", PageSource.TEXT_FILE)
    meeting = records[71].meeting
    assert (meeting.start_time, meeting.end_time, meeting.number) == ("16:00", "18:10", "5/2024")
    assert meeting.place == "Kunnanvirasto, kokoushuone Kuohu"  # "KOKOUSPAIKKA"
    assert meeting.absent[0] == "Tuomo Sipola"  # "POISSA OLLEET"
