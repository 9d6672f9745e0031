"""Decision-history tables: a history page without a meeting header takes its meeting and title from the
table (the last row of the treatment's organ); history rows are never sections of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document
from pipeline.segment.headings import split_lines
from pipeline.segment.history import find_tables, meeting_row
from pipeline.segment.vocabulary import load

DATA = Path(__file__).parent / "data" / "segment"


def segment_text(text: str, source: PageSource = PageSource.TEXT_FILE) -> Document:
    pages = [Page(i + 1, part, source) for i, part in enumerate(text.split("\f"))]
    document = Document(path=Path("item.txt"), sha256="", pages=pages)
    return segment_document(Cleaner().clean_document(document))


@pytest.mark.parametrize(("folder", "source"), [(DATA, PageSource.TEXT_FILE), (DATA / "ocr", PageSource.OCR)])
def test_history_page_takes_meeting_and_title_from_its_table(folder: Path, source: PageSource) -> None:
    text = (folder / "historypage_kuopio_kh_2023-11-13_412.txt").read_text(encoding="utf-8")
    document = segment_text(text, source)
    [record] = document.decisions  # the board's earlier § 401 and the committee's § 58 are history
    # the tabled § 401 of 30.10.2023 is also a board row: the meeting is the board's last row
    assert (record.section, record.organ, record.meeting_date) == (412, "Kaupunginhallitus", "2023-11-13")
    assert record.title == "Perusopetuksen kouluverkkoselvitys 2024-2030"
    assert record.decision == "Ehdotus hyväksyttiin yksimielisesti."
    assert (document.meeting.organ, document.meeting.date) == ("Kaupunginhallitus", "2023-11-13")
    assert "meeting date not found" not in record.errors


def test_rows_one_per_line_and_one_cell_per_line() -> None:
    vocabulary = load()
    text = (
        "Toimielin  §  Kokouspvm  Asia\n"
        "Kasvatus- ja opetuslautakunta   18   14.02.2024   3\n"
        "Kaupunginhallitus   § 61   04.03.2024\n\n"
        "Hyvinvointikertomus\n\n"
        "Kaupunginhallitus\n\n61\n\n04.03.2024\n\n7\n\nKaupunginvaltuusto\n22\n18.03.2024\n"
    )
    first, second = find_tables(split_lines(text), vocabulary)
    assert [(r.organ, r.section, r.date) for r in first.rows] == [
        ("Kasvatus- ja opetuslautakunta", 18, "2024-02-14"),
        ("Kaupunginhallitus", 61, "2024-03-04"),
    ]
    assert [(r.organ, r.section) for r in second.rows] == [("Kaupunginhallitus", 61), ("Kaupunginvaltuusto", 22)]
    assert meeting_row(second, "Kaupunginhallitus").section == 61
    assert meeting_row(second, "Tarkastuslautakunta") is None


def test_treatment_lines_in_running_text_are_not_history_rows() -> None:
    text = "Kaupunginhallitus 04.03.2024 § 61\n\nKaupunginhallitus käsitteli asiaa 61 kertaa 4.3.2024 mennessä.\n"
    assert find_tables(split_lines(text), load()) == []


def test_history_table_without_a_treatment_names_no_section() -> None:
    # a Tweb item prints the history of earlier treatments, not its own §: no record is invented
    text = (
        "Kaupunginhallitus   66   20.03.2017   4\nKaupunginvaltuusto   20   03.04.2017   2\n\n"
        "Tilinpäätös 2016\n\nPäätösesitys\nHyväksytään.\n\nPäätös\nHyväksyttiin.\n"
    )
    document = segment_text(text)
    assert document.decisions == [] and "no § sections found" in document.notes


@pytest.mark.parametrize(("folder", "source"), [(DATA, PageSource.TEXT_FILE), (DATA / "ocr", PageSource.OCR)])
def test_full_minutes_whose_sections_open_with_history_rows(folder: Path, source: PageSource) -> None:
    # Dynasty: "Kaupunginhallitus § 131 20.05.2024 / ... / Kaupunginvaltuusto § 61 17.06.2024" above each title
    text = (folder / "dynasty_kemi_kv_2024_06.txt").read_text(encoding="utf-8")
    records = {d.section: d for d in segment_text(text, source).decisions}
    assert sorted(records) == [60, 61, 62, 63, 64]  # the board's and committees' rows are history
    assert all(d.organ == "Kaupunginvaltuusto" and d.meeting_date == "2024-06-17" for d in records.values())
    assert records[61].title == "Tilinpäätös 2023 ja vastuuvapaus"
    assert records[61].diary_number == "KEMDno-2024-301"
    # the council's own treatment, not the board's that stands above it
    assert records[64].decision == "Kaupunginvaltuusto valitsi tarkastuslautakunnan varajäseneksi Anni Kivelän."
    assert records[63].processing.startswith("Seppo Niemelä ehdotti")
    assert ("Tekninen lautakunta", "2024-05-14", 41) in [(r.organ, r.date, r.section) for r in records[63].references]
    assert records[62].decision == "Ehdotus hyväksyttiin."  # a decision at the foot of a page is no footer


@pytest.mark.parametrize(("folder", "source"), [(DATA, PageSource.TEXT_FILE), (DATA / "ocr", PageSource.OCR)])
def test_dynasty_item_pages_are_named_by_their_pykala_header(folder: Path, source: PageSource) -> None:
    text = (folder / "dynasty_items_kemi_kh_2024-06-10.txt").read_text(encoding="utf-8")
    records = {d.section: d for d in segment_text(text, source).decisions}
    assert sorted(records) == [150, 151, 152]  # Konsernijaosto § 12 and the tabled § 139 are history
    assert all(d.organ == "Kaupunginhallitus" and d.meeting_date == "2024-06-10" for d in records.values())
    assert records[150].title == "Kemin Satama Oy:n lainan takaus"  # not the page's navigation line
    assert records[150].decision.startswith("Kaupunginhallitus päätti esittää takauksen")
    assert records[150].resolution == "amended"
    assert records[152].decision == "Ehdotus hyväksyttiin."  # not the earlier "Asia jätettiin pöydälle."
    assert [(r.organ, r.section) for r in records[152].references] == [("Kaupunginhallitus", 139)]


def test_history_page_with_one_row_per_line() -> None:
    # the same page printed from a PDF: a column header, then each treatment on its own line
    page = (DATA / "historypage_kuopio_kh_2023-11-13_412.txt").read_text(encoding="utf-8")
    rows = (
        "Esityslistat ja pöytäkirjat\n\nKuopion kaupunki\n\n"
        "Toimielin                          §     Kokouspvm     Asia\n"
        "Kasvatus- ja opetuslautakunta     58     17.10.2023       6\n"
        "Kaupunginhallitus                401     30.10.2023       9\n"
        "Kaupunginhallitus                412     13.11.2023       4\n\n"
    )
    [record] = segment_text(rows + page[page.index("KUO 1187") :]).decisions
    assert (record.section, record.organ, record.meeting_date) == (412, "Kaupunginhallitus", "2023-11-13")
    assert record.title == "Perusopetuksen kouluverkkoselvitys 2024-2030"
