"""The segmenter on worse OCR than the benchmark's (session 5 tuning data): every tuning document read
by Tesseract in another typeface (`bench.segment_ocr --style serif`) and from worse scans (`--style
harsh`: faded print, more blur, a pass through 150 dpi). And the repairs behind them, each on a small
text of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document
from pipeline.segment.fields import label
from pipeline.segment.titles import document_words, prints_umlauts, reconcile, repair, tidy
from pipeline.segment.vocabulary import load
from tests.conftest import assert_sections, segment_file

DATA = Path(__file__).parent / "data" / "segment"
TRUTH = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))
DOCUMENTS = [name for name in TRUTH if not name.startswith("_")]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _text(text: str, cleaner: Cleaner) -> Document:
    pages = [Page(i + 1, part, PageSource.OCR) for i, part in enumerate(text.split("\f"))]
    return segment_document(cleaner.clean_document(Document(path=Path("minutes.txt"), sha256="", pages=pages)))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_another_typeface(name: str, cleaner: Cleaner) -> None:
    assert_sections(segment_file(DATA / "ocr_serif_s1" / name, cleaner), TRUTH[name])


@pytest.mark.parametrize("folder", ["ocr_harsh_s1", "ocr_harsh_s2", "ocr_harsh_s3"])
def test_worse_scans_invent_no_section(folder: str, cleaner: Cleaner) -> None:
    # the strategy database imports every record: a section lost is a gap, an invented one is a false decision
    invented = {}
    found = expected_count = 0
    for name in DOCUMENTS:
        wanted = {item["section"]: item for item in TRUTH[name]}
        records = segment_file(DATA / folder / name, cleaner).decisions
        invented[name] = [d.section for d in records if d.section not in wanted]
        found += sum(d.section in wanted for d in records)
        expected_count += len(wanted)
        for record in records:
            if record.section in wanted:
                assert record.organ == wanted[record.section]["organ"], (name, record.section)
    assert not any(invented.values()), invented
    assert found >= 0.9 * expected_count  # most sections survive even these scans


def test_abbreviated_headings_with_specks_around_the_sign(cleaner: Cleaner) -> None:
    # "KH S:41'", "KH:5:42.", "KH$ 43", "KH$.45." under "Asiat 85 41-45" (the §§ read as 85)
    document = segment_file(DATA / "ocr_harsh_s1" / "bilingual_parainen_kh_2016_03.txt", cleaner)
    assert [d.section for d in document.decisions] == [41, 42, 43, 44, 45]


def test_organ_from_a_later_page_header_the_cleaner_left(cleaner: Cleaner) -> None:
    # page 1 names the council only as "KV;"; the header "Kaupunginvaltuusto :30.5.:2016" of page 2 is OCR'd
    # differently on each page, so the cleaner leaves it in the text
    document = segment_file(DATA / "ocr_harsh_s1" / "dynasty_kurikka_kv_2016_05.txt", cleaner)
    assert document.meeting.organ == "Kaupunginvaltuusto"
    assert {d.organ for d in document.decisions} == {"Kaupunginvaltuusto"}


CONTENTS = """Kunnanhallitus 16.02.2015

Käsitellyt asiat
§ Otsikko Sivu
11 Kokouksen laillisuus ja päätösvaltaisuus 3
12 Pöytäkirjantarkastajien valinta 3
13 "Talousarvion toteutuminen 4
15; Ilmoitusasiat 5
\f
§ 11
Kokouksen laillisuus ja päätösvaltaisuus

Päätös:
Kokous todettiin lailliseksi.

§ 12
Pöytäkirjantarkastajien valinta

Päätös:
Valittiin.

§ 13
Talousarvion toteutuminen

Päätös:
Merkittiin tiedoksi.

§ 15
Ilmoitusasiat

