"""Things word repair must never touch: numbers, dates, diary numbers, addresses, acronyms, protected words."""

from __future__ import annotations

import pytest

from pipeline.clean import Cleaner


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


# each sits in text that lost its umlauts, where the repairer is at its boldest
CONTEXT = "Kaupunginhallitus kasitteli asian ja paatti, etta asia {} kasitellaan uudelleen myohemmin tana vuonna."


@pytest.mark.parametrize(
    "protected",
    [
        "1 234 567,89",  # numbers
        "04.12.2023",  # dates
        "1.1.-30.9.2024",
        "klo 16:31",
        "KEMDno-2024-512",  # diary numbers
        "OUKA/899/02.06.01.04/2017",
        "VD/1545/00.04.00/2017",
        "TRE:4787/10.03.01/2016",
        "etunimi.sukunimi@kemi.fi",  # e-mail addresses
        "https://www.kemi.fi/paatokset/hallitus?vuosi=2024",  # URLs
        "www.kemi.fi",
        "OUKA",  # acronyms
        "ICT",
        "PDF:ssä",  # (its dot makes the sentence ordinary text: in one that lost its umlauts, PDF:ssa becomes PDF:ssä)
        "Kemi",  # a protected word (corrections/protected.txt)
    ],
)
def test_protected_kinds_are_not_changed(cleaner: Cleaner, protected: str) -> None:
    text = CONTEXT.format(protected)
    cleaned, changes = cleaner.clean_text(text)
    assert protected in cleaned
    assert all(protected not in change.before for change in changes)
    assert "käsitteli" in cleaned  # the words around it were repaired
