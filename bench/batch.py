"""Batch throughput benchmark: `minutes run` against bare Tesseract and OCRmyPDF, side by side.

Inputs are image-only PDFs (300 dpi greyscale JPEG pages, as scanners write them) made from the
real minutes in tests/data/real-minutes, cycled to the page count asked for and split into
documents of 6 pages. Every measurement runs here, one after the other, on the same files:

1. bare Tesseract: per page `pdftoppm -r 300 -gray` then `tesseract -l fin --dpi 300` with
   OMP_THREAD_LIMIT=1, JOBS pages at a time (rasterisation included, as in the pipeline);
2. `minutes run --jobs JOBS` into a fresh SQLite database (process start, planning, rendering,
   OCR, cleaning, segmenting and storing included);
3. OCRmyPDF: `ocrmypdf -l fin -j JOBS --output-type pdf --sidecar`, one file after the other;
4. `minutes run --jobs 1` (for the 1 -> JOBS scaling);
5. memory: `minutes run --jobs JOBS` on one long document (default 200 pages; each page an A4 at
   300 dpi carrying the top quarter of a real page, so the run stays short), sampling each
   worker's resident memory plus that of its Tesseract child every 0.1 s.

Targets (issue 7): pipeline <= 1.15 x bare Tesseract, <= 0.8 x OCRmyPDF, peak <= 400 MB per
worker and flat over the long document, scaling 1 -> 2 workers >= 1.8 x.

Each side's CPU seconds (its processes and their children) are printed too, with their ratios: they
hardly depend on what else the machine runs, so they show the work the pipeline adds even when the
wall times are disturbed. The targets are on wall time.

With --rounds R the four speed runs repeat R times (every other round in reverse order) and the
best time of each side counts: the machine is shared, and load from others only ever slows a run.

    python -m bench.batch [--pages 24] [--jobs 2] [--memory-pages 200] [--rounds 1] [--skip-ocrmypdf]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "data" / "real-minutes").glob("*.pdf"))
DPI = 300
PAGES_PER_DOCUMENT = 6


def source_pages() -> list[Image.Image]:
    pages = []
    for pdf in SOURCES:
        document = pdfium.PdfDocument(pdf)
        for page in document:
            pages.append(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
        document.close()
    return pages


def write_scans(folder: Path, pages: list[Image.Image], count: int, per_document: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cycled = [pages[i % len(pages)] for i in range(count)]
    files = []
    for start in range(0, count, per_document):
        chunk = cycled[start : start + per_document]
        path = folder / f"scan_{start // per_document + 1:03d}.pdf"
        chunk[0].save(path, save_all=True, append_images=chunk[1:], resolution=DPI, quality=85)
        files.append(path)
    return files


def quarter_pages(pages: list[Image.Image]) -> list[Image.Image]:
    """Full-size A4 pages holding only the top quarter of a real page: same image size, less text."""
    result = []
    for page in pages:
        blank = Image.new("L", page.size, 255)
        blank.paste(page.crop((0, 0, page.width, page.height // 4)), (0, 0))
        result.append(blank)
    return result


def children_cpu() -> float:
    """User + system seconds of all finished child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_tesseract(files: list[Path], jobs: int, work: Path) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    commands = []
    for pdf in files:
        for number in range(1, len(pdfium.PdfDocument(pdf)) + 1):
            image = work / f"{pdf.stem}-{number}"
            commands.append(
                f"pdftoppm -r {DPI} -gray -f {number} -l {number} -singlefile {pdf} {image} && "
                f"tesseract {image}.pgm {image} -l fin --dpi {DPI} >/dev/null 2>&1"
            )

    def run(command: str) -> None:
        subprocess.run(["sh", "-c", command], env=env, check=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(run, commands))
    return time.perf_counter() - started


