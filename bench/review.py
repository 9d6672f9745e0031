"""Review report benchmark: what `minutes review` costs beside the run that filled the database.

1. `minutes run` on the five sample files (three scans, two old OCR text files): the baseline, the
   time an archive already spends per page.
2. `minutes review` on that database as a command, then the report alone in this process, cold
   (every page image rendered from its source file) and warm (images in the output folder reused).
3. Scale: the same documents stored again under COPIES other paths whose files are gone (text
   only, as for moved sources), to show the per-page cost of the HTML alone.

Printed: pages, seconds, milliseconds per page, the report's size, and the start-up time of the
`minutes` process (imports), which the command rows include. Run from the repository root:

    python -m bench.review [--copies N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.extract import extract_document
from pipeline.review import write_report
from pipeline.segment import segment_document
from pipeline.settings import Settings
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in {".pdf", ".png", ".tif", ".txt"})


def _cli(*args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"minutes {args[0]} failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def _report(db: str, folder: Path, settings: Settings) -> float:
    """The report alone, in this process (the command adds the start-up of `minutes`)."""
    start = time.perf_counter()
    write_report(db, folder, settings)
    return time.perf_counter() - start


def _size(folder: Path) -> tuple[float, float]:
    html = sum(p.stat().st_size for p in folder.glob("*.html")) / 1e6
    images = sum(p.stat().st_size for p in (folder / "images").glob("*")) / 1e6
    return html, images


def _copies(db: str, copies: int, settings: Settings) -> int:
    """Store each processed document again under `copies` paths that do not exist."""
    store = Store(db)
    cleaner = Cleaner(settings)
    pages = 0
    for path in SAMPLES:
        if path.suffix != ".txt":  # scans: their OCR is what was timed above; text files are cheap to redo
            continue
        document = segment_document(cleaner.clean_document(extract_document(path, settings)))
        for n in range(copies):
            copy = replace(document, path=Path(f"/archive/moved/{n:04d}-{path.name}"), sha256=f"{n:064x}")
            store.save_document(copy)
            pages += len(copy.pages)
    store.close()
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of each text document (default 100)")
    args = parser.parse_args()
    settings = Settings(jobs=2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = f"sqlite:///{folder / 'minutes.db'}"
        rows = []
        startup = _cli("--help")
        run = _cli("run", "--db", db, "--jobs", "2", "--quiet", *map(str, SAMPLES))
        with Store(db).engine.connect() as connection:
            pages = connection.exec_driver_sql("select count(*) from pages").scalar_one()
        rows.append(("minutes run (baseline)", pages, run))
        rows.append(("minutes review (whole command)", pages, _cli("review", "--db", db, "-o", str(folder / "cli"))))
        cold = _report(db, folder / "report", settings)
        rows.append(("write_report, images rendered", pages, cold))
        warm = _report(db, folder / "report", settings)
        rows.append(("write_report, images reused", pages, warm))
        html, images = _size(folder / "report")
        extra = _copies(db, args.copies, settings)
        scaled = _report(db, folder / "scaled", settings)
        rows.append((f"write_report, +{extra} text-only pages", pages + extra, scaled))
        scaled_html, _ = _size(folder / "scaled")
    print(f"{'step':44} {'pages':>6} {'seconds':>8} {'ms/page':>8}")
    for name, count, seconds in rows:
        print(f"{name:44} {count:6d} {seconds:8.2f} {1000 * seconds / count:8.1f}")
    print(f"report of the samples: {html:.2f} MB HTML, {images:.2f} MB images; scaled: {scaled_html:.1f} MB HTML")
    print(f"process start-up alone (minutes --help): {startup:.2f} s, included in the two `minutes` rows")
    print(f"review cold / run: {cold / run:.2f}; warm / run: {warm / run:.2f}")


if __name__ == "__main__":
    main()
