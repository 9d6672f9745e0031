"""Unicode normalisation: NFC, invisible characters, ligatures, quote and space variants."""

from __future__ import annotations

import re
import unicodedata

from pipeline.clean.edits import Edit, as_str_function

# Finnish typography uses ” and ’ on both sides; OCR and word processors produce the rest.
_QUOTES = {"“": "”", "„": "”", "‟": "”", "″": "”", "‘": "’", "‚": "’", "‛": "’", "′": "’"}
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

_PATTERN = re.compile(
    "(?P<softbreak>\u00ad\\n)"  # a soft hyphen at a line end marks a hyphenated word: join it
    f"|(?P<invisible>[{_INVISIBLE}\u00ad]+)"
    f"|(?P<space>[{_SPACES}])"
    "|(?P<ligature>[\ufb00-\ufb06])"
    f"|(?P<quote>[{''.join(_QUOTES)}])"
    "|(?P<combining>.[\u0300-\u036f]+)"
    "|(?P<control>[\x00-\x08\x0b\x0e-\x1f\x7f])",
    re.DOTALL,
)


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group()
    if kind in ("softbreak", "invisible", "control"):
        return ""
    if kind == "space":
        return " "
    if kind == "ligature":
        return unicodedata.normalize("NFKC", text)
    if kind == "quote":
        return _QUOTES[text]
    return unicodedata.normalize("NFC", text)


def find_unicode_edits(text: str) -> list[Edit]:
    """Edits that bring text to NFC without invisible characters, ligatures or odd quotes/spaces."""
    edits = []
    for match in _PATTERN.finditer(text):
        replacement = _replacement(match)
        if replacement != match.group():
            edits.append(Edit(match.start(), match.end(), replacement, f"unicode-{match.lastgroup}"))
    return edits


normalize_unicode = as_str_function(find_unicode_edits)
