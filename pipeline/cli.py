"""Command line: parse options, call one function of a stage or the batch runner, print.

The cleaner, the segmenter and the rule tools are imported inside the commands that use them: they
load spaCy and wordfreq (seconds), which `minutes run` builds while its workers start OCR instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.batch import BatchRunner, RunSummary, Status, display_for, write_report
from pipeline.errors import EnvironmentProblem, ExitCode, InputError
from pipeline.extract import extract_document
from pipeline.extract.ocr import check_languages
from pipeline.model import Document, Page, PageSource
from pipeline.rules import RulesError, load_rules
from pipeline.settings import Settings
from pipeline.store import Store


def _jobs(value: str) -> int:
    jobs = int(value)
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def _timestamp(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected an ISO timestamp, e.g. 2024-05-01T12:00:00+03:00") from None
    return moment.astimezone()  # no offset given: local time


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date yyyy-mm-dd") from None


def _limit(value: str) -> int:
    limit = int(value)
    if limit < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return limit


def _seconds(value: str) -> float:
    seconds = float(value)
    if not seconds > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutes", description="Extract, clean and segment scanned Finnish council minutes."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    defaults = Settings()

    run = commands.add_parser("run", help="process files and folders into the database")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    run.add_argument("--db", default=defaults.db_url, help="database URL (default: %(default)s)")
    run.add_argument("--jobs", type=_jobs, default=defaults.jobs, help="parallel OCR processes (default: all cores)")
    run.add_argument("--force", action="store_true", help="process files even if already stored")
    run.add_argument("--quiet", action="store_true", help="print only failures and the totals")
    run.add_argument("--report", type=Path, metavar="FILE", help="write a JSON summary of the run to this file")
    run.add_argument(
        "--cluster",
        metavar="tcp://HOST:PORT",
        help="run page tasks on this Dask scheduler; its workers need minutes and Tesseract installed "
        "and the input files under the same paths",
    )
    run.add_argument(
        "--page-timeout",
        type=_seconds,
        default=defaults.page_timeout,
        metavar="SECONDS",
        help="give up on a page (and its file) when Tesseract takes longer (default: %(default)s)",
    )

    extract = commands.add_parser("extract", help="print a file's raw text, pages separated by form feeds")
    extract.add_argument("file", type=Path)

    clean = commands.add_parser("clean", help="print cleaned text of a .txt or document file, or - for stdin")
    clean.add_argument("file")
    clean.add_argument("--changes", type=Path, help="write every change as JSON Lines to this file")

    segment = commands.add_parser("segment", help="print decision records as JSON Lines")
    segment.add_argument("file")

    export = commands.add_parser("export", help="print every stored decision")
    export.add_argument("--db", default=defaults.db_url, help="database URL (default: %(default)s)")
    export.add_argument(
        "--format",
        choices=["jsonl", "open-decision", "table"],
        default="jsonl",
        help="jsonl: one decision record a line; open-decision: JSON shaped after the 6Aika Open Decision API; "
        "table: one line a decision, to read",
    )
    export.add_argument(
        "--since",
        type=_timestamp,
        metavar="TIMESTAMP",
        help="only decisions stored or replaced at or after this ISO time (local time without an offset)",
    )

    search = commands.add_parser("search", help="full-text search over stored decisions, any inflected form")
    search.add_argument("query", metavar="QUERY", help="words that must all occur, in any inflected form")
    search.add_argument("--organ", help="only this organ (part of its name, any case)")
    search.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="meetings on or after yyyy-mm-dd")
    search.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="meetings on or before yyyy-mm-dd")
    search.add_argument("--limit", type=_limit, default=20, help="at most this many results (default: %(default)s)")
    search.add_argument("--jsonl", action="store_true", help="print whole records as JSON Lines")
    search.add_argument("--db", default=defaults.db_url, help="database URL (default: %(default)s)")

    review = commands.add_parser(
        "review", help="write a static HTML report of every stored document for archivists to review"
    )
    review.add_argument("--db", default=defaults.db_url, help="database URL (default: %(default)s)")
    review.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder for the report")
    review.add_argument(
        "--sources",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="folder that `minutes run` was run in: relative source paths are read from it for the page images"
        " (default: the current folder)",
    )

    _add_rule_commands(commands)
    for command in (run, clean, segment):
        _add_corrections_option(command)
    return parser


def _add_corrections_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corrections",
        type=Path,
        metavar="DIR",
        help="correction rules directory (default: $MINUTES_CORRECTIONS or the repository's corrections/)",
    )


def _add_rule_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rules = commands.add_parser("rules", help="check, test, add and learn correction rules (corrections/README.md)")
    actions = rules.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="validate every rule file; each problem as file:line: reason")
    test = actions.add_parser("test", help="run every rule example and regression pair through the cleaner")
    add = actions.add_parser("add", help="append a word replacement to replacements.tsv")
    add.add_argument("wrong", nargs="?", metavar="WRONG", help="the word as OCR writes it")
    add.add_argument("right", nargs="?", metavar="RIGHT", help="the right word")
    add.add_argument("--example", metavar="TEXT", help="text containing WRONG, or 'before → after'; tested first")
    add.add_argument(
        "--from", dest="source", type=Path, metavar="FILE", help="add every rule of a wrong<TAB>right file, or none"
    )
    learn = actions.add_parser("learn", help="update confusion weights from an OCR page and its hand correction")
    learn.add_argument("ocr", type=Path, metavar="OCR_TEXT", help="the OCR text (.txt)")
    learn.add_argument("truth", type=Path, metavar="CORRECT_TEXT", help="the same page corrected by hand (.txt)")
    lexicon = commands.add_parser("lexicon", help="build the domain lexicon")
    lexicon_actions = lexicon.add_subparsers(dest="action", required=True)
    build = lexicon_actions.add_parser("learn", help="domain word forms with counts from clean documents")
    build.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help=".txt or any supported document, or a folder of them"
    )
    build.add_argument("-o", "--output", type=Path, metavar="FILE", help="word list (default: DIR/domain_words.tsv)")
    build.add_argument(
        "--phrases", type=Path, metavar="FILE", help="word pairs (default without -o: DIR/domain_phrases.txt)"
    )
    for parser in (check, test, add, learn, build):
        _add_corrections_option(parser)


def _settings(args: argparse.Namespace, **fields: Any) -> Settings:
    if getattr(args, "corrections", None) is not None:
        fields["corrections"] = args.corrections
    return Settings(**fields)


def _document(file: str, settings: Settings) -> Document:
    """A document from a path, or from text on stdin ("-") with pages split at form feeds."""
    if file == "-":
        text = sys.stdin.read()
        pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
        return Document(path=Path("-"), sha256="", pages=pages)
    path = Path(file)
    if not path.is_file():
        raise InputError("no such file")
    if path.suffix.lower() != ".txt":
        check_languages(settings.language)
    return extract_document(path, settings)


def _print_summary(summary: RunSummary, quiet: bool) -> None:
    for result in summary.results:
        if result.status is Status.FAILED:
            print(f"FAILED {result.path}: {result.reason}", file=sys.stderr)
        elif not quiet:
            detail = f"{result.pages} pages, {result.decisions} decisions" if result.status is Status.OK else ""
            note = f" ({result.reason})" if result.reason else ""
            print(f"{result.status.value:7} {result.path}: {detail}{note}".rstrip(": "))
    print(
        f"{summary.count(Status.OK)} files processed, {summary.count(Status.SKIPPED)} skipped, "
        f"{summary.count(Status.FAILED)} failed; {summary.pages} pages, {summary.decisions} decisions "
        f"in {summary.seconds:.1f} s"
    )


def _run(args: argparse.Namespace) -> ExitCode:
    settings = _settings(args, db_url=args.db, jobs=args.jobs, page_timeout=args.page_timeout)
    check_languages(settings.language)  # fail before any work, not on the first scanned page
    load_rules(settings.corrections)  # broken rules stop the run before the database is touched
    store = Store(settings.db_url)
    with display_for(args.quiet) as display:
        runner = BatchRunner(settings, store, force=args.force, cluster=args.cluster, display=display)
        summary = runner.run(args.paths)
    _print_summary(summary, args.quiet)
    if args.report:
        write_report(summary, args.report)
    if summary.interrupted:
        print("minutes: interrupted; stored documents are complete, a re-run continues", file=sys.stderr)
        return ExitCode.INTERRUPTED
    return ExitCode.SOME_INPUTS_FAILED if summary.count(Status.FAILED) else ExitCode.OK


def _extract(args: argparse.Namespace) -> ExitCode:
    settings = Settings()
    sys.stdout.write(_document(str(args.file), settings).text + "\n")
    return ExitCode.OK


def _clean(args: argparse.Namespace) -> ExitCode:
    from pipeline.clean import Cleaner

    settings = _settings(args)
    document = Cleaner(settings).clean_document(_document(args.file, settings))
    sys.stdout.write(document.text + "\n")
    if args.changes:
        with args.changes.open("w", encoding="utf-8") as handle:
            for page in document.pages:
                for change in page.changes:
                    handle.write(json.dumps(change.to_dict(), ensure_ascii=False) + "\n")
    return ExitCode.OK


def _segment(args: argparse.Namespace) -> ExitCode:
    from pipeline.clean import Cleaner
    from pipeline.segment import segment_document
    from pipeline.segment.vocabulary import load as load_vocabulary

    settings = _settings(args)
    cleaned = Cleaner(settings).clean_document(_document(args.file, settings))
    document = segment_document(cleaned, load_vocabulary(settings.corrections))
    for decision in document.decisions:
        sys.stdout.write(json.dumps(decision.to_dict(), ensure_ascii=False) + "\n")
    for note in document.notes:
        print(f"note: {args.file}: {note}", file=sys.stderr)
    return ExitCode.OK


def _export(args: argparse.Namespace) -> ExitCode:
    records = Store(args.db, create=False).decisions(since=args.since)
    if args.format == "open-decision":
        from pipeline.segment.opendecision import to_open_decision

        json.dump(to_open_decision(records), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return ExitCode.OK
    for record in records:
        if args.format == "table":
            where = f"{Path(record['source']['file']).name} p. {','.join(map(str, record['source']['pages']))}"
            print(
                f"§ {record['section']:<4} {record['meeting_date'] or '?':10}  {record['organ'] or '?':28} "
                f"{record['title'][:60]:60}  {where}"
            )
        else:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ExitCode.OK


def _search(args: argparse.Namespace) -> ExitCode:
    found = Store(args.db, create=False).search(
        args.query, organ=args.organ, date_from=args.date_from, date_to=args.date_to, limit=args.limit
    )
    for record in found:
        if args.jsonl:
            line = json.dumps(record, ensure_ascii=False)
        else:
            where = f"{record['source']['file']} p. {','.join(map(str, record['source']['pages']))}"
            line = f"{record['meeting_date'] or '?':10}  {record['organ'] or '?'}  § {record['section']}  "
            line += f"{record['title']}  ({where})"
        sys.stdout.write(line + "\n")
    if not found:
        print("no decisions found", file=sys.stderr)
    return ExitCode.OK


def _review(args: argparse.Namespace) -> ExitCode:
    from pipeline.review import write_report  # Jinja2 is loaded only for this command

    try:
        summary = write_report(args.db, args.output, Settings(), args.sources)
    except OSError as exc:
        print(f"minutes: cannot write the report into {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    print(
        f"{summary.documents} documents, {summary.pages} pages ({summary.pages_with_images} with a page image): "
        f"{summary.folder / 'index.html'}"
    )
    return ExitCode.OK


def _rules(args: argparse.Namespace) -> ExitCode:
    from pipeline import cli_rules

    return cli_rules.RULE_ACTIONS[args.action](args, _settings(args))


def _lexicon(args: argparse.Namespace) -> ExitCode:
    from pipeline import cli_rules

    return cli_rules.lexicon_learn(args, _settings(args))


COMMANDS = {
    "run": _run,
    "extract": _extract,
    "clean": _clean,
    "segment": _segment,
    "export": _export,
    "search": _search,
    "review": _review,
    "rules": _rules,
    "lexicon": _lexicon,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except InputError as exc:
        where = f"{args.file}: " if getattr(args, "file", None) else ""
        print(f"minutes: {where}{exc}", file=sys.stderr)
        return int(ExitCode.SOME_INPUTS_FAILED)
    except RulesError as exc:
        print(f"minutes: the correction rules cannot be used; nothing was processed:\n{exc}", file=sys.stderr)
        print("minutes: fix the files above (minutes rules check lists every problem)", file=sys.stderr)
        return int(ExitCode.USAGE)
    except EnvironmentProblem as exc:
        print(f"minutes: {exc}", file=sys.stderr)
        return int(ExitCode.ENVIRONMENT)
    except KeyboardInterrupt:
        print("minutes: interrupted; stored documents are complete, a re-run continues", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
