"""Running header/footer detection must not eat body text that happens to repeat at a page edge."""

from __future__ import annotations

from pipeline.clean import Cleaner


def test_a_body_sentence_ending_two_pages_is_not_a_footer() -> None:
    pages = [
        f"Kemin kaupunki Pöytäkirja 10/2024 {n} (2)\n§ {135 + n}\nOtsikko {n}\nKaupunginhallitus päätti asiasta.\n"
        "Hyväksyttiin."
        for n in (1, 2)
    ]
    cleaned, _ = Cleaner().clean_text("\f".join(pages))
    assert [page.count("Hyväksyttiin.") for page in cleaned.split("\f")] == [1, 1]
    assert "Pöytäkirja" not in cleaned  # the real running header still goes


def test_a_sentence_footer_on_every_page_of_a_long_file_still_goes() -> None:
    bodies = ["Hyväksyttiin.", "Merkittiin tiedoksi.", "Asia jätettiin pöydälle.", "Hyväksyttiin muutoksin."] * 2
    pages = [f"§ {n}\nOtsikko numero {n}\n{body}\nPöytäkirja on tarkastettu." for n, body in enumerate(bodies, 1)]
    cleaned, _ = Cleaner().clean_text("\f".join(pages))
    assert "tarkastettu" not in cleaned
    assert cleaned.count("Hyväksyttiin.") == 2


def test_a_decision_ending_most_pages_is_not_a_footer() -> None:
    # Dynasty council minutes: most sections close with the same decision at the foot of a page
    endings = ["Ehdotus hyväksyttiin.", "Ehdotus hyväksyttiin.", "Merkittiin tiedoksi.", "Ehdotus hyväksyttiin."] * 2
    pages = [f"§ {n}\nOtsikko numero {n}\nPäätös\n{ending}" for n, ending in enumerate(endings, 1)]
    cleaned, _ = Cleaner().clean_text("\f".join(pages))
    assert cleaned.count("Ehdotus hyväksyttiin.") == 6


def test_capitals_after_an_all_caps_hyphen_are_a_new_line() -> None:
    text = "TA2016 YLITYS+ ALITUS-\nKÄYTTÖTALOUSOSA\nEU-\nhanke alkaa"
    assert Cleaner().clean_text(text)[0] == "TA2016 YLITYS+ ALITUS-\nKÄYTTÖTALOUSOSA\nEU-hanke\nalkaa"
