"""Finnish base forms from Voikko, so that a search for `päätös` finds `päätöksen`.

Shared helper: the store indexes base forms beside the text, and the cleaning lexicon can use the
same cached analyser. Voikko is loaded on first use, once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Any

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


def index_terms(*texts: str | None) -> str:
    """What search matches: the distinct words of the texts (letters and digits, lower case), then the
    base forms Voikko gives for them that are not among them. Each term once, so the full-text engines
    tokenize a fraction of the text; the indexes keep no positions anyway."""
    words = dict.fromkeys(TOKEN.findall("\n".join(text for text in texts if text).lower()))
    forms = dict.fromkeys(chain.from_iterable(map(_token_forms, words)))
    return " ".join(words | forms)


@lru_cache(maxsize=200_000)
def _token_forms(token: str) -> tuple[str, ...]:
    """Base forms of a token that is a word; () for numbers and codes (one cached call a token)."""
    return base_forms(token) if WORD.fullmatch(token) else ()


def query_variants(word: str) -> list[str]:
    """A query word and its base forms: any of them matching counts as a match."""
    variants = {word.lower(): None}
    if WORD.fullmatch(word):
        for form in base_forms(word):
            variants[form] = None
    return list(variants)