Päätös:
Merkittiin tiedoksi.
"""


def test_contents_rows_with_specks_are_no_sections(cleaner: Cleaner) -> None:
    # "15; Ilmoitusasiat 5" reads as "1" with a glued sign 5; '"Talousarvion' opens with a speck
    assert [d.section for d in _text(CONTENTS, cleaner).decisions] == [11, 12, 13, 15]


@pytest.mark.parametrize(
    ("read", "title"),
    [
        ("KOULUKULJETUSTEN HANKINTA LUKUVUOSILLE 2013 = 2016", "KOULUKULJETUSTEN HANKINTA LUKUVUOSILLE 2013 - 2016"),
        ("Perusopetuksen kouluverkkoselvitys 2024:2030", "Perusopetuksen kouluverkkoselvitys 2024-2030"),
        ("Lausunto-kaupunginhallitukselle aloitteesta", "Lausunto kaupunginhallitukselle aloitteesta"),
        ("Talousarvion muutos-2019 / investoinnit", "Talousarvion muutos 2019 / investoinnit"),
        ("Koköuksen'avaus ja laillisuus", "Koköuksen avaus ja laillisuus"),
        ("Pöytäkirjan tarkastajien.valinta", "Pöytäkirjan tarkastajien valinta"),
        ("KOULUKULJETUSTEN: HANKINTA", "KOULUKULJETUSTEN HANKINTA"),
        ("TORNION « HAAPARANNAN RAJANYLITYSPAIKKA", "TORNION - HAAPARANNAN RAJANYLITYSPAIKKA"),
        ("Vaa'an hankinta", "Vaa'an hankinta"),  # Voikko knows the word with its apostrophe
        ("TONTIN MYYNTI.PUTAAN TEOLLISUUSALUEELTA", "TONTIN MYYNTI PUTAAN TEOLLISUUSALUEELTA"),
        ("TALOUSSUUNNITEI.MASTA", "TALOUSSUUNNITEI.MASTA"),  # no word before the stop: a letter, for repair
        ("Viisas Kemi -ohjelma >", "Viisas Kemi -ohjelma"),
        ("Viranhaltijapäätösten seuranta-*", "Viranhaltijapäätösten seuranta"),
        (
            "Kunnan ja: Kyyjärven Lämpö Oy:n. välisen sopimuksen jatkaminen i",
            "Kunnan ja Kyyjärven Lämpö Oy:n välisen sopimuksen jatkaminen",
        ),
        ("Edustaja Kemin Energia ja Vesi i Oy:n kokoukseen", "Edustaja Kemin Energia ja Vesi Oy:n kokoukseen"),
        ("TALOUSARVION TOTEUTUMINEN 01;01.-29.02.2008", "TALOUSARVION TOTEUTUMINEN 01.01.-29.02.2008"),
        ("TUULIVOIMAYLEISKAAVA, SIMOJÄRVEN- ALUE", "TUULIVOIMAYLEISKAAVA, SIMOJÄRVEN ALUE"),
        ("Perusopetuksen kouluverkkoselvitys. 2024-2030", "Perusopetuksen kouluverkkoselvitys 2024-2030"),
        ("Asemakaavan muutos, korttelit 12:ja 13", "Asemakaavan muutos, korttelit 12 ja 13"),
        ("Lausunto :kaupunginhallitukselle", "Lausunto kaupunginhallitukselle"),
        ("Lausunto KH:lle", "Lausunto KH:lle"),  # a case ending's colon stays
        ("LAUSUNTO TOIMINTA- JA TALOUSSUUNNITELMASTA", "LAUSUNTO TOIMINTA- JA TALOUSSUUNNITELMASTA"),
        ("TALOUSARVION TOTEUTUMINEN .01.01.-29.02.2008", "TALOUSARVION TOTEUTUMINEN 01.01.-29.02.2008"),
        ("Kokous klo 16:30 alkaen", "Kokous klo 16:30 alkaen"),
    ],
)
def test_title_specks_of_worse_scans(read: str, title: str) -> None:
    assert tidy(read) == title


BODY = "Kokous todettiin päätösvaltaiseksi. Päätösvaltaisuus todettiin. Kokouksen päätösvaltaisuus todettiin."


@pytest.mark.parametrize(
    ("read", "body", "title"),
    [
        # a word Voikko does not know, one confusion away from one it knows
        ("Kokouksen iaillisuus", "", "Kokouksen laillisuus"),
        ("LAUSUNTO TOIMINTA- JA TALOUSSUUNNITEI.MASTA", "", "LAUSUNTO TOIMINTA- JA TALOUSSUUNNITELMASTA"),
        ("KOKOUKSEN LAILLISUUS JÄ PÄÄTÖSVALTAISUUS", "", "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"),
        ("Avustukset kulttuuriyhteisöiile", "", "Avustukset kulttuuriyhteisöille"),
        ("Kemin Satama Öy:n lainan takaus", "", "Kemin Satama Oy:n lainan takaus"),  # before a case ending
        ("Pysäköintivirhemaksun korottaininen", "", "Pysäköintivirhemaksun korottaminen"),  # m read as "in"
        # two readings Voikko knows (liikunta-, tiukunta-): the one Finnish text uses far more often
        ("Jouppilanvuoren tiikuntapuiston asemakaava", "", "Jouppilanvuoren liikuntapuiston asemakaava"),
        # a letter OCR added that no listed confusion names: the word the document prints one edit away
        (
            "Efron myöntäminen luottamustoimesta",
            "Valtuusto myöntää eron. Eron perusteena on muutto.",
            "Eron myöntäminen luottamustoimesta",
        ),
        ("Efron myöntäminen luottamustoimesta", "", "Efron myöntäminen luottamustoimesta"),
        # "PAATOSVALTAISUUS" is a word too (paatos): the document's own reading decides
        ("KOKOUKSEN LAILLISUUS JA PAATOSVALTAISUUS", BODY, "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"),
        # without the document's evidence, a dotted reading Finnish text uses ten times as often (wordfreq);
        # "vaaran" (danger) is about as common as "väärän" (wrong): it stays
        ("KOKOUKSEN LAILLISUUS JA PAATOSVALTAISUUS", "", "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"),
        ("Vaaran paikat liikenteessä", "", "Vaaran paikat liikenteessä"),
        # a small letter OCR read as a capital inside a title; names and a company's name keep theirs
        ("Lausunto Kaupunginhallitukselle aloitteesta", "", "Lausunto kaupunginhallitukselle aloitteesta"),
        ("Avustukset taide- ja Kulttuuriyhteisöille", "", "Avustukset taide- ja kulttuuriyhteisöille"),
        ("Lausunto Lapin liitolle", "", "Lausunto Lapin liitolle"),
        (
            "Edustaja Kemin Energia ja Vesi Oy:n kokoukseen",
            "ja Vesi Oy ja Vesi Oy",
            "Edustaja Kemin Energia ja Vesi Oy:n kokoukseen",
        ),
    ],
)
def test_title_words_repaired(read: str, body: str, title: str) -> None:
    assert repair(read, document_words(f"{read}\n{body}")) == title


def test_a_text_without_umlauts_keeps_its_spelling_in_titles() -> None:
    # an old ASCII text or an English-model reading: the cleaner flags its words; the titles follow the text
    stripped = "Kaupunginhallitus hyvaksyy luottamushenkiloiden palkkio- ja matkustussaannon soveltamisohjeen."
    assert not prints_umlauts([stripped])
    words = document_words(stripped, dotted=prints_umlauts([stripped]))
    assert repair("Luottamushenkiloiden palkkiot", words) == "Luottamushenkiloiden palkkiot"
    assert prints_umlauts(["Kaupunginhallitus hyväksyy luottamushenkilöiden palkkiot ja päätösvaltaisuuden."])


LEADER = """Kemin kaupunki Pöytäkirja 4/2024
Tekninen lautakunta 16.04.2024

