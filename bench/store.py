"""Storage benchmark: store 10,000 decisions into SQLite and PostgreSQL, then time full-text searches.

Decisions: the records the segmenter makes of the minutes listed in `bench/data/store_sources.txt`
(real ones of Espoo, Turku and Tweb, and ones written for the project in Kemi's and other layouts; every
field filled as the pipeline fills it), each
copy given other section numbers, dates, diary numbers and 2-8 sentences from the same minutes, so
the index holds many different texts. 500 documents of 20 decisions, each with its pages and
cleaning changes, saved one transaction per document through `Store.save_document` in the runner's
writer processes (pipeline/batch/storing.py) – the path a `minutes run` takes, Voikko base forms included.
Rounds stored in this process, one document after the other (the runner before session 6), alternate with
them, so the writers' speed-up is measured side by side.

Baseline beside each figure, measured in the same run on the same database engine:
- store: the same rows inserted with plain executemany into tables without the search index and
  base forms (what storing costs without full-text search);
- search: a case-insensitive `LIKE '%word%'` scan over title and text (search without an index; it
  finds only the literal form, so its hit count is printed too).

PostgreSQL: the server MINUTES_BENCH_PG_URL names, else a throwaway cluster (Debian's `postgresql`)
with fsync on, as a real server runs.

    python -m bench.store [--decisions 10000] [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import itertools
import os
import random
import re
import statistics
import tempfile
import time
from concurrent import futures
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import JSON, Column, Integer, MetaData, Table, Text, create_engine, func, or_, select

from pipeline.batch.storing import WriterPool, writer_processes
from pipeline.clean import Cleaner
from pipeline.model import Change, Decision, Document, Meeting, Page, PageSource, Reference, SourceRef
from pipeline.segment import segment_document
from pipeline.settings import Settings
from pipeline.store import Store, schema
from pipeline.store.baseforms import clear_caches
from pipeline.store.database import POSTGRESQL_OPTIONS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / line
    for line in (ROOT / "bench" / "data" / "store_sources.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
PER_DOCUMENT = 20
# (query, filters): inflected forms the text may not hold literally, several words, filters
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("päätös", {}),
    ("talousarvion", {}),
    ("kaupunginhallitukselle", {}),
    ("kaavoitus", {}),
    ("valtuustoaloitteesta", {}),
    ("lausunto asemakaava", {}),
    ("koulujen", {}),
    ("hankintapäätös", {}),
    ("päätös", {"organ": "lautakunta"}),
    ("talousarvio", {"date_from": "2022-01-01", "date_to": "2022-12-31"}),
]
SYNCHRONOUS = "-c%20synchronous_commit%3Don"  # a URL option: wait for each commit's WAL flush
SENTENCE = re.compile(r"[^.!?\n]{40,400}[.!?]")


def real_records() -> tuple[list[Decision], list[str]]:
    """The segmenter's decisions of the real minutes, and their sentences."""
    cleaner = Cleaner(Settings())
    decisions: list[Decision] = []
    sentences: list[str] = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
        document = segment_document(cleaner.clean_document(Document(path=path, sha256="", pages=pages)))
        decisions.extend(document.decisions)
        sentences.extend(" ".join(s.split()) for s in SENTENCE.findall(text))
    return decisions, sentences


