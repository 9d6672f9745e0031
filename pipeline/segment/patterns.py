"""Regular patterns of Finnish minutes: section headings, dates, diary numbers, organs."""

from __future__ import annotations

import re
from datetime import date

# "§ 136", "§ 136 Title", "136 §"; OCR without § reads it as 8, S, $ or &.
SECTION_SIGN = "§8S$&"
HEADING = re.compile(
    rf"^[ \t]*(?:(?P<sign>[{re.escape(SECTION_SIGN)}])[ \t]?(?P<number>\d{{1,4}})\b(?P<rest>[^\n]*)"
    rf"|(?P<number2>\d{{1,4}})[ \t]?(?P<sign2>[{re.escape(SECTION_SIGN)}])[ \t]*$)",
    re.MULTILINE,
)

DATE = re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b")

DIARY_NUMBER = re.compile(
    r"\b(?:"
    r"[A-ZÅÄÖ]{2,10}Dno-\d{4}-\d+"  # KEMDno-2024-512, ROIDno-2020-2129
    r"|[A-ZÅÄÖ]{2,6}/\d+/\d\d(?:\.\d\d){1,4}/\d{4}"  # OUKA/899/02.06.01.04/2017
    r"|[A-ZÅÄÖ]{2,6}:\d+/\d\d(?:\.\d\d){1,4}/\d{4}"  # TRE:4787/10.03.01/2016
    r"|HEL \d{4}-\d{6}"
    r"|\d+/\d{4} \d\d(?:\.\d\d){2,4}"  # 730/2017 00.01.01.00
    r"|D(?:no|nro)\.?:? ?\d+/\d{4}"  # Dnro 123/2012
    r")"
)

ORGAN = re.compile(
    r"\b(?:[A-ZÅÄÖ][a-zåäö]+- ja |[A-ZÅÄÖ][a-zåäö]+ )?"
    r"[A-ZÅÄÖa-zåäö-]*(?:valtuusto|hallitus|lautakunta|jaosto|johtokunta|toimikunta)\b"
)
_ORGAN_ADJECTIVE_STOPWORDS = {"Kemin", "Kaupungin", "Pöytäkirja", "Kokous", "Ote"}

MUNICIPALITY = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+n (?:kaupunki|kunta)\b")

DECISION_LABEL = re.compile(r"^[ \t]*Päätös\b(?!ehdotus|esitys|historia)[ \t:]*", re.MULTILINE | re.IGNORECASE)
# labels that end a decision paragraph
END_LABELS = re.compile(
    r"^[ \t]*(?:Liitteet|Oheismateriaali|Tiedoksi|Muutoksenhaku|Oikaisuvaatimus|Täytäntöönpano|Valitusosoitus)\b",
    re.MULTILINE,
)
FIELD_LABELS = re.compile(
    r"^[ \t]*(?:Valmistelija|Esittelijä|Ehdotus|Päätösehdotus|Käsittely|Päätös|Liitteet|Oheismateriaali"
    r"|Tiedoksi|Dno|Diaarinumero)\b",
    re.IGNORECASE,
)


def parse_date(text: str) -> str | None:
    """The first valid d.m.yyyy date in text, as ISO yyyy-mm-dd."""
    for match in DATE.finditer(text):
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
        except ValueError:
            continue
    return None


def find_organ(text: str) -> str | None:
    for match in ORGAN.finditer(text):
        words = match.group().split(" ")
        if words[0] in _ORGAN_ADJECTIVE_STOPWORDS:
            words = words[1:]
        organ = " ".join(words)
        return organ[:1].upper() + organ[1:]
    return None
