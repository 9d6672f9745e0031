"""Unicode normalisation, dehyphenation and running headers, with their audit trail."""

from __future__ import annotations

from pipeline.clean import Cleaner
from pipeline.clean.edits import apply
from pipeline.clean.layout import find_hyphenation_edits
from pipeline.clean.normalize import normalize_unicode


def dehyphenate(text: str) -> str:
    return apply(text, find_hyphenation_edits(text))[0]


def test_unicode_is_normalised() -> None:
    decomposed = "pa\u0308a\u0308to\u0308s"
    assert normalize_unicode(decomposed) == "päätös"
    assert normalize_unicode("kaupunginhallitus,\u200b joka") == "kaupunginhallitus, joka"
    assert normalize_unicode("\ufb01nanssi") == "finanssi"
    assert normalize_unicode("“Kemistä oon”") == "”Kemistä oon”"
    assert normalize_unicode("10\u00a0000 euroa") == "10 000 euroa"
    assert normalize_unicode("kau\u00ad\npungin") == "kaupungin"


def test_words_split_at_line_ends_are_joined_on_the_first_line() -> None:
    assert dehyphenate("kokous oli päätösvaltai-\nnen ja laillinen") == "kokous oli päätösvaltainen\nja laillinen"


def test_real_hyphens_are_kept() -> None:
    assert dehyphenate("tulosalue-\nja kehitysalue") == "tulosalue-\nja kehitysalue"
    assert dehyphenate("EU-\nhanke alkaa") == "EU-hanke\nalkaa"
    assert dehyphenate("linja-\nauto") == "linja-auto"
    assert dehyphenate("Suomi 100-\nvuotis") == "Suomi 100-vuotis"


def test_running_headers_move_to_page_metadata_and_changes_point_into_cleaned_text() -> None:
    pages = [
        f"Kemin kaupunki Pöytäkirja 10/2024 {n} (3)\nKaupunginhallitus 04.12.2024\n§ {135 + n}\nOtsikko {n}\n{body}"
        for n, body in (
            (1, "Kokous todettiin lailliseksi."),
            (2, "Kaupunginhallitus hyväksyi ehdotuk-\nsen yksimielisesti."),
            (3, "Merkittiin tiedoksi."),
        )
    ]
    cleaned, changes = Cleaner().clean_text("\f".join(pages))
    assert "Pöytäkirja" not in cleaned
    assert "Kaupunginhallitus 04.12.2024" not in cleaned
    assert cleaned.split("\f")[1].startswith("§ 137\nOtsikko 2\nKaupunginhallitus hyväksyi ehdotuksen\n")
    assert {c.reason for c in changes} == {"page-header", "dehyphenate"}
    by_page = [c for c in changes if c.page == 2 and c.reason == "dehyphenate"]
    page_text = cleaned.split("\f")[1]
    assert [page_text[c.offset : c.offset + len(c.after)] for c in by_page] == ["sen\n"]


def test_cleaning_is_idempotent_and_leaves_clean_text_alone() -> None:
    text = "Kaupunginvaltuusto hyväksyi kaupunkistrategian 04.12.2023 § 110.\nVälittävä Kemi -ohjelma."
    cleaner = Cleaner()
    once, changes = cleaner.clean_text(text)
    assert once == text
    assert changes == []
    damaged = "Pöytä-\nkirja\u200b tarkastettiin"
    assert cleaner.clean_text(cleaner.clean_text(damaged)[0])[0] == cleaner.clean_text(damaged)[0]