Käsitellyt asiat
§ 31 Kokouksen laillisuus ja päätösvaltaisuus ............................ 2
§ 32 Katujen kunnossapitoluokitus 2024. ........eivssasestama an dnavantn 2
§ 33 Viranhaltijapäätösten seuranta ............«iv«iveuisustastesteen 3
\f
§ 31
Kokouksen laillisuus ja päätösvaltaisuus

Päätös:
Kokous todettiin lailliseksi ja päätösvaltaiseksi.

§ 32
Katujen kunnossapitolyökitus 2024

Päätös:
Lautakunta hyväksyi luokituksen.

§ 33
Viranhaltijapäätösten seuranta

Päätös:
Merkittiin tiedoksi.
"""

UNPAGED = """Sivistyslautakunta 20.02.2024

Käsitellyt asiat

$ Otsikko Sivu
9 = Kokouksen laillisuus ja päätösvaltaisuus

10 - Pöytäkirjan tarkastajien valinta

11 — Varhaiskasvatuksen palveluverkkoselvitys
\f
§ 9
Kokouksen laillisuus ja päätösvaltaisuus

Päätös
Päätösehdotus hyväksyttiin.

§ 10
Pöytäkirjan tarkastajien valinta

Päätös
Päätösehdotus hyväksyttiin.

