"""The segmenter's vocabulary, loaded once per process from data files.

`vocabulary.toml` (package data): field and meeting labels, month names, resolution wording.
`corrections/organs.toml` (maintainers edit it): organ names and the abbreviations printed before a §.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.settings import Settings

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
MISREAD_MIN, MISREAD_SIMILARITY = 4, 80  # "Khali" is OCR's "Khall": one letter in five
MISREAD_ORGAN = 92  # "Kaupungdinhallitus" is "Kaupunginhallitus"; "Kunnanhallitus" is not (86)
MIN_MISREAD_LABEL = 6  # "Päätäs" is "Päätös"; shorter labels ("Liite") are one letter from common words
SAME_FURNITURE = 85  # "Edellinen äsia.| Seuraava" is the navigation line "Edellinen asia | Seuraava"
# compound organ names the organ list need not spell out ("Kasvatus- ja opetuslautakunta" too)
GENERIC_ORGAN = (
    r"[A-ZÅÄÖ][a-zåäö-]*(?:-[ \t]+(?:j[aä]|sekä)[ \t]+[a-zåäö-]+)?"  # OCR: "Kulttuuri- jä vapaa-..."
    r"(?:valtuusto|hallitus|lautakunta|jaosto|johtokunta|toimikunta|neuvosto)"
)


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per process
class Vocabulary:
    labels: dict[str, str]  # label text -> field (preparer, proposal, decision, ...)
    label_line: re.Pattern[str]  # a line that starts with a field label
    meeting_labels: dict[str, str]  # label text -> meeting field (time, place, present, ...)
    meeting_line: re.Pattern[str]
    months: dict[str, int]
    resolutions: list[tuple[str, re.Pattern[str]]]
    organs: list[str]
    abbreviations: dict[str, str]
    organ: re.Pattern[str]  # any organ name: listed ones first, then generic compounds
    generic_organs: dict[str, str]  # bare organ word -> "self" (the meeting's organ) or "municipal"
    furniture: re.Pattern[str]  # a line of a web page's navigation, never a title
    organ_label: re.Pattern[str]  # "Kvalt:" - a treatment's decision under its organ's abbreviation
    furniture_starts: tuple[str, ...] = ()  # the navigation lines' openings, lower case
    contents_columns: frozenset[str] = frozenset()  # the words of a contents table's header row, upper case

    def is_furniture(self, line: str) -> bool:
        """A navigation line, also as OCR damaged it ("Edellinen äsia.| Seuraava asia")."""
        if self.furniture.match(line):
            return True
        text = " ".join(line.split()).lower()
        return any(fuzz.ratio(text[: len(start)], start) >= SAME_FURNITURE for start in self.furniture_starts)

    def reference_organ(self, found: str | None, meeting_organ: str | None, municipality: str | None) -> str | None:
        """The organ a reference names; a bare "Lautakunta" is the meeting's own organ."""
        if not found:
            return None
        kind = self.generic_organs.get(found.lower())
        if kind == "self":
            return meeting_organ
        if kind == "municipal":
            prefix = "Kunnan" if municipality and municipality.lower().endswith("kunta") else "Kaupungin"
            return prefix + found.lower()
        return self.canonical_organ(found)

    def abbreviation(self, text: str, misread: bool = False) -> str | None:
        """The organ an abbreviation names, in any case ("KH", "Kh", "Kvalt."); with `misread`, also
        OCR's reading of an abbreviation of four letters or more with one letter wrong ("Khali", "Khalil")."""
        wanted = text.strip().rstrip(".").lower()
        exact = next((name for key, name in self.abbreviations.items() if key.lower() == wanted), None)
        if exact or not misread:
            return exact
        for key, name in self.abbreviations.items():
            near = len(key) >= MISREAD_MIN and abs(len(key) - len(wanted)) <= 1
            if near and fuzz.ratio(key.lower(), wanted) >= MISREAD_SIMILARITY:
                return name
        return None

    def misread_label(self, word: str) -> str | None:
        """The field of the labels (six letters or more) that `word` is one OCR error from, if only one."""
        if len(word) < MIN_MISREAD_LABEL or _key(word) in self.labels:
            return None
        near = {
            field
            for label, field in self.labels.items()
            if len(label) >= MIN_MISREAD_LABEL and Levenshtein.distance(word.lower(), label) == 1
        }
        return near.pop() if len(near) == 1 else None

    def canonical_organ(self, found: str) -> str:
        """A found organ name in the spelling of the list (case; OCR's "Kaupungdinhallitus" is the listed
        name it nearly is), or capitalised as found."""
        lowered = " ".join(found.split()).lower().replace("- jä ", "- ja ")
        for name in self.organs:
            if name.lower() == lowered:
                return name
        for name in self.organs:
            if fuzz.ratio(name.lower(), lowered) >= MISREAD_ORGAN:
                return name
        return lowered[:1].upper() + lowered[1:]


