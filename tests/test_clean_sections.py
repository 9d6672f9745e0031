"""§ restoration: Debian's fin model writes § as 8, &, $ or 5; section numbers key the records."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import Cleaner
from tests.conftest import clean_ocr

DATA = Path(__file__).resolve().parent / "data" / "clean"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("8 167\nTalousarvion muutos", "§ 167\nTalousarvion muutos"),  # section header at a line start
        ("S 168 Tilinpäätös 2023", "§ 168 Tilinpäätös 2023"),
        ("105 8\n10.4.2017", "105 §\n10.4.2017"),  # "136 §" style header
        ("kuntalain 119 8:n mukaan", "kuntalain 119 §:n mukaan"),
        ("Kuntalain 90 $:ssä säädetään", "Kuntalain 90 §:ssä säädetään"),
        ("kuntalain 140 & edellyttää", "kuntalain 140 § edellyttää"),
        ("Kaupunginhallitus 20.3.2017 & 66", "Kaupunginhallitus 20.3.2017 § 66"),
        ("Ksylk 5 119", "Ksylk § 119"),
        ("Äänestyslistat $ 127", "Äänestyslistat § 127"),
        ("Liitteet:\nKsylk 8.84 =", "Liitteet:\nKsylk § 84 ="),  # a blurred space read as a full stop
        ("kuntalain 43 8 2 mom. mukaan", "kuntalain 43 § 2 mom. mukaan"),  # a statute reference's subsection
        ("Kaupunginhallitus\n1058\n10.4.2017", "Kaupunginhallitus\n105 §\n10.4.2017"),  # run into its number
        ("Kaupunginhallitus\n\n1058\n\n10.4.2017", "Kaupunginhallitus\n\n105 §\n\n10.4.2017"),
        ("Kaupunginhallitus 20.2.2017:8 53", "Kaupunginhallitus 20.2.2017 § 53"),  # a space read as a colon
        ("muutettu 26.4.2017 (KSYLK:$ 132)", "muutettu 26.4.2017 (KSYLK § 132)"),
    ],
)
def test_section_sign_is_restored(cleaner: Cleaner, ocr: str, expected: str) -> None:
    assert cleaner.clean_text(ocr)[0] == expected


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("239 $ Oikaisuvaatimus", "239 § Oikaisuvaatimus"),  # a contents line
        ("244 8 Kiinteistön myynti", "244 § Kiinteistön myynti"),
        ("12 S KOKOUKSEN LAILLISUUS", "12 § KOKOUKSEN LAILLISUUS"),
        ("Ks. $ 281 ja 8 282.", "Ks. § 281 ja § 282."),  # a list of sections
        ("Kaupunginvaltuusto 8.64 17.06.2024", "Kaupunginvaltuusto § 64 17.06.2024"),  # a decision-history row
        ("Kaupunginhallitus 8140 27.05.2024", "Kaupunginhallitus § 140 27.05.2024"),
        ("Kunnanhallitus 31:8 08.04.2024", "Kunnanhallitus 31 § 08.04.2024"),
        ("lautakunta 9.1.20228 170", "lautakunta 9.1.2022 § 170"),  # the sign run into the year
        ("Kv 5.4.2022, 8 159 mukaisesti", "Kv 5.4.2022, § 159 mukaisesti"),
        ("lautakunta 7.1.2024 % 166", "lautakunta 7.1.2024 § 166"),
        ("Hallintolain 96 8:ää muutetaan", "Hallintolain 96 §:ää muutetaan"),
        ("todettiin (8 196).", "todettiin (§ 196)."),
        ("Sivla 21.7.2023 8224", "Sivla 21.7.2023 § 224"),
        ("Kv 5.4.2022, 8.159.", "Kv 5.4.2022, § 159."),
        ("$ 150 Talousarvio\n\n8151 Henkilöstöraportti", "§ 150 Talousarvio\n\n§ 151 Henkilöstöraportti"),  # contents
        ("Turun kaupunki\nS\nKokouspvm\nAsia", "Turun kaupunki\n§\nKokouspvm\nAsia"),  # a table header's § column
        ("Käsitellyt asiat\n\n& Otsikko Sivu", "Käsitellyt asiat\n\n§ Otsikko Sivu"),
        ("Turun kaupunki\n\n8\n\nKokouspvm\n\nAsia", "Turun kaupunki\n\n§\n\nKokouspvm\n\nAsia"),  # 8 or 5 there too
        (
            "12 8 KOKOUKSEN LAILLISUUS\n\n128 KOKOUKSEN LAILLISUUS",
            "12 § KOKOUKSEN LAILLISUUS\n\n12 § KOKOUKSEN LAILLISUUS",
        ),
        # the wide dev set (minutes' tuning pages rescanned): the date on a line of its own above the sign, an organ
        # run into the sign, a quote between the date and the sign
        (
            "Kaupunginhallitus\n\n105 §\n\n10.4.2017\n\n8 127 s i",
            "Kaupunginhallitus\n\n105 §\n\n10.4.2017\n\n§ 127 s i",
        ),
        ("täsmentämiseksi.\nKh&195 ,", "täsmentämiseksi.\nKh § 195 ,"),
        ("Kaupunginhallitus 20.3.2017'8 10", "Kaupunginhallitus 20.3.2017 § 10"),
        # a heading's blurred space read as a dot, alone on its line above the title (session 6)
        (
            "hyväksyttiin.\n\n8.10\nPöytäkirjan tarkastajien valinta",
            "hyväksyttiin.\n\n§ 10\nPöytäkirjan tarkastajien valinta",
        ),
        # the document names § 241 elsewhere, so "2418" alone on a line is "241 §"
        ("241 $ Asemakaava\n\n2418\nAsemakaava", "241 § Asemakaava\n\n241 §\nAsemakaava"),
    ],
)
def test_section_sign_is_restored_on_ocr_pages(cleaner: Cleaner, ocr: str, expected: str) -> None:
    """Shapes of the § dev set (bench/data/ocr_fin200sect.jsonl): Tesseract pages only."""
    assert clean_ocr(cleaner, ocr) == expected


def test_ocr_shapes_leave_typed_text_alone(cleaner: Cleaner) -> None:
    # in text a writer typed, "$ 281" and "S" alone on a line are what they say
    text = "hinta $ 281 ja 239 $ Dollareina\nS\nKokouspvm"
    assert cleaner.clean_text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "8 000 euroa maksetaan",
        "investoinnit kasvavat 8 000\n000 euroa",
        "Vuonna 2017 8 henkilöä",
        "8 2017",
        "hinta oli 8 500 euroa ja 3 5 kertaa",
        "Liite 8 12.3.2024",
        "Q&A-tilaisuus",
        "Vuosi\n2018\n10.4.2017",
        "Kaupunginhallitus\n195\n02.05.2017",  # a decision history without § (Turku): not "19 §"
        "Joukkoliikenne 2 905 17 000\n518\nRakennuslautakunta",  # a table cell alone on a line
        "Hinta 8.84 euroa",
        "taulukko\n518\n1.2.2017",
        "noin 15 %. Lautakunta päätti",  # a per cent sign after a number
        "euroa (alv 0 %).",
        "haetaan avustusta 5 600\neuroa.",
        "Dnro 88/2024",
        "Sivu\n8\nKokous",  # a page number alone on its line
        "8 Ilmoitusasiat",  # a numbered agenda item
        "8151 Henkilöstöraportti",  # alone, not in a list of contents: a table row as likely
        "Kokous alkaa klo\n8.10\nKahvitarjoilu",  # not alone: a number ending the line above
        "Hinta\n8.10\neuroa",
        "Oy Mallila & Co on jättänyt tarjouksen.",
        "14 § Asia\n\n45 Liikuntapaikkojen vuokrat",  # "45" is no "4 §" though the document names § 14
    ],
)
def test_numbers_that_are_not_sections_stay(cleaner: Cleaner, text: str) -> None:
    assert cleaner.clean_text(text)[0] == text
    assert clean_ocr(cleaner, text) == text


def test_real_fin_ocr_page_gets_its_section_signs(cleaner: Cleaner) -> None:
    ocr = (DATA / "oulu_fin200_ocr.txt").read_text(encoding="utf-8")
    truth = (DATA / "oulu_truth.txt").read_text(encoding="utf-8")
    assert "§" not in ocr
    assert cleaner.clean_text(ocr)[0].count("§") == truth.count("§") > 0
