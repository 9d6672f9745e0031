"""Accuracy and speed of the cleaning stage on held-out real Finnish text.

    python -m bench.accuracy            # from the repository root; about a minute
    python -m bench.accuracy --tuning   # the tuning half instead
    python -m bench.accuracy --tuning --details   # and every remaining miss of the tuning half, word by word
    python -m bench.accuracy --tuning --only umlauts   # only the stripped-umlaut and correct-text parts (faster)
    python -m bench.accuracy --tuning --only ocr       # only the OCR sets (with --tuning: and the dev sets)

Prints one table: each target, the raw figure (before cleaning, or a plain baseline), the cleaned
figure and the target. Data: Debian's manpages-fi and aptitude-doc-fi (apt packages), the real
minutes in /work/shared/real-minutes, and the OCR sets cached in bench/data (made by
bench/make_ocr_sets.py with real Tesseract). Only held-out halves are scored.
"""

from __future__ import annotations

import difflib
import json
import re
import resource
import sys
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bench import corpus
from pipeline.clean import Cleaner
from pipeline.clean.lexicon import strip_umlauts
from pipeline.clean.normalize import normalize_unicode
from pipeline.model import Change, Page, PageSource, Word

DATA = Path(__file__).resolve().parent / "data"
_STRIP = str.maketrans("äöåÄÖÅ", "aoaAOA")


def words(text: str) -> list[str]:
    return text.split()


def word_errors(truth: str, text: str) -> tuple[int, int]:
    """(word edit distance, words in truth). The truth is Unicode-normalised first, as the cleaner's output
    is by design (“ -> ”, NBSP -> space): that is not a repair error."""
    reference = words(normalize_unicode(truth))
    return Levenshtein.distance(reference, words(text)), len(reference)


def letters(text: str) -> str:
    """Words reduced to letters and digits, punctuation-only tokens dropped: the part word repair is for."""
    return " ".join(filter(None, (re.sub(r"[\W_]+", "", w) for w in normalize_unicode(text).split())))


def baseline_restore(cleaner: Cleaner, text: str) -> str:
    """The plain approach: each word becomes its most frequent Voikko-accepted dotted spelling."""
    lexicon = cleaner.lexicon
    out = []
    for token in text.split(" "):
        core = token.strip(".,:;!?()”’\"'")
        if not core.isalpha():
            out.append(token)
            continue
        options = [core] if lexicon.is_word(core) else []
        for form in lexicon.umlaut_forms(strip_umlauts(core.lower())):
            cased = form.upper() if core.isupper() else form[:1].upper() + form[1:] if core[:1].isupper() else form
            if lexicon.is_word(cased):
                options.append(cased)
        best = max(options, key=lexicon.zipf) if options else core
        out.append(token.replace(core, best, 1))
    return " ".join(out)


# the domain lexicon (corrections/domain_words.tsv, domain_phrases.txt) is made from Kemi's strategy: tuning data
TUNING_SOURCES = {"kemi_strategy"}


def is_heldout(record: dict) -> bool:
    return record["heldout"] and record["source"] not in TUNING_SOURCES


def ocr_set(name: str, heldout: bool = True) -> list[dict]:
    with (DATA / f"ocr_{name}.jsonl").open(encoding="utf-8") as handle:
        return [r for r in map(json.loads, handle) if is_heldout(r) == heldout]


def ocr_words(record: dict) -> list[Word]:
    """The page's OCR words with Tesseract's confidences (boxes are not cached: the cleaner does not use them)."""
    return [
        Word(text, 0, 0, 0, 0, float(conf), 0) for text, conf in zip(record["ocr"].split(), record["conf"], strict=True)
    ]