§ 11
Varhaiskasvatuksen palveluverkkoselvity

Päätös
Päätösehdotus hyväksyttiin.
"""


@pytest.mark.parametrize(
    ("text", "section", "title"),
    [
        # the dot leader read as dots and then letters: the contents title ends where the dots begin
        (LEADER, 32, "Katujen kunnossapitoluokitus 2024"),
        # the page column lost: an unpaged row's title still reconciles with a damaged heading's
        (UNPAGED, 11, "Varhaiskasvatuksen palveluverkkoselvitys"),
    ],
)
def test_title_from_a_damaged_contents_row(text: str, section: int, title: str, cleaner: Cleaner) -> None:
    decisions = {d.section: d for d in _text(text, cleaner).decisions}
    assert sorted(decisions) == sorted({LEADER: [31, 32, 33], UNPAGED: [9, 10, 11]}[text])
    assert decisions[section].title == title


TWEB = """KYYJÄRVEN KUNTA PÖYTÄKIRJA 2/2015 1
Kunnanhallitus
Aika 16.02.2015 klo 17:00 - 19:12
Käsitellyt asiat §:t 11 - 13
\f
Kokouksen laillisuus ja päätösvaltaisuus

Kh 11

Hallintosäännön 14 §:n mukaan kunnanhallitus on päätösvaltainen, kun enemmän kuin
puolet jäsenistä on läsnä |

Päätös:
Kokous todettiin lailliseksi ja päätösvaltaiseksi.

Pöytäkirjantarkastajien valinta

Kh 12

Kunnanjohtajan päätösehdotus:
Tarkastajiksi valitaan Esa Bergström ja Marika Eteläaho.

Päätös:
Ehdotus hyväksyttiin.

Ilmoitusasiat

Kh 13
Kunnanjohtajan päätösehdotus:
Merkitään tiedoksi.

Päätös:
Ehdotus hyväksyttiin.
"""


def test_tweb_titles_stay_above_when_ocr_lost_a_stop_below(cleaner: Cleaner) -> None:
    # the first sentence under "Kh 11" lost its stop, so it looks like a title block below the line; the
    # minutes' other bare "Kh" lines have their titles above, and so has this one (not "Käsitellyt asiat")
    decisions = _text(TWEB, cleaner).decisions
    assert [(d.section, d.title) for d in decisions] == [
        (11, "Kokouksen laillisuus ja päätösvaltaisuus"),
        (12, "Pöytäkirjantarkastajien valinta"),
        (13, "Ilmoitusasiat"),
    ]


ITEM_PAGES = """Dynasty tietopalvelu Kemin kaupunki

Kaupunginhallitus
Pöytäkirjä 10.06.2024/Pykälä 150

Edellinen äsia.| Seuraava asia Muutoksenhakuohje Kokousasia PDF-muodossa

Kemin Satama Oy:n lainan takaus

Kaupunginhallitus 10.06.2024 § 150