def _alternation(words: list[str]) -> str:
    # longest first so that "Päätösehdotus" is tried before "Päätös"
    return "|".join(re.escape(word).replace(r"\ ", r"\s*") for word in sorted(set(words), key=len, reverse=True))


def _label_pattern(words: list[str], flags: int = 0) -> re.Pattern[str]:
    # a label ends at a word end, or runs straight into a capitalised word ("PäätösAsia pantiin")
    # OCR may put a speck before the label ("* Päätös:", ":: Päätös", "- Päätös", '"Päätös .')
    speck = r"(?:(?:[*•·'‘’`´.,:;|—–\"“”]+|-(?=[ \t]))[ \t]*)?"
    return re.compile(
        rf"^[ \t]*{speck}(?P<label>{_alternation(words)})(?:\b|(?=[A-ZÅÄÖ]))(?P<sep>[ \t]*:?[ \t]*)(?P<tail>.*)$", flags
    )


@cache
def load(corrections: Path | None = None) -> Vocabulary:
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    organ_file = (corrections or Settings().corrections) / "organs.toml"
    organ_data = tomllib.loads(organ_file.read_text(encoding="utf-8")) if organ_file.is_file() else {}
    labels = {_key(word): field for field, words in data["labels"].items() for word in words}
    meeting_labels = {_key(word): field for field, words in data["meeting"].items() for word in words}
    organs = list(dict.fromkeys(organ_data.get("names", [])))
    organ = (
        re.compile(rf"\b(?:{_alternation(organs)}|{GENERIC_ORGAN})\b", re.IGNORECASE)
        if organs
        else re.compile(rf"\b{GENERIC_ORGAN}\b")
    )
    return Vocabulary(
        labels=labels,
        label_line=_label_pattern([w for words in data["labels"].values() for w in words]),
        meeting_labels=meeting_labels,
        # KuntaToimisto prints the meeting's labels in capitals: "KOKOUSPAIKKA  Kunnanvirasto"
        meeting_line=_label_pattern([w for words in data["meeting"].values() for w in words], re.IGNORECASE),
        months=dict(data["months"]),
        resolutions=[(item["name"], re.compile(item["pattern"], re.IGNORECASE)) for item in data["resolution"]],
        organs=organs,
        abbreviations=dict(organ_data.get("abbreviations", {})),
        organ=organ,
        generic_organs=dict(data.get("generic_organs", {})),
        furniture=re.compile(rf"^[ \t]*(?:{_alternation(data['furniture']['starts'])})", re.IGNORECASE),
        organ_label=_organ_label(list(organ_data.get("abbreviations", {}))),
        furniture_starts=tuple(start.lower() for start in data["furniture"]["starts"]),
        contents_columns=frozenset(word.upper() for word in data["contents"]["columns"]),
    )


def _organ_label(abbreviations: list[str]) -> re.Pattern[str]:
    if not abbreviations:
        return re.compile(r"(?!)")
    names = _alternation(abbreviations)
    return re.compile(rf"^[ \t]*(?P<label>(?:{names})\.?)[ \t]*:[ \t]*(?P<tail>.*)$", re.IGNORECASE)


def _key(label: str) -> str:
    return "".join(label.split()).lower()


def field_of(labels: dict[str, str], label: str) -> str | None:
    """The field a matched label opens (whitespace inside the label may differ)."""
    return labels.get(_key(label))