def clean_pages(cleaner: Cleaner, texts: list[str], words: list[list[Word]] | None = None) -> list[str]:
    """Clean texts as the pages of one document; running headers the cleaner moved into page metadata are
    put back where they stood (their change records say where), since the reference text has them too."""
    pages = [Page(number=i + 1, raw_text=text, source=PageSource.TEXT_FILE) for i, text in enumerate(texts)]
    for page, page_words in zip(pages, words or [], strict=False):
        page.words = page_words
    cleaner.clean_pages(pages)
    return [with_headers(page.text, page.changes) for page in pages]


def with_headers(text: str, changes: list[Change]) -> str:
    for change in sorted((c for c in changes if c.reason == "page-header"), key=lambda c: -c.offset):
        text = text[: change.offset] + change.before + text[change.offset :]
    return text


def clean_documents(cleaner: Cleaner, records: list[dict]) -> list[str]:
    """Clean OCR'd pages document by document (pages of one source together, as a run does), in record order."""
    by_source: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_source.setdefault(record["source"], []).append(index)
    cleaned = [""] * len(records)
    for indexes in by_source.values():
        texts = clean_pages(cleaner, [records[i]["ocr"] for i in indexes], [ocr_words(records[i]) for i in indexes])
        for i, text in zip(indexes, texts, strict=True):
            cleaned[i] = text
    return cleaned


def other_half(heldout: bool) -> list[str]:
    return ["\n".join(paras) for name, paras in corpus.documents().items() if corpus.is_heldout(name) != heldout]


def rate(errors: int, total: int) -> str:
    return f"{100 * errors / max(total, 1):.2f} % ({errors}/{total})"