Päätös
Ehdotus hyväksyttiin.
\f
Dynasty tietopalvelu Kemin kaupunki

Kaupunginhallitus
Pöytäkirja 10.06.2024/Pykälä:15i

Edellinen asia | Seuraava asia Muutoksenhakuohje Kokousasia PDF-muodossa

Lausunto palveluverkkosuunnitelmasta

Päätös
Ehdotus hyväksyttiin.
\f
Dynasty tietopalvelu Kemin kaupunki

Pöytäkirja 10.06.2024/Pykälä 152.

Kaupunginhallitus.

Eron myöntäminen luottamustoimesta

Päätös
Ehdotus hyväksyttiin.
"""


def test_dynasty_item_headers_as_ocr_damaged_them(cleaner: Cleaner) -> None:
    # "Pöytäkirjä", "Pykälä:15i", "Pykälä 152." are item headers; a damaged navigation line is no title,
    # nor is the organ's name (with a speck) under the header
    decisions = _text(ITEM_PAGES, cleaner).decisions
    assert [(d.section, d.organ, d.meeting_date, d.title) for d in decisions] == [
        (150, "Kaupunginhallitus", "2024-06-10", "Kemin Satama Oy:n lainan takaus"),
        (151, "Kaupunginhallitus", "2024-06-10", "Lausunto palveluverkkosuunnitelmasta"),
        (152, "Kaupunginhallitus", "2024-06-10", "Eron myöntäminen luottamustoimesta"),
    ]


CLOUDNC = """Rovaniemen kaupunki
Tekninen lautakunta, kokous 22.9.2020

§ 86 Pysäköintivirhemaksun korottaminen

Päätös
Ehdotus hyväksyttiin.
\f
Rovaniemen kaupunki
Tekninen lautakunta, kokous 22.9.2020

5 87. Ilmoitusasiat

Päätös
Merkittiin tiedoksi.
"""


def test_a_heading_number_with_a_speck_after_it(cleaner: Cleaner) -> None:
    # "5 87." is "§ 87" with OCR's stop after the number
    decisions = _text(CLOUDNC, cleaner).decisions
    assert [(d.section, d.title) for d in decisions] == [
        (86, "Pysäköintivirhemaksun korottaminen"),
        (87, "Ilmoitusasiat"),
    ]


def test_a_presenter_line_that_lost_its_colon_is_no_title(cleaner: Cleaner) -> None:
    # a decision-history page read without its blank lines and colons: "Kh § 401" / "Kaupunginjohtaja Soile
    # Lahti" / "Ehdotus" is the tabled treatment's text, not a section titled by its presenter
    document = segment_file(DATA / "ocr_harsh_s5" / "historypage_kuopio_kh_2023-11-13_412.txt", cleaner)
    assert [(d.section, d.organ, d.meeting_date) for d in document.decisions] == [
        (412, "Kaupunginhallitus", "2023-11-13")
    ]


LOST_FIRST_PAGE = """
\f
KEMIN KAUPUNKI Tekninen lautakunta : Pöytäkirja 4/2024 2
23.4.2024

§ 31

Kokouksen laillisuus ja päätösvaltaisuus

Päätös
Ehdotus hyväksyttiin.
\f
KEMIN KAUPUNKI Tekninen lautakunta Pöytäkirja 4/2024: 3
23.4.2024 i

§ 32
Katujen kunnossapitoluokitus 2024

