"""Render real Finnish text to page images, OCR them with real Tesseract, cache the results as JSON Lines.

    python -m bench.make_ocr_sets          # writes bench/data/ocr_eng.jsonl and bench/data/ocr_fin200.jsonl
    python -m bench.make_ocr_sets --dev    # writes bench/data/ocr_fin200dev.jsonl: a tuning-only dev set
    python -m bench.make_ocr_sets --rescan # writes bench/data/ocr_fin200b.jsonl: the fin200 pages scanned again
    python -m bench.make_ocr_sets --sections # writes bench/data/ocr_fin200sect.jsonl: a tuning-only § dev set
    python -m bench.make_ocr_sets --wide   # writes bench/data/ocr_fin200wide.jsonl: a larger tuning-only dev set

Two sets, as in shared/NOTES.md:
- `eng`: clean 300 dpi pages read with `-l eng` (old archive OCR: every ä/ö is lost or mangled);
- `fin200`: 200 dpi pages, blurred, tilted and speckled, read with `-l fin` (adds umlauts, loses §).
Each line: {"set", "source", "page", "heldout", "truth", "ocr", "conf"} where `conf` lists the OCR
words' confidences in the order of the OCR text's whitespace-separated words. Pages alternate
between tuning and held-out; benchmarks report held-out pages.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bench import corpus
from pipeline.extract.ocr import recognise

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
# the § dev set is also set in another typeface, so that rules learned on it are not one font's shapes
SECTION_FONTS = (FONT, "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
OUT = Path(__file__).resolve().parent / "data"
# text dense in § headings and references, none of it scored: minutes-like text written for this project and
# the segmenter's tuning documents (written for this project too; bench/data/segment is the segmenter's held-out)
SECTION_SOURCES = (OUT / "sections_dev.txt", *sorted((OUT.parent.parent / "tests/data/segment").glob("*.txt")))
WORDS_PER_SET = 7000  # enough for a word error figure to 0.02 %, small enough to commit


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def pages(text: str, dpi: int, font_path: str = FONT) -> list[tuple[list[str], ImageFont.FreeTypeFont]]:
    font = ImageFont.truetype(font_path, round(11 / 72 * dpi))
    margin = dpi
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    lines = wrap(text, font, width - 2 * margin)
    per_page = int((height - 2 * margin) // (font.size * 1.5))
    return [(lines[i : i + per_page], font) for i in range(0, len(lines), per_page)]


def render(lines: list[str], font: ImageFont.FreeTypeFont, dpi: int) -> Image.Image:
    image = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, font=font, fill=0)
        y += round(font.size * 1.5)
    return image


def degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    """A poor scan: slight tilt, blur, speckle and a coarse threshold."""
    image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, resample=Image.Resampling.BILINEAR)
    image = image.filter(ImageFilter.GaussianBlur(1.25))
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 200):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 255))
    return image.point(lambda v: 0 if v < 170 else 255)


def sources(heldout_prose: bool) -> list[tuple[str, str]]:
    """(name, text): the real minutes and strategy line by line, then Debian prose paragraphs."""
    items = list(corpus.minutes_texts().items())
    items.append(("debian-prose", "\n".join(corpus.prose(heldout_prose))))
    return items


def dev_sources() -> list[tuple[str, str]]:
    """The tuning half of the Debian prose: text nobody scores, for a dev set to tune word repair on."""
    return [("debian-prose-tuning", "\n".join(corpus.prose(heldout=False)))]


def build(set_name: str, language: str, dpi: int, noisy: bool, dev: bool = False, seed: int = 7) -> list[dict]:
    """`seed` drives the degradation: another seed is another scan of the same pages (same split by page)."""
    rng = random.Random(11 if dev else seed)
    records: list[dict] = []
    words = 0
    for name, text in dev_sources() if dev else sources(heldout_prose=True):
        for number, (lines, font) in enumerate(pages(text, dpi), start=1):
            if words >= WORDS_PER_SET and name.startswith("debian-prose"):
                break
            image = render(lines, font, dpi)
            if noisy:
                image = degrade(image, rng)
            result = recognise(image, language=language, dpi=dpi, timeout=120)
            truth = "\n".join(lines)
            records.append(
                {
                    "set": set_name,
                    "source": name,
                    "page": number,
                    "heldout": False if dev else number % 2 == 0 if name != "debian-prose" else True,
                    "truth": truth,
                    "ocr": result.text,
                    "conf": [round(w.confidence) for w in result.words],
                }
            )
            words += len(truth.split())
            print(f"{set_name} {name} page {number}: {len(truth.split())} words", file=sys.stderr)
    return records


def build_sections() -> list[dict]:
    """The § dev set: every section source in each typeface, each typeface another noisy scan; tuning only."""
    records: list[dict] = []
    for seed, font_path in enumerate(SECTION_FONTS, start=21):
        rng = random.Random(seed)
        for path in SECTION_SOURCES:
            text = path.read_text("utf-8").replace("\f", "\n")
            records += _read("fin200sect", f"{path.name} [{Path(font_path).stem}]", text, font_path, rng)
    return records


# the wide dev set: other typefaces and seeds than any scored set, so that a rule must hold beyond one font's shapes
WIDE_FONTS = (
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 31),
    (FONT, 32),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 33),
)


def wide_sources() -> list[tuple[str, str]]:
    """Tuning text no OCR set reads yet: the Debian tuning half after the part `--dev` renders (it stops at
    WORDS_PER_SET words), each paragraph once (licence and --help boilerplate repeat in every manpage), and
    Kemi's strategy (the domain lexicon's source, never scored)."""
    paragraphs = corpus.prose(heldout=False)
    used = 0
    seen: set[str] = set()
    while paragraphs and used < WORDS_PER_SET + 600:  # --dev stops at a page boundary past WORDS_PER_SET
        seen.add(paragraphs[0])
        used += len(paragraphs.pop(0).split())
    rest = [p for p in paragraphs if not (p in seen or seen.add(p))]
    items = [("debian-prose-tuning-rest", "\n".join(rest))]
    items += [(n, t) for n, t in corpus.minutes_texts().items() if n == "kemi_strategy"]
    return items


# ... and the tuning (odd) pages of the real minutes, the genre the held-out pages are, scanned again: once more in
# the held-out pages' typeface with another seed, and in two other typefaces (their even pages are never used)
WIDE_MINUTES_FONTS = (
    (FONT, 44),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 41),
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 43),
)


def tuning_pages_text() -> list[tuple[str, str]]:
    """(name, text) of each real minutes document's tuning pages: the odd pages as `build` cuts them."""
    items = []
    for name, text in corpus.minutes_texts().items():
        if name == "kemi_strategy":
            continue  # in the Debian part above
        odd = [line for number, (lines, _) in enumerate(pages(text, 200), start=1) if number % 2 for line in lines]
        items.append((name, "\n".join(odd)))
    return items


