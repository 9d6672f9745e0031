"""Segmentation benchmark: decision records against hand-made ground truth, on clean and OCR text.

Inputs: `bench/data/segment/*.txt` (clean text; pages separated by form feeds) and their OCR
versions in `bench/data/segment/ocr/` (made by `bench/segment_ocr.py`: rendered at 200 dpi,
degraded, read by Tesseract `-l fin`). Ground truth: `bench/data/segment/truth.json`. None of these
documents is used by the tests or was used to tune the segmenter (that is `tests/data/segment/`).

Each document goes through the pipeline's own stages (Cleaner, then segment_document). Printed per
input kind and per set of documents (`_sets` in truth.json: the original 12-section set, the enlarged
set written in session 3, the `other` set of further layouts written in session 4; and all together):
sections expected / found (right §) / correct (§ + organ + meeting date), invented sections (a § that
is not in the truth), exact titles (whitespace-normalised), decision text present where the section
has a Päätös heading, and the time taken.

    python -m bench.segment [--details]
    python -m bench.segment --data tests/data/segment --details   # the tuning documents (not a benchmark)

With `--data`, every OCR folder of the data folder is scored (`ocr/`, and `ocr_s2/`... made with other
degradation seeds by `bench.segment_ocr --seed`, `ocr_serif_s1/`, `ocr_harsh_s1/`... with another typeface
or stronger damage by `--style`); `--folders 'ocr_harsh_*'` scores only some of them.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document

DATA = Path(__file__).parent / "data" / "segment"


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def segment_file(path: Path, cleaner: Cleaner) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
    document = segment_document(cleaner.clean_document(Document(path=path, sha256="", pages=pages)))
    return [decision.to_dict() for decision in document.decisions]


KEYS = ("expected", "found", "correct", "invented", "titles", "with_decision", "decisions", "seconds", "chars")


def score_file(name: str, expected: list[dict], folder: Path, cleaner: Cleaner, details: bool) -> dict[str, float]:
    """Counts for one document; misses are printed with --details."""
    totals: dict[str, float] = dict.fromkeys(KEYS, 0)
    started = time.perf_counter()
    records = segment_file(folder / name, cleaner)
    totals["seconds"] = time.perf_counter() - started
    totals["chars"] = len((folder / name).read_text(encoding="utf-8"))
    by_number = {record["section"]: record for record in records}
    wanted = {item["section"] for item in expected}
    invented = [record["section"] for record in records if record["section"] not in wanted]
    totals["invented"] = len(invented)
    for item in expected:
        totals["expected"] += 1
        record = by_number.get(item["section"])
        if record is None:
            if details:
                print(f"  {folder.name}/{name}: § {item['section']} not found")
            continue
        totals["found"] += 1
        if record["organ"] == item["organ"] and record["meeting_date"] == item["meeting_date"]:
            totals["correct"] += 1
        elif details:
            print(
                f"  {folder.name}/{name}: § {item['section']} organ/date {record['organ']!r} {record['meeting_date']!r}"
            )
        if _norm(record["title"]) == _norm(item["title"]):
            totals["titles"] += 1
        elif details:
            print(f"  {folder.name}/{name}: § {item['section']} title {record['title']!r}")
        if item["has_decision"]:
            totals["with_decision"] += 1
            totals["decisions"] += bool(_norm(record["decision"]))
            if details and not _norm(record["decision"]):
                print(f"  {folder.name}/{name}: § {item['section']} no decision text")
    if details and invented:
        print(f"  {folder.name}/{name}: invented § {invented}")
    return totals


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    -  "


def main() -> None:
    parser = argparse.ArgumentParser(description="segmentation benchmark")
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--data", type=Path, default=DATA, help="folder with truth.json (default: %(default)s)")
    parser.add_argument(
        "--folders", default="ocr_*", help="with --data: the further OCR folders (default: %(default)s)"
    )
    parser.add_argument("--no-clean", action="store_true", help="with --data: skip the clean text and ocr/")
    args = parser.parse_args()
    data: Path = args.data
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    segment_file(DATA / "kemi_kv_2024_05.txt", cleaner)  # load spaCy and the vocabulary before timing
    documents = [name for name in truth if not name.startswith("_")]
    sets = {**truth.get("_sets", {}), "all": documents}
    print(
        f"{'input':12} {'set':9} {'expected':>8} {'found':>6} {'correct':>8} {'invented':>8} {'found %':>8}"
        f" {'correct %':>9} {'title %':>8} {'decision %':>10} {'seconds':>8} {'kchar/s':>8}"
    )
    kinds = [("clean", data), ("ocr", data / "ocr")]
    if data != DATA:
        kinds = [] if args.no_clean else kinds
        kinds += [(path.name, path) for path in sorted(data.glob(args.folders)) if path.is_dir() and path.name != "ocr"]
    for label, folder in kinds:
        per_file = {name: score_file(name, truth[name], folder, cleaner, args.details) for name in documents}
        for set_name, names in sets.items():
            t = {key: sum(per_file[name][key] for name in names) for key in KEYS}
            print(
                f"{label:12} {set_name:9} {t['expected']:8d} {t['found']:6d} {t['correct']:8d} {t['invented']:8d}"
                f" {_pct(t['found'], t['expected']):>8} {_pct(t['correct'], t['expected']):>9}"
                f" {_pct(t['titles'], t['expected']):>8} {_pct(t['decisions'], t['with_decision']):>10}"
                f" {t['seconds']:8.2f} {t['chars'] / 1000 / t['seconds']:8.0f}"
            )


if __name__ == "__main__":
    main()