Päätös
Ehdotus hyväksyttiin.
"""


def test_the_meeting_from_later_page_headers_with_the_date_below(cleaner: Cleaner) -> None:
    # page 1 is lost; the later pages' headers print the organ beside the meeting number, the date below
    document = _text(LOST_FIRST_PAGE, cleaner)
    assert document.meeting.municipality == "Kemin kaupunki"
    assert [(d.section, d.organ, d.meeting_date) for d in document.decisions] == [
        (31, "Tekninen lautakunta", "2024-04-23"),
        (32, "Tekninen lautakunta", "2024-04-23"),
    ]


@pytest.mark.parametrize(
    ("heading", "contents", "title"),
    [
        # the contents keep the hyphen of a shared compound part that the heading's reading lost
        (
            "Vaalilautakunnan ja toimikunnan nimeäminen",
            "Vaalilautakunnan ja -toimikunnan nimeäminen",
            "Vaalilautakunnan ja -toimikunnan nimeäminen",
        ),
        # word by word: the hyphen from the contents, the word Voikko knows from the heading
        (
            "Avustukset taide ja kulttuuriyhteisöille vuodelle 2024",
            "Avustukset taide- ja kulttuuriyhteisöilie vuodelle 2024",
            "Avustukset taide- ja kulttuuriyhteisöille vuodelle 2024",
        ),
        # a hyphen elsewhere is no shared part: the heading's reading stays
        ("Lausunto kaupunginhallitukselle", "Lausunto -kaupunginhallitukselle", "Lausunto kaupunginhallitukselle"),
    ],
)
def test_heading_and_contents_readings_reconciled_word_by_word(heading: str, contents: str, title: str) -> None:
    assert reconcile(heading, contents) == title


def test_a_column_of_heading_numbers_with_specks(cleaner: Cleaner) -> None:
    # Tesseract read the "21 §" column apart from the titles, with specks: "215;", ". 225", "238"
    document = segment_file(DATA / "ocr_harsh_s1" / "word_jamijarvi_sivltk_2008_03.txt", cleaner)
    assert [(d.section, d.title) for d in document.decisions][:3] == [
        (21, "KOKOUKSEN LAILLISUUS JA PÄÄTÖSVALTAISUUS"),
        (22, "PÖYTÄKIRJAN TARKASTAJIEN VALINTA"),
        (23, "TALOUSARVION TOTEUTUMINEN 01.01.-29.02.2008"),
    ]


def test_a_heading_with_a_speck_before_its_number(cleaner: Cleaner) -> None:
    # typewritten minutes: "* 308$" above the capital title is "308 §"
    document = segment_file(DATA / "ocr_harsh_s3" / "typewritten_tornio_kh_1985_08.txt", cleaner)
    assert [d.section for d in document.decisions] == [305, 306, 307, 308, 309]


HELSINKI = """Helsingin kaupunki Pöytäkirja 5/2024
Kulttuuri- ja vapaa-aikalautakunta 14.05.2024

§ 44
Lausunto kaupunginhallitukselle

Päätös
Lautakunta antoi lausunnon.
\f
Helsingin kaupunki Pöytäkirja 5/2024
Kulttuuri- ja vapaa-aikalautakunta 14.05.2024

8.45 N,
Liikuntapaikkojen vuokrien tarkistaminen 1.6.2024 alkaen

