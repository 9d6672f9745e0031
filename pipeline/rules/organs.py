"""organs.toml: the organ names and abbreviations the segmenter reads (pipeline/segment/vocabulary.py).
Validated here with the other rule files, so that a broken file stops a run with file:line, not a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.rules.reader import Reader, bad_characters

ORGANS = "organs.toml"


def organs(reader: Reader, path: Path) -> None:
    loaded = reader.toml(path)
    if loaded is None:
        return
    text, data = loaded
    lines = text.splitlines()

    def line_of(value: str, occurrence: int = 1) -> int:
        seen = 0
        for number, line in enumerate(lines, start=1):
            if re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", line):
                seen += 1
                if seen == occurrence:
                    return number
        return 0

    for key in sorted(set(data) - {"names", "abbreviations"}):
        reader.problem(path, line_of(key), f"unknown key {key!r} (keys: names, abbreviations)")
    names = data.get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        reader.problem(path, line_of("names"), "names is a list of organ names in quotes")
        names = []
    seen: dict[str, int] = {}
    for name in names:
        key = " ".join(name.split()).lower()
        seen[key] = seen.get(key, 0) + 1
        reason = bad_characters(name)
        if reason:
            reader.problem(path, line_of(name), reason)
        elif seen[key] == 2:
            reader.problem(path, line_of(name, 2), f"{name!r} is listed twice")
    abbreviations = data.get("abbreviations", {})
    if not isinstance(abbreviations, dict):
        reader.problem(path, line_of("abbreviations"), 'abbreviations is a table: Kh = "Kaupunginhallitus"')
        return
    for short, full in abbreviations.items():
        if not isinstance(full, str) or not full.strip():
            reader.problem(path, line_of(short), f"abbreviation {short!r} needs the organ's name in quotes")
        elif any(c.isspace() for c in short):
            reader.problem(path, line_of(short), f"abbreviation {short!r} contains a space")