def ocrmypdf(files: list[Path], jobs: int, work: Path) -> float:
    beside = Path(sys.executable).parent / "ocrmypdf"  # the PyPI one of the dev extra, else one on PATH
    program = str(beside) if beside.exists() else shutil.which("ocrmypdf")
    if program is None:
        raise SystemExit("ocrmypdf not found: pip install -e .[dev] (or apt-get install ocrmypdf), or --skip-ocrmypdf")
    started = time.perf_counter()
    for pdf in files:
        sidecar = str(work / f"{pdf.stem}.txt")
        command = [program, "-q", "-l", "fin", "-j", str(jobs), "--output-type", "pdf", "--sidecar", sidecar]
        subprocess.run([*command, str(pdf), str(work / pdf.name)], check=True)
    return time.perf_counter() - started


class TreeSampler(threading.Thread):
    """Peak resident memory per worker (the worker plus its children), sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, float]] = []  # (seconds since start, largest worker tree in MB)
        self.main_peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        while not self.stop.is_set():
            try:
                self.main_peak = max(self.main_peak, self.root.memory_info().rss / 2**20)
                largest = 0.0
                for process in self.root.children(recursive=True):
                    children = process.children()
                    if process.name() == "tesseract" or not any(c.name() == "tesseract" for c in children):
                        continue  # only workers that are running Tesseract right now
                    tree = process.memory_info().rss + sum(c.memory_info().rss for c in children)
                    largest = max(largest, tree / 2**20)
                if largest:
                    self.samples.append((time.perf_counter() - started, largest))
            except psutil.Error:
                pass  # a process ended between listing and reading
            self.stop.wait(0.1)


def minutes_run(folder: Path, jobs: int, work: Path, sample: bool = False) -> tuple[float, dict, TreeSampler | None]:
    db = work / f"minutes-{jobs}-{time.monotonic_ns()}.db"
    report = work / f"{db.stem}.json"
    command = [sys.executable, "-m", "pipeline", "run", str(folder), "--db", f"sqlite:///{db}"]
    command += ["--jobs", str(jobs), "--quiet", "--report", str(report)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    sampler = TreeSampler(process.pid) if sample else None
    if sampler:
        sampler.start()
    if process.wait() != 0:
        raise SystemExit(f"minutes run failed with exit code {process.returncode}")
    seconds = time.perf_counter() - started
    if sampler:
        sampler.stop.set()
        sampler.join()
    return seconds, json.loads(report.read_text(encoding="utf-8")), sampler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=24, help="scanned pages in the speed runs (default: 24)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel processes on every side (default: 2)")
    parser.add_argument("--memory-pages", type=int, default=200, help="pages of the long document; 0 skips it")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the speed runs, best time counts (default: 1)")
    parser.add_argument("--skip-ocrmypdf", action="store_true")
    args = parser.parse_args()
    if args.rounds < 1 or args.pages < 1 or args.jobs < 1:
        parser.error("--rounds, --pages and --jobs must be at least 1")

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        pages = source_pages()
        files = write_scans(work / "scans", pages, args.pages, PAGES_PER_DOCUMENT)
        print(f"{args.pages} scanned pages ({DPI} dpi) in {len(files)} PDFs; {args.jobs} parallel processes\n")

        reports: dict[int, dict] = {}

        worker_cpu: list[float] = []  # local pool workers are reaped by the forkserver: not in our children's CPU

        def run_minutes(jobs: int) -> float:
            seconds, reports[jobs], _ = minutes_run(work / "scans", jobs, work)
            if jobs > 1:
                worker_cpu.append(sum(w["cpu_seconds"] for w in reports[jobs]["workers"].values()))
            return seconds

        bare, parallel, single = (
            f"bare tesseract -l fin, {args.jobs} at a time (pdftoppm + tesseract)",
            f"minutes run --jobs {args.jobs}",
            "minutes run --jobs 1",
        )
        ocr_my_pdf = f"ocrmypdf -l fin -j {args.jobs} --output-type pdf --sidecar"
        sides = {
            bare: lambda: bare_tesseract(files, args.jobs, work),
            parallel: lambda: run_minutes(args.jobs),
            ocr_my_pdf: lambda: ocrmypdf(files, args.jobs, work),
            single: lambda: run_minutes(1),
        }
        if args.skip_ocrmypdf:
            del sides[ocr_my_pdf]
        times: dict[str, list[float]] = {name: [] for name in sides}
        shares: dict[str, list[float]] = {name: [] for name in sides}
        cpu_seconds: dict[str, list[float]] = {name: [] for name in sides}
        for round_number in range(args.rounds):
            # every other round in reverse order, so that a drifting machine load favours no side
            order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
            for name in order:
                cpu = children_cpu()
                worker_cpu.clear()
                times[name].append(sides[name]())
                cpu -= sum(worker_cpu)
                jobs = 1 if name == single else args.jobs
                cpu_seconds[name].append(children_cpu() - cpu)
                # CPU time the run got, as a share of `jobs` cores for its wall time: below 1, others took cores
                shares[name].append(cpu_seconds[name][-1] / (times[name][-1] * jobs))
        best = {name: min(seconds) for name, seconds in times.items()}
        tesseract_s, minutes_s, single_s = best[bare], best[parallel], best[single]
        ocrmypdf_s = best.get(ocr_my_pdf)
        report = reports[args.jobs]

        least_cpu = {name: min(seconds) for name, seconds in cpu_seconds.items()}
        print(f"{'run':60} {'best s':>8} {'pages/s':>8} {'CPU s':>7}  all rounds: seconds (CPU share of its cores)")
        for name, seconds in times.items():
            rounds = " ".join(f"{x:.1f} ({share:.0%})" for x, share in zip(seconds, shares[name], strict=True))
            print(f"{name:60} {best[name]:8.1f} {args.pages / best[name]:8.2f} {least_cpu[name]:7.1f}  {rounds}")
        stages = ", ".join(f"{k} {v:.1f}" for k, v in report["stage_seconds"].items())
        print(f"\nminutes run --jobs {args.jobs} (last round), stage seconds (extract summed over workers): {stages}")
        print(f"decisions stored: {report['decisions']}; failures: {len(report['failures'])}")
        print("\nratios of the best times (target):")
        print(f"  minutes / bare tesseract   {minutes_s / tesseract_s:5.2f} x  (<= 1.15)")
        if ocrmypdf_s:
            print(f"  minutes / OCRmyPDF         {minutes_s / ocrmypdf_s:5.2f} x  (<= 0.80)")
        print(f"  scaling 1 -> {args.jobs} workers     {single_s / minutes_s:5.2f} x  (>= 1.80 for 2)")
        # CPU seconds hardly depend on what else the machine runs: the work each side adds, load or not
        print("CPU seconds, least of the rounds (not a target; robust to load from others):")
        print(f"  minutes / bare tesseract   {least_cpu[parallel] / least_cpu[bare]:5.2f} x")
        if ocrmypdf_s:
            print(f"  minutes / OCRmyPDF         {least_cpu[parallel] / least_cpu[ocr_my_pdf]:5.2f} x")

        if args.memory_pages:
            long_folder = work / "long"
            write_scans(long_folder, quarter_pages(pages), args.memory_pages, args.memory_pages)
            seconds, long_report, sampler = minutes_run(long_folder, args.jobs, work, sample=True)
            assert sampler is not None
            samples = sampler.samples
            tenth = max(1, len(samples) // 10)
            first = max(mb for _, mb in samples[:tenth])
            last = max(mb for _, mb in samples[-tenth:])
            peak = max(mb for _, mb in samples)
            upper = max(w["peak_rss_mb"] for w in long_report["workers"].values())
            print(f"\nmemory, one {args.memory_pages}-page document, --jobs {args.jobs} ({seconds:.0f} s):")
            print(f"  peak per worker (worker + its tesseract, sampled): {peak:6.0f} MB  (<= 400)")
            print(f"  first tenth of the run {first:6.0f} MB, last tenth {last:6.0f} MB  (flat)")
            print(f"  getrusage upper bound (worker peak + largest child peak): {upper:6.0f} MB")
            print(f"  main process peak: {sampler.main_peak:6.0f} MB")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
