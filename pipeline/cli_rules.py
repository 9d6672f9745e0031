"""The `minutes rules ...` and `minutes lexicon learn` commands: call one maintainer's tool, print its result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import ExitCode, InputError
from pipeline.maintain import lexicon
from pipeline.maintain.add import ExampleFailed, add_replacement, import_replacements
from pipeline.maintain.learn import learn
from pipeline.maintain.testing import run_rule_tests
from pipeline.rules import DOMAIN, PHRASES, RulesError, check_rules, regression_pairs, unknown_files
from pipeline.settings import Settings


def rules_check(args: argparse.Namespace, settings: Settings) -> ExitCode:
    rules, problems = check_rules(settings.corrections)
    pairs, pair_problems = regression_pairs(settings.corrections)
    problems += pair_problems + unknown_files(settings.corrections)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {settings.corrections}", file=sys.stderr)
        return ExitCode.SOME_INPUTS_FAILED
    print(
        f"{settings.corrections}: ok - {len(rules.confusions)} confusions, {len(rules.protected)} protected words, "
        f"{len(rules.domain)} domain words, {len(rules.domain_phrases)} phrases, "
        f"{len(rules.replacements)} replacement forms, {len(rules.patterns)} pattern rules, "
        f"{len(rules.examples)} examples, {len(pairs)} regression pairs"
    )
    return ExitCode.OK


def rules_test(args: argparse.Namespace, settings: Settings) -> ExitCode:
    outcomes = run_rule_tests(settings)
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        sys.stdout.write(outcome.diff() + "\n")
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed ({len(outcomes)} examples and regression pairs)")
    return ExitCode.SOME_INPUTS_FAILED if failed else ExitCode.OK


def rules_add(args: argparse.Namespace, settings: Settings) -> ExitCode:
    one = args.wrong is not None and args.right is not None and args.source is None
    many = args.wrong is None and args.right is None and args.example is None and args.source is not None
    if not (one or many):
        print("minutes: rules add takes WRONG RIGHT [--example TEXT], or --from FILE", file=sys.stderr)
        return ExitCode.USAGE
    try:
        if args.source is not None:
            added = import_replacements(settings, args.source)
        else:
            added = add_replacement(settings, args.wrong, args.right, args.example)
    except RulesError as exc:
        print(f"minutes: not added:\n{exc}", file=sys.stderr)
        return ExitCode.SOME_INPUTS_FAILED
    except ExampleFailed as exc:
        sys.stdout.write(str(exc) + "\n")
        print("minutes: an example does not come out right with the new rules; nothing was written", file=sys.stderr)
        return ExitCode.SOME_INPUTS_FAILED
    skipped = f", {added.skipped} already there" if added.skipped else ""
    examples = f", {added.examples} example(s) passed" if added.examples else ""
    print(f"added {added.added} replacement(s) to {added.path} (up to line {added.line}){skipped}{examples}")
    return ExitCode.OK


def rules_learn(args: argparse.Namespace, settings: Settings) -> ExitCode:
    ocr, truth = (_read_text(path) for path in (args.ocr, args.truth))
    try:
        rows = learn(settings.corrections, ocr, truth)
    except RulesError as exc:
        print(f"minutes: not learned:\n{exc}", file=sys.stderr)
        return ExitCode.SOME_INPUTS_FAILED
    for row in rows:
        old = "unused" if row.old_weight is None else f"{row.old_weight:g}"
        new = "unused" if row.new_weight is None else f"{row.new_weight:g}"
        print(f"{row.wrong}\t{row.right}\t+{row.added_seen} (seen {row.seen} of {row.chances})\tweight {old} -> {new}")
    seen = sum(row.added_seen for row in rows)
    print(f"{seen} confusions observed; counts in {settings.corrections / 'learned_confusions.tsv'}")
    return ExitCode.OK


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None


def lexicon_learn(args: argparse.Namespace, settings: Settings) -> ExitCode:
    words_file = args.output or settings.corrections / DOMAIN
    phrases_file = args.phrases or (None if args.output else settings.corrections / PHRASES)
    sources = lexicon.documents(args.paths)
    learned = lexicon.build(lexicon.document_text(path, settings) for path in sources)
    dropped = lexicon.write(learned, sources, words_file, phrases_file)
    for example in dropped:
        print(f"note: example dropped, its entry is no longer learned: {example.before} → {example.after}")
    print(f"{len(learned.words)} word forms -> {words_file}")
    if phrases_file is not None:
        phrases = sum(1 for count in learned.phrases.values() if count >= lexicon.MIN_PHRASE_COUNT)
        print(f"{phrases} phrases -> {phrases_file}")
    return ExitCode.OK


RULE_ACTIONS: dict[str, Callable[[argparse.Namespace, Settings], ExitCode]] = {
    "check": rules_check,
    "test": rules_test,
    "add": rules_add,
    "learn": rules_learn,
}
