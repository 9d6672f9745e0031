"""Finnish base forms from Voikko, so that a search for `päätös` finds `päätöksen`.

Shared helper: the store indexes base forms beside the text, and the cleaning lexicon can use the
same cached analyser. Voikko is loaded on first use, once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Any

from pipeline.boundedcache import BoundedCache
from pipeline.errors import EnvironmentProblem

# a word as the FTS5 unicode61 tokenizer and PostgreSQL's parser see it: letters and digits
TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# letters only, for Voikko (digits are indexed as they are); hyphenated compounds stay one word
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# the base of each part of a compound in Voikko's WORDBASES, e.g. "+kaupungin(kaupunki)+valtuusto(valtuusto)"
_PART = re.compile(r"\(([^()]+)\)")

_voikko: Any = None


def voikko() -> Any:
    """The process's Voikko analyser for Finnish; EnvironmentProblem if libvoikko or voikko-fi is missing."""
    global _voikko
    if _voikko is None:
        try:
            from libvoikko import Voikko

            _voikko = Voikko("fi")
        except (ImportError, OSError) as exc:
            raise EnvironmentProblem(
                f"Voikko for Finnish is not available (install libvoikko1 and voikko-fi): {exc}"
            ) from exc
    return _voikko


@lru_cache(maxsize=200_000)
def base_forms(word: str) -> tuple[str, ...]:
    """Lower-case base forms of one word form, its compound parts included; () when Voikko does not know it."""
    forms: dict[str, None] = {}
    for analysis in voikko().analyze(word.lower()):
        base = analysis.get("BASEFORM")
        if base:
            forms[base.lower()] = None
        for part in _PART.findall(analysis.get("WORDBASES") or ""):
            if part != "-":
                forms[part.lower()] = None
    return tuple(forms)


def _word_forms(token: str) -> tuple[str, ...]:
    """Base forms of a token that is a word; () for numbers and codes."""
    return base_forms(token) if WORD.fullmatch(token) else ()


def _chunk_terms(chunk: str) -> tuple[str, ...]:
    """The search terms of a whitespace-separated chunk as written (`Päätöksen,` -> `päätös`): its lower-case
    tokens that Voikko does not know or that are hyphenated, and the base forms of all of them."""
    terms: dict[str, None] = {}
    for token in TOKEN.findall(chunk.lower()):
        forms = _token_forms[token]
        if "-" in token or not forms:
            terms[token] = None
        terms.update(dict.fromkeys(forms))
    return tuple(terms)


_token_forms = BoundedCache(_word_forms, 500_000)
_chunk_terms_cache = BoundedCache(_chunk_terms, 500_000)


def index_terms(*texts: str | None) -> str:
    """What search matches: the distinct words of the texts (letters and digits, lower case) that Voikko
    does not know or that are hyphenated, and the base forms Voikko gives for the words. Each term once,
    so the full-text engines tokenize a fraction of the text; the indexes keep no positions anyway.

    A word Voikko knows is found through its base forms: a query word is searched as itself and its base
    forms, so the same word or another form of it shares a base form with it. Leaving such words out
    saves a third of the terms the full-text index has to take (hyphenated words stay: a query word Voikko
    does not know is searched as all of its parts). Split on white space (C speed); each distinct chunk's
    terms come from a cache, so the regex and Voikko run once per distinct chunk, not per occurrence."""
    chunks = chain.from_iterable(text.split() for text in texts if text)
    return " ".join(dict.fromkeys(chain.from_iterable(map(_chunk_terms_cache.__getitem__, chunks))))


def query_variants(word: str) -> list[str]:
    """A query word and its base forms: any of them matching counts as a match."""
    variants = {word.lower(): None}
    if WORD.fullmatch(word):
        for form in base_forms(word):
            variants[form] = None
    return list(variants)


def clear_caches() -> None:
    """Forget every cached analysis, as in a fresh process (benchmarks compare runs that start cold)."""
    _chunk_terms_cache.clear()
    _token_forms.clear()
    base_forms.cache_clear()
