"""Bad input never crashes or hangs the cleaner and always gives text back."""

from __future__ import annotations

import time

import pytest

from pipeline.clean import Cleaner


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\f\f",
        bytes(range(256)).decode("latin-1"),  # binary read as text
        "\x00\x01\x07kokous\x1b[31m päätös\x7f",  # control characters
        "Кеми päätös 決定 ∑ pöytäkirja ﷺ 🙂",  # mixed scripts
        "ä" * 5000 + " " + "8" * 3000,
    ],
)
def test_bad_input_gives_text(cleaner: Cleaner, text: str) -> None:
    cleaned, _ = cleaner.clean_text(text)
    assert isinstance(cleaned, str)
    assert "\x00" not in cleaned


def test_ten_megabyte_word_is_linear(cleaner: Cleaner) -> None:
    word = "paatdksenteko" * 800_000  # ~10 MB without a space
    started = time.perf_counter()
    cleaned, _ = cleaner.clean_text(f"Kokous {word} alkoi.")
    assert time.perf_counter() - started < 20
    assert len(cleaned) >= len(word)