def misses(truth: str, text: str) -> list[tuple[str, str]]:
    """(true words, cleaned words) of each place where the cleaned text differs from the truth."""
    reference, found = words(normalize_unicode(truth)), words(text)
    matcher = difflib.SequenceMatcher(None, reference, found, autojunk=False)
    return [
        (" ".join(reference[i1:i2]), " ".join(found[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def print_details(label: str, pairs: list[tuple[str, str, str]]) -> None:
    """Misses as `source: truth -> cleaned`; the tuning half only (held-out diffs must not guide rules)."""
    print(f"--- {label}: {len(pairs)} misses")
    for where, truth, cleaned in pairs:
        print(f"{where}: {truth!r} -> {cleaned!r}")


def umlaut_and_correct_rows(
    cleaner: Cleaner, docs: list[tuple[str, str]], heldout: bool, details: bool
) -> list[tuple[str, str, str, str]]:
    """Rows 1 and 2: umlauts stripped from correct prose and restored; correct text passed through, twice."""
    rows: list[tuple[str, str, str, str]] = []
    raw_err = base_err = clean_err = total = 0
    detail: list[tuple[str, str, str]] = []
    for name, text in docs:
        stripped = text.translate(_STRIP)
        e, n = word_errors(text, stripped)
        raw_err += e
        total += n
        base_err += word_errors(text, baseline_restore(cleaner, stripped))[0]
        restored = clean_pages(cleaner, [stripped])[0]
        clean_err += word_errors(text, restored)[0]
        if details:
            detail += [(name, t, c) for t, c in misses(text, restored)]
    if details:
        print_details("umlauts stripped, restored", detail)
    rows.append(
        (
            "umlauts stripped, restored: word accuracy",
            f"stripped {100 - 100 * raw_err / total:.2f} %; Voikko+frequency {100 - 100 * base_err / total:.2f} %",
            f"{100 - 100 * clean_err / total:.3f} % ({total - clean_err}/{total})",
            "≥ 99.7 %",
        )
    )

    # 2. correct text passed through: Debian prose of this half, and the real minutes' own text (their OCR'd
    # renderings are split into halves page by page, the clean text cannot be; Kemi's strategy is tuning data)
    minutes = {name: text for name, text in corpus.minutes_texts().items() if (name in TUNING_SOURCES) != heldout}
    not_idempotent = 0
    for label, texts in (("Debian prose", [text for _, text in docs]), ("real minutes", list(minutes.values()))):
        changed = n_words = 0
        passed: list[tuple[str, str, str]] = []
        for text in texts:
            once = clean_pages(cleaner, [text])[0]
            passed += [("", t, c) for t, c in misses(text, once)] if details else []
            e, n = word_errors(text, once)
            changed += e
            n_words += n
            if clean_pages(cleaner, [once])[0] != once:
                not_idempotent += 1
        if details:
            print_details(f"correct text ({label}) changed", passed)
        rows.append((f"correct text ({label}): words changed", "0", rate(changed, n_words), "≤ 0.1 %"))
    n_texts = len(docs) + len(minutes)
    rows.append(("clean(clean(x)) == clean(x)", "", f"{n_texts - not_idempotent}/{n_texts} texts", "all"))
    return rows


def main(heldout: bool = True, details: bool = False, only: str | None = None) -> None:
    started = time.perf_counter()
    cleaner = Cleaner()
    load_seconds = time.perf_counter() - started
    rows: list[tuple[str, str, str, str]] = []

    # 1. umlauts stripped from correct prose, then restored
    docs = [
        (name, "\n".join(paras)) for name, paras in corpus.documents().items() if corpus.is_heldout(name) == heldout
    ]
    if only != "ocr":
        rows += umlaut_and_correct_rows(cleaner, docs, heldout, details)

    if (
        only == "umlauts"
    ):  # --only umlauts: the stripped-umlaut and correct-text figures alone, in a fraction of the time
        print_table(heldout, rows)
        return

    # 3. and 4. OCR'd pages; with --tuning also the dev set of Debian tuning prose (bench/make_ocr_sets.py --dev)
    ocr_sets = [
        ("eng", "-l eng 300 dpi: word error", "≤ 1.5 %"),
        ("fin200", "-l fin noisy 200 dpi: word error", "−60 % vs raw"),
    ]
    if (DATA / "ocr_fin200b.jsonl").is_file():  # the same pages scanned again (make_ocr_sets --rescan), same split
        ocr_sets.append(("fin200b", "-l fin second noisy scan: word error", "−60 % vs raw"))
    if not heldout and (DATA / "ocr_fin200dev.jsonl").is_file():
        ocr_sets.append(("fin200dev", "dev set, Debian tuning prose, -l fin 200 dpi", "−60 % vs raw"))
    if not heldout and (DATA / "ocr_fin200sect.jsonl").is_file():  # make_ocr_sets --sections: § dev set
        ocr_sets.append(("fin200sect", "§ dev set, minutes-like text, -l fin 200 dpi", "−60 % vs raw"))
    if not heldout and (DATA / "ocr_fin200wide.jsonl").is_file():  # make_ocr_sets --wide: the wide dev set, in parts
        ocr_sets.append(("fin200wide", "wide dev set, all, -l fin 200 dpi", "−60 % vs raw"))
        ocr_sets.append(("fin200wide:minutes", "  wide dev: minutes' tuning pages rescanned", "−60 % vs raw"))
        ocr_sets.append(("fin200wide:prose", "  wide dev: Debian tuning rest and Kemi", "−60 % vs raw"))
    for set_name, label, target in ocr_sets:
        records = ocr_set(set_name.split(":")[0], heldout)
        if set_name.endswith(":minutes") or set_name.endswith(":prose"):
            records = [r for r in records if ("odd pages" in r["source"]) == set_name.endswith(":minutes")]
        cleaned = clean_documents(cleaner, records)
        if details and ":" not in set_name:
            pairs = [
                (f"{r['source']} p{r['page']}", t, c)
                for r, text in zip(records, cleaned, strict=True)
                for t, c in misses(r["truth"], text)
            ]
            print_details(f"{set_name} OCR pages", pairs)
        raw = [word_errors(r["truth"], r["ocr"]) for r in records]
        out = [word_errors(r["truth"], c) for r, c in zip(records, cleaned, strict=True)]
        raw_e, n = sum(e for e, _ in raw), sum(n for _, n in raw)
        out_e = sum(e for e, _ in out)
        reduction = f"; reduced {100 * (raw_e - out_e) / max(raw_e, 1):.1f} %" if set_name.startswith("fin200") else ""
        rows.append((label, rate(raw_e, n), rate(out_e, n) + reduction, target))
        letters_raw = [word_errors(letters(r["truth"]), letters(r["ocr"])) for r in records]
        letters_out = [word_errors(letters(r["truth"]), letters(c)) for r, c in zip(records, cleaned, strict=True)]
        raw_l, n_l = sum(e for e, _ in letters_raw), sum(n for _, n in letters_raw)
        out_l = sum(e for e, _ in letters_out)
        reduction = f"; reduced {100 * (raw_l - out_l) / max(raw_l, 1):.1f} %" if set_name.startswith("fin200") else ""
        rows.append(
            ("  same, words' letters only (punctuation ignored)", rate(raw_l, n_l), rate(out_l, n_l) + reduction, "")
        )
        if set_name in ("fin200", "fin200b", "fin200sect", "fin200wide:minutes"):
            signs = sum(r["truth"].count("§") for r in records)
            raw_found = sum(min(r["truth"].count("§"), r["ocr"].count("§")) for r in records)
            found = sum(min(r["truth"].count("§"), c.count("§")) for r, c in zip(records, cleaned, strict=True))
            extra = sum(max(0, c.count("§") - r["truth"].count("§")) for r, c in zip(records, cleaned, strict=True))
            rows.append(
                ("  same: § signs present", rate(raw_found, signs), f"{rate(found, signs)}; {extra} extra", "≥ 99 %")
            )

    if only == "ocr":  # --only ocr: the OCR sets alone
        print_table(heldout, rows)
        return

    # 5. speed on one core, in CPU seconds of this process (the machine is shared): a fresh Cleaner (every cache
    # empty), and one warmed up on the other half's text as a batch worker is after its first documents
    warm = Cleaner()
    warm.clean_text(
        "\f".join([r["ocr"] for name in ("eng", "fin200") for r in ocr_set(name, not heldout)] + other_half(heldout))
    )
    speed_text = "\f".join(
        [r["ocr"] for r in ocr_set("eng", heldout)]
        + [r["ocr"] for r in ocr_set("fin200", heldout)]
        + [text for _, text in docs]
    )
    n = len(speed_text.split())
    for label, timed in (("fresh process (cold caches)", Cleaner()), ("after warm-up on other text", warm)):
        t0 = time.process_time()
        timed.clean_text(speed_text)
        seconds = time.process_time() - t0
        rows.append((f"speed, one core, {label}", "", f"{n / seconds:,.0f} words/s ({n} words)", "≥ 30,000"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory of this process", f"lexicon load {load_seconds:.1f} s", f"{rss:.0f} MB", "≤ 400 MB"))
    print_table(heldout, rows)


def print_table(heldout: bool, rows: list[tuple[str, str, str, str]]) -> None:
    half = "held-out" if heldout else "TUNING"
    print(f"Cleaning benchmark ({half} half)")
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("target", "raw / baseline", "cleaned", "goal")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    if "-h" in sys.argv or "--help" in sys.argv:
        sys.exit(__doc__)
    unknown = [a for a in sys.argv[1:] if a not in ("--tuning", "--details", "--only", "umlauts", "ocr")]
    if unknown:  # never fall through to a held-out run on a mistyped option
        sys.exit(f"unknown argument {unknown[0]!r}; see --help")
    if "--details" in sys.argv and "--tuning" not in sys.argv:
        sys.exit("--details prints the tuning half only (held-out diffs must not guide rules): add --tuning")
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv[:-1] else None
    if only not in (None, "umlauts", "ocr"):
        sys.exit("--only takes one part: umlauts or ocr")
    main(heldout="--tuning" not in sys.argv, details="--details" in sys.argv, only=only)