Päätös
Lautakunta hyväksyi vuokrat.
"""


def test_specks_beside_a_heading_number_are_no_title(cleaner: Cleaner) -> None:
    # "8.45 N,": § 45 with OCR's specks after the number; the title is the line below
    decisions = _text(HELSINKI, cleaner).decisions
    assert [(d.section, d.title) for d in decisions] == [
        (44, "Lausunto kaupunginhallitukselle"),
        (45, "Liikuntapaikkojen vuokrien tarkistaminen 1.6.2024 alkaen"),
    ]


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("dynasty_kemi_kv_2024_06.txt", 62),  # the history row 'Kaupunginvaltuusto 5 62" 17.06.2024'
        ("dynasty_seinajoki_kv_2019_11.txt", 101),  # the bare heading "KV § 101 ." with its title below
    ],
)
def test_specks_after_the_number_of_a_row_or_abbreviated_heading(name: str, section: int, cleaner: Cleaner) -> None:
    document = segment_file(DATA / "ocr_harsh_s5" / name, cleaner)
    wanted = next(item for item in TRUTH[name] if item["section"] == section)
    found = {d.section: d for d in document.decisions}[section]
    assert (found.organ, found.meeting_date, found.title) == (wanted["organ"], wanted["meeting_date"], wanted["title"])


def test_a_capital_title_with_a_speck_before_it_above_the_paragraph(cleaner: Cleaner) -> None:
    # old word-processor minutes: "* VALTUUSTON ... TÄYTÄNTÖÖNPANO" above "Khall 204 — Valtuusto käsitteli ..."
    document = segment_file(DATA / "ocr_serif_s3" / "kvalt_ranua_kh_2012_09.txt", cleaner)
    found = {d.section: d.title for d in document.decisions}
    assert found[204] == "VALTUUSTON 17.9.2012 TEKEMIEN PÄÄTÖSTEN TÄYTÄNTÖÖNPANO"


@pytest.mark.parametrize(
    ("line", "opened"),
    [
        ("Päätäs:", ("decision", "")),  # a letter misread: the label it nearly is
        ("Päätäs: Ehdotus hyväksyttiin.", ("decision", "Ehdotus hyväksyttiin.")),
        ("Päätös i", ("decision", "")),  # a speck letter after the label
        ("Päätös en", ("decision", "")),
        ("- Päätös", ("decision", "")),  # a speck before it
        ('"Päätös .', ("decision", "")),
        ("* päätös: Hyväksyttiin ehdotus.", ("decision", "Hyväksyttiin ehdotus.")),
        ("Päätäs hyväksyä ehdotus", None),  # no colon: a sentence, not a label
        ("Liitteen:", None),  # a word of its own, not a misread "Liitteet"
        ("- Ehdotus hyväksyttiin.", None),  # a sentence in a list
        ("- Kvalt: Tarkastajiksi valittiin Eila Hietala.", ("decision", "Tarkastajiksi valittiin Eila Hietala.")),
    ],
)
def test_decision_labels_as_ocr_damaged_them(line: str, opened: tuple[str, str] | None) -> None:
    found = label(line, load())
    assert (found[0], found[2]) == opened if opened else found is None


def test_a_title_below_a_bare_heading_with_a_speck_before_it(cleaner: Cleaner) -> None:
    # "KV: 32" / "- Pöytäkirjan tarkastus": the title below, not the decision sentence of § 31 above
    document = segment_file(DATA / "ocr_harsh_s2" / "dynasty_kurikka_kv_2016_05.txt", cleaner)
    found = {d.section: d for d in document.decisions}
    assert found[32].title == "Pöytäkirjan tarkastus"
    assert found[31].decision == "Kokous todettiin lailliseksi ja päätösvaltaiseksi"


def test_a_contents_row_with_a_plus_for_its_gap_is_no_section(cleaner: Cleaner) -> None:
    # "15 + Ilmoitusasiat 5" in the contents: not § 1 with its sign read as 5
    document = segment_file(DATA / "ocr_serif_s4" / "tweb_kyyjarvi_kh_2015_02.txt", cleaner)
    assert [d.section for d in document.decisions] == [11, 12, 13, 14, 15]


@pytest.mark.parametrize(
    ("name", "sections"),
    [
        # item headers "Pöytäkirja 10.06;2024/Pykälä 151" and "— Pöytäkirjä 16.06.2024jPykälä 152": the date
        # most headers print is the meeting's (one misread "16.06")
        ("dynasty_items_kemi_kh_2024-06-10.txt", [150, 151, 152]),
        ("dynasty_kemi_kv_2024_06.txt", [60]),  # the history row "Kaupunginvaltuusto .:. 5 60 17.06.2024"
        ("kemi_kh_2024_10.txt", [143]),  # the contents row "5 143* Ilmoitusasiat": the span reaches 143
    ],
)
def test_worse_scan_headings_with_specks(name: str, sections: list[int], cleaner: Cleaner) -> None:
    found = {d.section: d for d in segment_file(DATA / "ocr_harsh_s6" / name, cleaner).decisions}
    for item in TRUTH[name]:
        if item["section"] in sections:
            record = found[item["section"]]
            assert (record.organ, record.meeting_date) == (item["organ"], item["meeting_date"])
