"""What correction rules cost and what learning them gains, measured side by side in one run.

    python -m bench.rules            # from the repository root; about a minute

1. `minutes rules learn` on the TUNING pages of each OCR set (bench/data, real Tesseract output),
   then word error on the HELD-OUT pages with the hand-written weights and with the learned ones.
2. Pattern rules: one compiled alternation (what the cleaner does) against one regex pass per rule,
   with the shipped rules and with 200 rules, on 1 MB of OCR text.
3. Loading and validating the repository's corrections directory, and a cached reload.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from bench.accuracy import clean_pages, letters, ocr_set, ocr_words, rate, word_errors
from pipeline.clean import Cleaner
from pipeline.clean.patterns import PatternFixer
from pipeline.maintain.learn import learn
from pipeline.rules import PatternRule, check_rules, load_rules
from pipeline.settings import REPO_CORRECTIONS, Settings


def _errors(cleaner: Cleaner, records: list[dict]) -> tuple[int, int, int, int]:
    cleaned = clean_pages(cleaner, [r["ocr"] for r in records], [ocr_words(r) for r in records])
    full = [word_errors(r["truth"], c) for r, c in zip(records, cleaned, strict=True)]
    only = [word_errors(letters(r["truth"]), letters(c)) for r, c in zip(records, cleaned, strict=True)]
    return sum(e for e, _ in full), sum(n for _, n in full), sum(e for e, _ in only), sum(n for _, n in only)


def learning_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for name in ("eng", "fin200"):
        heldout = ocr_set(name, True)
        with tempfile.TemporaryDirectory() as temporary:
            directory = Path(temporary) / "corrections"
            shutil.copytree(REPO_CORRECTIONS, directory)
            settings = Settings(corrections=directory)
            raw = [word_errors(r["truth"], r["ocr"]) for r in heldout]
            before = _errors(Cleaner(settings), heldout)
            tuning = ocr_set(name, False)
            for record in tuning:
                learn(directory, record["ocr"], record["truth"])
            after = _errors(Cleaner(settings), heldout)
            changed = len(load_rules(directory).learned)
        n = sum(n for _, n in raw)
        rows.append(
            (
                f"-l {name}: word error, learned from {len(tuning)} tuning pages ({changed} pairs)",
                f"raw {rate(sum(e for e, _ in raw), n)}; hand weights {rate(before[0], before[1])}",
                rate(after[0], after[1]),
            )
        )
        rows.append(
            ("  same, words' letters only", f"hand weights {rate(before[2], before[3])}", rate(after[2], after[3]))
        )
    return [(*row, "") for row in rows]


def _many_rules(count: int) -> list[PatternRule]:
    """`count` label-like rules built from the domain lexicon, the shipped rules first."""
    rules = list(load_rules(REPO_CORRECTIONS).patterns)
    words = sorted(load_rules(REPO_CORRECTIONS).domain)
    for word in words[: count - len(rules)]:
        damaged = re.escape(word).replace("ä", "[aä]").replace("ö", "[oö]")
        rules.append(PatternRule(f"w-{len(rules)}", rf"^{damaged}(?=:)", word, False, False, 0))
    return rules


def _timed(function, text: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        hits = function(text)
        best = min(best, time.perf_counter() - started)
    return best, hits


def pattern_rows() -> list[tuple[str, str, str, str]]:
    pages = [r["ocr"] for r in ocr_set("eng", True) + ocr_set("fin200", True)]
    text = "\n".join(pages)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    rows = []
    for count in (len(load_rules(REPO_CORRECTIONS).patterns), 200):
        rules = _many_rules(count)
        fixer = PatternFixer(rules)
        compiled = [rule.compiled() for rule in rules]
        one_pass, hits = _timed(lambda t, f=fixer: len(f.find_edits(t)), text)
        per_rule, loop_hits = _timed(lambda t, c=compiled: sum(1 for p in c for _ in p.finditer(t)), text)
        assert hits <= loop_hits  # the loop also counts overlapping hits the one pass resolves
        rows.append(
            (
                f"pattern rules on 1 MB: {count} rules ({hits} fixes)",
                f"one pass per rule {per_rule * 1000:.0f} ms",
                f"one alternation {one_pass * 1000:.0f} ms ({per_rule / one_pass:.1f}x)",
                "",
            )
        )
    return rows


def load_rows() -> list[tuple[str, str, str, str]]:
    started = time.perf_counter()
    rules, problems = check_rules(REPO_CORRECTIONS)
    checked = time.perf_counter() - started
    assert not problems, problems
    load_rules(REPO_CORRECTIONS)
    started = time.perf_counter()
    load_rules(REPO_CORRECTIONS)
    cached = time.perf_counter() - started
    size = len(rules.confusions) + len(rules.domain) + len(rules.replacements) + len(rules.patterns)
    return [
        (
            f"load and check corrections/ ({size} rules)",
            f"parse and validate {checked * 1000:.1f} ms",
            f"cached, files unchanged {cached * 1000:.2f} ms",
            "",
        )
    ]


def main() -> None:
    rows = learning_rows() + pattern_rows() + load_rows()
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    header = ("measure", "before / baseline", "after")
    print("Correction rules benchmark (word error on HELD-OUT pages; learning uses tuning pages only)")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)))


if __name__ == "__main__":
    main()
