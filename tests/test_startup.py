"""Start-up cost of a run: the lexicon index comes from the on-disk cache, and the CLI does not load
spaCy or the lexicon before the workers start (the batch runner builds them in the background)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.clean import lexicon_cache
from pipeline.clean.lexicon import Lexicon

WORDS = ["päätös", "kaupunginhallitus", "sääntökirjan", "talousarvio", "kemi", "xyzzyq"]
SKELETONS = ["paatos", "saantokirjan", "valittava", "kaantaa"]


def _lookups(lexicon: Lexicon) -> list[object]:
    return (
        [lexicon.zipf(w) for w in WORDS]
        + [lexicon.known(w) for w in WORDS]
        + [lexicon.umlaut_forms(s) for s in SKELETONS]
    )


@pytest.fixture(scope="module")
def built() -> Lexicon:
    return Lexicon({"Välittävä": 3}, use_cache=False)


def test_cached_index_gives_the_same_lookups_as_a_fresh_build(built, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path))
    first = Lexicon({"Välittävä": 3})  # builds and writes the cache
    assert list(tmp_path.glob("lexicon-*.marshal")), "the built index was not cached"
    second = Lexicon({"Välittävä": 3})  # reads it back
    assert _lookups(first) == _lookups(second) == _lookups(built)
    assert "välittävä" in second.umlaut_forms("valittava")  # domain words are added on top of the cached index


def test_a_damaged_cache_file_is_rebuilt(built, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(tmp_path))
    path = lexicon_cache.cache_path(tmp_path, 1.0)
    path.write_bytes(b"\x00not marshal data")
    assert _lookups(Lexicon({"Välittävä": 3})) == _lookups(built)
    assert path.stat().st_size > 1_000_000  # replaced by a whole index


def test_an_unwritable_cache_folder_is_no_error(built, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MINUTES_CACHE_DIR", str(blocker / "minutes"))
    assert _lookups(Lexicon({"Välittävä": 3})) == _lookups(built)


def test_the_cli_does_not_load_spacy_or_wordfreq_on_import() -> None:
    code = "import sys, pipeline.cli; print(sorted(m for m in ('spacy', 'wordfreq') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
