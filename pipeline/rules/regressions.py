"""corrections/tests/: regression pairs (OCR text and the text it must become) for `minutes rules test`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.rules.reader import Problem, Reader

TESTS = "tests"


@dataclass(frozen=True, slots=True)
class RegressionPair:
    name: str
    ocr: Path
    expected: Path


def regression_pairs(directory: Path) -> tuple[list[RegressionPair], list[Problem]]:
    """corrections/tests/NAME.ocr.txt with its NAME.expected.txt."""
    folder = directory / TESTS
    problems: list[Problem] = []
    pairs: list[RegressionPair] = []
    if not folder.is_dir():
        return pairs, problems
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".ocr.txt"):
            name = path.name.removesuffix(".ocr.txt")
            expected = folder / f"{name}.expected.txt"
            if not expected.is_file():
                problems.append(Problem(path, 0, f"no {expected.name} beside it"))
            else:
                pairs.append(RegressionPair(name, path, expected))
        elif path.name.endswith(".expected.txt"):
            if not (folder / path.name.replace(".expected.txt", ".ocr.txt")).is_file():
                problems.append(Problem(path, 0, f"no {path.name.replace('.expected.txt', '.ocr.txt')} beside it"))
        elif path.name != "README.md" and not path.name.startswith("."):
            problems.append(Problem(path, 0, "not a regression pair file (NAME.ocr.txt and NAME.expected.txt)"))
    for pair in pairs:
        for path in (pair.ocr, pair.expected):
            reader = Reader()
            reader.text(path)
            problems.extend(reader.problems)
    return pairs, problems
