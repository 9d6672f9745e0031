"""Regular patterns of Finnish minutes that need no vocabulary: diary numbers, meeting numbers, page numbers."""

from __future__ import annotations

import re

DIARY_NUMBER = re.compile(
    r"\b(?:"
    r"[A-ZÅÄÖ]{2,10}Dno-\d{4}-\d+"  # KEMDno-2024-512, ROIDno-2020-2129
    r"|[A-ZÅÄÖ]{2,6}/\d+/\d\d(?:\.\d\d){1,4}/\d{4}"  # OUKA/899/02.06.01.04/2017
    r"|[A-ZÅÄÖ]{2,6}:\d+/\d\d(?:\.\d\d){1,4}/\d{4}"  # TRE:4787/10.03.01/2016
    r"|\d+/\d\d(?:\.\d\d){1,4}/\d{4}"  # Dynasty's asianumero: 579/10.03.00.01/2021
    r"|HEL \d{4}-\d{6}"
    r"|\d+/\d{4}\s+\d\d(?:\.\d\d){2,4}"  # 730/2017 00.01.01.00 (Dynasty prints them on two lines)
    r"|D(?:no|nro)\.?:? ?\d+/\d{4}"  # Dnro 123/2012
    r"|\d{3,5}-\d{4} \(\d{3}\)"  # Turku: 3720-2013 (611)
    r")"
)

MUNICIPALITY = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+n (?:kaupunki|kunta)\b", re.IGNORECASE)
# "Pöytäkirja 10/2024", "PÖYTÄKIRJA 7/2024", "Kokous 5/2024"; a header line "... 10/2024"
# (the number may stand on the next line, under the label: "KOKOUSPÖYTÄKIRJA  Sivu" / "4/2011  31")
MEETING_NUMBER = re.compile(
    r"(?:pöytäkirja|kokous|kokousnumero)\b[^\n\d]{0,40}?(?:\n[^\n\d]{0,40}?)?\b(?P<number>\d{1,2}/(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# page numbering in a header: "4 (35)", "Sivu 2 / 3"
PAGE_NUMBER = re.compile(
    r"(?:\b(?P<a>\d{1,3})[ \t]*\([ \t]*(?P<b>\d{1,3})[ \t]*\)|Sivu[ \t]+(?P<c>\d{1,3})[ \t]*/[ \t]*"
    r"(?P<d>\d{1,3}))",
    re.IGNORECASE,
)


def page_number(header: str) -> tuple[int, int] | None:
    """(page, pages) from a page header such as `4 (35)` or `Sivu 2 / 3`."""
    match = PAGE_NUMBER.search(header)
    if not match:
        return None
    if match["a"]:
        return int(match["a"]), int(match["b"])
    return int(match["c"]), int(match["d"])


def normalise_space(text: str) -> str:
    return " ".join(text.split())