def make_documents(count: int, seed: int = 7) -> list[Document]:
    templates, sentences = real_records()
    rng = random.Random(seed)
    documents: list[Document] = []
    for number in range(0, count, PER_DOCUMENT):
        path = f"/archive/kemi/{2000 + number // 2000}/minutes_{number // PER_DOCUMENT:05}.pdf"
        sha256 = f"{number:064x}"
        year = 2000 + rng.randrange(25)
        date = f"{year}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}"
        meeting = Meeting("Kemi", rng.choice(["Kaupunginhallitus", "Tekninen lautakunta", "Kaupunginvaltuusto"]), date)
        meeting.start_time, meeting.place, meeting.number = "16:00", "Kaupungintalo", f"{rng.randrange(1, 20)}/{year}"
        meeting.present = [f"Jäsen {i}" for i in range(rng.randrange(5, 15))]
        decisions = []
        for section in range(number, min(number + PER_DOCUMENT, count)):
            record = copy.deepcopy(templates[section % len(templates)])
            extra = " ".join(rng.sample(sentences, rng.randrange(2, 9)))
            record.text = f"{record.text}\n{extra}"
            record.section, record.organ, record.meeting_date, record.municipality = (
                section,
                meeting.organ,
                date,
                "Kemi",
            )
            record.diary_number = f"KEMDno-{year}-{section}"
            record.source = SourceRef(path, sha256, [1 + (section - number) // 4])
            record.references = [Reference("Kaupunginhallitus", date, rng.randrange(1, 300))]
            record.meeting = meeting
            decisions.append(record)
        pages = []
        for page_number in range(1, (len(decisions) + 3) // 4 + 1):
            body = "\n\n".join(d.text for d in decisions[(page_number - 1) * 4 : page_number * 4])
            page = Page(page_number, body, PageSource.OCR, cleaned_text=body, engine="tesseract 5.3.0", language="fin")
            page.changes = [Change(page_number, i * 50, "l", "i", "ocr-confusion", 0.8) for i in range(5)]
            pages.append(page)
        documents.append(Document(Path(path), sha256, pages, decisions, meeting=meeting))
    return documents


def _stat_fields(folder: Path) -> list[str] | None:
    """The fields of a process's /proc stat file after its name (field 1 is the parent's pid, 11 and 12 its
    user and system clock ticks); None when the process is gone."""
    try:
        return (folder / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _server_processes(cluster: Any) -> list[tuple[Path, bool, list[str]]]:
    """The throwaway server's running processes: /proc folder, whether it is the postmaster, and the fields
    of its stat file after the name; [] without a throwaway server."""
    if cluster is None:
        return []
    postmaster = (cluster.data / "postmaster.pid").read_text().split()[0]
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        fields = _stat_fields(folder)
        if fields is not None and (folder.name == postmaster or fields[1] == postmaster):
            found.append((folder, folder.name == postmaster, fields))
    return found


def _server_cpu(cluster: Any) -> float:
    """CPU seconds used so far by the throwaway PostgreSQL server: its running processes, and the ones that
    ended (counted in the postmaster's children times once it has reaped them)."""
    total = 0
    for _, is_postmaster, fields in _server_processes(cluster):
        # utime, stime, and for the postmaster also cutime, cstime, in clock ticks
        total += sum(int(field) for field in fields[11 : 15 if is_postmaster else 13])
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_wait(cluster: Any, writers: list[int]) -> float:
    """Seconds this process, the writers and the server's processes were ready to run but waited for a core
    that another process held (/proc/PID/schedstat): the machine is shared, and this says how much a figure
    suffered. With writers it also counts their waits for each other and the server, on 2 cores."""
    total = 0
    folders = [Path("/proc/self"), *(Path(f"/proc/{pid}") for pid in writers)]
    for folder in [*folders, *(folder for folder, _, _ in _server_processes(cluster))]:
        try:
            total += int((folder / "schedstat").read_text().split()[1])
        except (OSError, IndexError):
            continue
    return total / 1e9


def _writers_cpu(pids: list[int]) -> float:
    """CPU seconds used so far by the store's writer processes."""
    fields = [_stat_fields(Path(f"/proc/{pid}")) for pid in pids]
    return sum(int(f) for one in fields if one for f in one[11:13]) / os.sysconf("SC_CLK_TCK")


class Round(NamedTuple):
    """One store round: wall seconds, CPU seconds of all its processes, seconds they waited for a core, and
    the CPU split: this process, the writer processes, the database server (0 for a server not ours)."""

    seconds: float
    cpu: float
    waited: float
    main_cpu: float
    writers_cpu: float
    server_cpu: float
    writer_peak_mb: float = 0.0  # the largest writer process's peak resident memory

    def split(self) -> str:
        split = f"CPU {self.main_cpu:.2f} here + {self.writers_cpu:.2f} writers + {self.server_cpu:.2f} server"
        return split + (f"; a writer's peak memory {self.writer_peak_mb:.0f} MB" if self.writer_peak_mb else "")


def _peak_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB; 0 when it is gone."""
    with contextlib.suppress(OSError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) / 1024
    return 0.0


def time_store(url: str, documents: list[Document], cluster: Any, processes: int) -> Round:
    """Wall seconds, CPU seconds of this process, the writer processes and the database server, and seconds
    they waited for a core. processes=0: Store.save_document here, one document after the other (how
    `minutes run` stored before session 6); otherwise through the runner's writer processes."""
    store = Store(url)
    writers = WriterPool(url, writer_processes(store, processes)) if processes else None
    if writers is not None:
        futures.wait(writers.start())  # started before the clock, as the Store is opened before it
    else:
        clear_caches()  # search terms start cold here too, as in fresh writer processes and a fresh `minutes run`
    pids = writers.pids if writers is not None else []
    main, writers_cpu, server = time.process_time(), _writers_cpu(pids), _server_cpu(cluster)
    started = time.perf_counter()
    waited = _cpu_wait(cluster, pids)
    if writers is None:
        written = any([store.save_document(document) for document in documents])
    else:
        outcomes = [stored for document in documents for stored in writers.submit(document)]
        outcomes.extend(writers.drain())
        if errors := [stored.error for stored in outcomes if stored.error]:
            raise RuntimeError(f"{len(errors)} documents not stored, first: {errors[0]}")
        written = any(stored.written for stored in outcomes)
    if written:
        store.refresh_statistics()  # as `minutes run` does at the end of a run that stored documents
    seconds = time.perf_counter() - started
    main, writers_cpu = time.process_time() - main, _writers_cpu(pids) - writers_cpu
    server = _server_cpu(cluster) - server
    waited = _cpu_wait(cluster, pids) - waited
    peak = max((_peak_mb(pid) for pid in pids), default=0.0)
    if writers is not None:
        writers.close()
    store.close()
    return Round(seconds, main + writers_cpu + server, waited, main, writers_cpu, server, peak)


def time_plain_inserts(url: str, documents: list[Document]) -> float:
    """Baseline: the same decision and page rows into bare tables, no base forms, no search index."""
    metadata = MetaData()
    plain = Table(
        "plain_decisions",
        metadata,
        Column("id", Integer, primary_key=True),
        *(Column(name, Text) for name in ("title", "text", "decision", "organ", "meeting_date", "path")),
        Column("record", JSON),
    )
    pages = Table("plain_pages", metadata, Column("id", Integer, primary_key=True), Column("text", Text))
    postgresql = url.startswith(("postgresql://", "postgresql+psycopg://"))
    # the same commit mode as the store's, so the ratio compares the work, not the fsync waits
    options = {"connect_args": {"options": POSTGRESQL_OPTIONS}} if postgresql else {}
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"), **options)
    metadata.create_all(engine)
    started = time.perf_counter()
    for document in documents:
        with engine.begin() as connection:
            connection.execute(pages.insert(), [{"text": page.raw_text} for page in document.pages])
            connection.execute(
                plain.insert(),
                [
                    {
                        "title": d.title,
                        "text": d.text,
                        "decision": d.decision,
                        "organ": d.organ,
                        "meeting_date": d.meeting_date,
                        "path": d.source.file,
                        "record": d.to_dict(),
                    }
                    for d in document.decisions
                ],
            )
    seconds = time.perf_counter() - started
    metadata.drop_all(engine)
    engine.dispose()
    return seconds


def time_searches(url: str, repeats: int) -> list[tuple[str, float, int, float, int]]:
    """Per query: median seconds and hits of Store.search (limit 20), and of a LIKE scan (limit 20)."""
    import datetime as dt

    store = Store(url)
    d = schema.decisions
    rows = []
    with store.engine.connect() as connection:
        for query, filters in QUERIES:
            wanted = {k: dt.date.fromisoformat(v) if k.startswith("date") else v for k, v in filters.items()}
            found: list[dict] = []
            ours = []
            for _ in range(repeats):
                started = time.perf_counter()
                found = store.search(query, **wanted)
                ours.append(time.perf_counter() - started)
            words = query.split()
            scan = select(d.c.id).where(
                *(or_(func.lower(d.c.title).contains(w), func.lower(d.c.text).contains(w)) for w in words)
            )
            if "organ" in filters:
                scan = scan.where(func.lower(d.c.organ).contains(filters["organ"]))
            if "date_from" in filters:
                scan = scan.where(d.c.meeting_date.between(filters["date_from"], filters["date_to"]))
            like = []
            hits = 0
            for _ in range(repeats):
                started = time.perf_counter()
                hits = len(connection.execute(scan.limit(20)).all())
                like.append(time.perf_counter() - started)
            label = query + "".join(f" --{k.replace('_', '-')} {v}" for k, v in filters.items())
            rows.append((label, statistics.median(ours), len(found), statistics.median(like), hits))
    store.close()
    return rows


def fresh_url(engine: str, folder: Path, number: int, cluster: Any) -> str:
    """Another empty database of the engine, for one more store round."""
    if engine == "sqlite":
        return f"sqlite:///{folder / f'round{number}.db'}"
    from tests.pgcluster import fresh_database

    return fresh_database(cluster.url)


def postgresql_url() -> tuple[str, Any]:
    given = os.environ.get("MINUTES_BENCH_PG_URL")
    if given:
        return given, None
    from tests.pgcluster import Cluster, fresh_database

    cluster = Cluster(fsync=True)
    return fresh_database(cluster.url), cluster


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=1, help="store rounds into fresh databases; the median counts")
    parser.add_argument(
        "--processes",
        type=int,
        default=Settings().store_processes,
        help="the runner's store writer processes on PostgreSQL (SQLite: always 1, as the runner)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    documents = make_documents(args.decisions)
    text_mb = sum(len(d.text) for doc in documents for d in doc.decisions) / 1e6
    print(
        f"{sum(len(doc.decisions) for doc in documents)} decisions in {len(documents)} documents "
        f"({text_mb:.1f} MB of decision text, from {len(SOURCES)} documents) made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for engine in args.engines.split(","):
        cluster = None
        with tempfile.TemporaryDirectory() as folder:
            if engine == "sqlite":
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
            else:
                url, cluster = postgresql_url()
            try:
                rounds = [time_store(url, documents, cluster, args.processes)]
                again = time_store(url, documents, cluster, args.processes).seconds  # a re-run: nothing to write
                numbers = itertools.count(1)  # fresh databases for the further rounds
                inline: list[Round] = []
                fresh = engine == "sqlite" or cluster is not None
                for extra in range(args.rounds if fresh else 1):
                    if extra:
                        fresh_one = fresh_url(engine, Path(folder), next(numbers), cluster)
                        rounds.append(time_store(fresh_one, documents, cluster, args.processes))
                    if fresh:  # alternating with the rounds above: how the store wrote before session 6
                        fresh_one = fresh_url(engine, Path(folder), next(numbers), cluster)
                        inline.append(time_store(fresh_one, documents, cluster, 0))
                durable = None
                if engine == "postgresql" and cluster is not None:  # the commit mode the store does not use
                    waiting = fresh_url(engine, Path(folder), next(numbers), cluster) + "&options=" + SYNCHRONOUS
                    durable = time_store(waiting, documents, cluster, args.processes)
                plain = time_plain_inserts(url, documents)
                searches = time_searches(url, args.repeats)
            finally:
                if cluster is not None:
                    cluster.stop()
        count = sum(len(doc.decisions) for doc in documents)
        middle = sorted(rounds)[len(rounds) // 2]
        stored, stored_cpu, stored_wait = middle[:3]
        median = " (median)" if len(rounds) > 1 else ""
        print(f"\n{engine}")
        print(
            "  store rounds (wall s / CPU s / s waiting for a core): "
            + ", ".join(f"{w:.2f} / {c:.2f} / {q:.2f}" for w, c, q, *_ in rounds)
        )
        print(
            f"  store {count} decisions:   {stored:6.2f} s{median}  ({count / stored:,.0f}/s; target <= 10 s); "
            f"{'1' if engine == 'sqlite' else args.processes} writer processes; CPU {stored_cpu:.2f} s (all processes"
            f"{' + server' if cluster else ''}); {stored_wait:.2f} s waiting for a core"
        )
        print(f"    median round's {middle.split()}")
        if inline:
            alone_round = sorted(inline)[len(inline) // 2]
            alone, alone_cpu, alone_wait = alone_round[:3]
            print(
                "  same, stored in this process (before session 6), alternating rounds: "
                + ", ".join(f"{w:.2f} / {c:.2f} / {q:.2f}" for w, c, q, *_ in inline)
            )
            print(
                f"  same, in this process:     {alone:6.2f} s{median}  (writers' speed-up {alone / stored:.2f}x); "
                f"CPU {alone_cpu:.2f} s; {alone_wait:.2f} s waiting for a core"
            )
            print(f"    median round's {alone_round.split()}")
        if durable is not None:
            print(
                f"  store, each commit waiting for its fsync: {durable[0]:6.2f} s  (synchronous_commit=on; "
                f"{durable[2]:.2f} s waiting for a core)"
            )
        print(f"  baseline plain inserts:   {plain:6.2f} s  (ratio {stored / plain:.1f}x)")
        print(f"  re-run, nothing changed:  {again:6.2f} s")
        print(f"  {'search (limit 20)':44} {'ms':>7} {'hits':>5}   {'LIKE scan ms':>12} {'hits':>5}")
        for label, ours, hits, like, like_hits in searches:
            print(f"  {label:44} {ours * 1000:7.1f} {hits:5}   {like * 1000:12.1f} {like_hits:5}")
        worst = max(row[1] for row in searches)
        print(f"  slowest search {worst * 1000:.1f} ms (target <= 50 ms)")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