def _read(set_name: str, name: str, text: str, font_path: str, rng: random.Random) -> list[dict]:
    records = []
    for number, (lines, font) in enumerate(pages(text, 200, font_path), start=1):
        result = recognise(degrade(render(lines, font, 200), rng), language="fin", dpi=200, timeout=120)
        records.append(
            {
                "set": set_name,
                "source": name,
                "page": number,
                "heldout": False,
                "truth": "\n".join(lines),
                "ocr": result.text,
                "conf": [round(w.confidence) for w in result.words],
            }
        )
        print(f"{set_name} {name} page {number}", file=sys.stderr)
    return records


def build_wide(parts: tuple[str, ...] = ("prose", "minutes")) -> list[dict]:
    """The wide dev set, tuning only: the Debian rest in three typefaces, Kemi's strategy in the two new ones, and
    the real minutes' tuning pages in three scans."""
    records: list[dict] = []
    if "prose" in parts:
        for font_path, seed in WIDE_FONTS:
            rng = random.Random(seed)
            for source, text in wide_sources():
                if source == "kemi_strategy" and font_path == FONT:
                    continue  # the fin200 set already reads it in this typeface
                records += _read("fin200wide", f"{source} [{Path(font_path).stem}]", text, font_path, rng)
    if "minutes" in parts:
        for font_path, seed in WIDE_MINUTES_FONTS:
            rng = random.Random(seed)
            for source, text in tuning_pages_text():
                records += _read(
                    "fin200wide", f"{source} odd pages [{Path(font_path).stem}#{seed}]", text, font_path, rng
                )
    return records


def write(set_name: str, records: list[dict]) -> None:
    with (OUT / f"ocr_{set_name}.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    if "--sections" in sys.argv:
        write("fin200sect", build_sections())
        return
    if "--wide" in sys.argv:
        write("fin200wide", build_wide())
        return
    sets = (("eng", "eng", 300, False), ("fin200", "fin", 200, True))
    dev = "--dev" in sys.argv
    seed = 7
    if dev:
        sets = (("fin200dev", "fin", 200, True),)
    elif "--rescan" in sys.argv:  # a second noisy scan of the fin200 pages: more § signs and words to score
        sets, seed = (("fin200b", "fin", 200, True),), 13
    for set_name, language, dpi, noisy in sets:
        write(set_name, build(set_name, language, dpi, noisy, dev, seed))


if __name__ == "__main__":
    main()
