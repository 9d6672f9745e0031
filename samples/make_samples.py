"""Render the sample minutes in samples/source/ as scanned-looking files, each with its expected text.

Run from the repository root:

    .venv/bin/python samples/make_samples.py

Everything is deterministic: the layout depends only on the source texts and the DejaVu font,
and all noise comes from numpy generators with fixed seeds, so a rerun rewrites identical files.

Source text format (samples/source/*.source, UTF-8):
  * one paragraph per line; the renderer wraps it, hyphenating a few long words at line ends;
  * an empty line is a vertical gap, a line holding only a form feed is a page break;
  * a TAB separates a label (Aika, Paikka, Esittelijä, § N in the list of contents) from its value;
  * `§ N` lines, the title line after them and the labels in BOLD_LABELS are set in bold.
The page header (municipality, minutes number, page x (n), organ, meeting date) is added here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
TEXT_DIR = HERE / "source"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSerif.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"

MUNICIPALITY = "Kemin kaupunki"
SECTION_LINE = re.compile(r"§ (\d+)")
BOLD_LABELS = frozenset({"Käsitellyt asiat", "Valmistelija / lisätiedot:", "Ehdotus", "Päätös", "Liitteet"})
PAGE_BREAK = "\f"

# Page geometry (A4) in centimetres, type in points.
PAGE_CM = (21.0, 29.7)
MARGIN_LEFT_CM = 2.5
MARGIN_RIGHT_CM = 2.0
MARGIN_TOP_CM = 1.5
MARGIN_BOTTOM_CM = 2.0
VALUE_COLUMN_CM = 3.0  # where the value of a "label<TAB>value" line starts
HEADER_COLUMN_CM = 9.5  # where "Pöytäkirja N/YYYY" and the meeting date start
FONT_PT = 11.0
LINE_SPACING = 1.4  # line height / font size
GAP_LINES = 0.6  # height of an empty source line, in line heights

# A long word is hyphenated at a line end only when leaving it whole would leave more than this
# share of the line empty, so only a few words get a line-end hyphen (as in real typeset minutes).
HYPHENATE_SLACK = 0.12
TEXT_FILE_WIDTH = 78  # characters per line in the old OCR .txt sample

VOWELS = frozenset("aeiouyäöå")
# Compound words whose second part starts with a vowel: the consonant-vowel rule would break
# them inside the first part's last syllable ("peru-sopetus"), so their breaks are given here.
HYPHENATION_EXCEPTIONS = {
    "perusopetusasetuksen": "pe-rus-ope-tus-ase-tuk-sen",
    "perusopetuksen": "pe-rus-ope-tuk-sen",
    "peruskorjausohjelmaan": "pe-rus-kor-jaus-oh-jel-maan",
    "kaupunginarkisto": "kau-pun-gin-ar-kis-to",
}

Kind = Literal["pdf", "png", "tif", "txt"]


class SampleError(Exception):
    """A source text that cannot be laid out as asked (e.g. a page that overflows)."""


# --------------------------------------------------------------------------------------------
# Samples


@dataclass(frozen=True, slots=True)
class Meeting:
    organ: str
    date: dt.date
    minutes_number: str  # "10/2024"
    source: str  # file name in samples/source/


@dataclass(frozen=True, slots=True)
class Degradation:
    """How a clean rendering is turned into a scan. Grey levels are 0 (black) to 255 (white)."""

    rotation: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian blur radius in pixels
    paper: float = 250.0  # mean paper grey
    paper_variation: float = 3.0  # amplitude of slow shading across the page
    ink: float = 25.0  # grey of solid ink
    noise: float = 0.0  # sigma of per-pixel Gaussian noise
    speckle: float = 0.0  # share of pixels turned to salt or pepper
    dust: int = 0  # number of small dark specks
    threshold: int | None = None  # make the page bilevel at this grey level


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    kind: Kind
    meeting: Meeting
    seed: int
    dpi: int = 300
    degradation: Degradation = Degradation()
    ocr_damage: float = 0.0  # txt only: share of words with ä/ö that lose their dots
    hyphenate_slack: float = HYPHENATE_SLACK


SAMPLES: tuple[Sample, ...] = (
    Sample(
        name="kh_2024-12-04.pdf",
        kind="pdf",
        meeting=Meeting("Kaupunginhallitus", dt.date(2024, 12, 4), "10/2024", "kh_2024-12-04.source"),
        seed=136,
        dpi=300,
        degradation=Degradation(rotation=-0.15, blur=0.6, paper=247, paper_variation=4, ink=30, noise=2),
    ),
    Sample(
        name="tekninen_2024-11-12.png",
        kind="png",
        meeting=Meeting("Tekninen lautakunta", dt.date(2024, 11, 12), "11/2024", "tekninen_2024-11-12.source"),
        seed=45,
        dpi=200,
        degradation=Degradation(rotation=0.8, blur=0.9, paper=238, paper_variation=8, ink=40, speckle=0.002, dust=60),
        hyphenate_slack=0.06,
    ),
    Sample(
        name="valtuusto_2024-06-17.tif",
        kind="tif",
        meeting=Meeting("Kaupunginvaltuusto", dt.date(2024, 6, 17), "4/2024", "valtuusto_2024-06-17.source"),
        seed=50,
        dpi=300,
        degradation=Degradation(
            rotation=0.3, blur=0.8, paper=245, ink=20, noise=14, speckle=0.0004, dust=25, threshold=150
        ),
    ),
    Sample(
        name="sivistys_2019-03-20.txt",
        kind="txt",
        meeting=Meeting("Sivistyslautakunta", dt.date(2019, 3, 20), "3/2019", "sivistys_2019-03-20.source"),
        seed=12,
        ocr_damage=0.5,
        hyphenate_slack=0.08,
    ),
)


# --------------------------------------------------------------------------------------------
# Source text


@dataclass(frozen=True, slots=True)
class Block:
    """One source line: a paragraph, a label/value pair, or (text == "") a vertical gap."""

    text: str
    label: str | None = None
    bold: bool = False

    @property
    def is_gap(self) -> bool:
        return not self.text and self.label is None


def parse_source(text: str) -> list[list[Block]]:
    """Split a source text into pages of blocks (see the module docstring for the format)."""
    pages: list[list[Block]] = [[]]
    after_section = False
    for raw in text.split("\n"):  # not splitlines(): it would split at the form feed too
        line = raw.rstrip(" \t\r")
        if line == PAGE_BREAK:
            pages.append([])
            after_section = False
            continue
        if "\t" in line:
            label, value = line.split("\t", 1)
            pages[-1].append(Block(value.strip(), label=label.strip()))
            after_section = False
            continue
        line = " ".join(line.split())
        bold = after_section or line in BOLD_LABELS or SECTION_LINE.fullmatch(line) is not None
        pages[-1].append(Block(line, bold=bold))
        after_section = SECTION_LINE.fullmatch(line) is not None
    for page in pages:
        while page and page[-1].is_gap:
            page.pop()
    return pages


def decisions_of(pages: Sequence[Sequence[Block]], meeting: Meeting) -> list[dict[str, object]]:
    """The § sections of a source text: a `§ N` line followed by its title line."""
    blocks = [block for page in pages for block in page]
    decisions: list[dict[str, object]] = []
    for index, block in enumerate(blocks):
        match = SECTION_LINE.fullmatch(block.text) if block.label is None else None
        if match is None:
            continue
        title = blocks[index + 1].text if index + 1 < len(blocks) else ""
        decisions.append(
            {
                "section": int(match.group(1)),
                "organ": meeting.organ,
                "meeting_date": meeting.date.isoformat(),
                "title": title,
            }
        )
    return decisions


# --------------------------------------------------------------------------------------------
# Wrapping and Finnish hyphenation


@dataclass(frozen=True, slots=True)
class Word:
    shown: str  # as printed (for the old OCR file: with its OCR damage)
    clean: str  # as it should read

    def __post_init__(self) -> None:
        if len(self.shown) != len(self.clean):
            raise ValueError(f"shown and clean forms differ in length: {self.shown!r} {self.clean!r}")


def hyphenation_points(word: str) -> list[int]:
    """Offsets where `word` may be broken with a hyphen (Finnish syllable rule), best last.

    Only plain words of letters (optionally followed by punctuation) are broken, and never so
    that fewer than three letters stand on either side of the break.
    """
    match = re.fullmatch(r"([^\W\d_]+)([.,:;]?)", word)
    if match is None:
        return []
    core = match.group(1)
    lower = core.lower()
    if lower in HYPHENATION_EXCEPTIONS:
        points, offset = [], 0
        for part in HYPHENATION_EXCEPTIONS[lower].split("-")[:-1]:
            offset += len(part)
            points.append(offset)
    else:
        # A syllable starts at a consonant that is followed by a vowel.
        points = [
            k
            for k in range(1, len(lower) - 1)
            if lower[k] not in VOWELS and lower[k + 1] in VOWELS and any(ch in VOWELS for ch in lower[:k])
        ]
    return [k for k in points if k >= 3 and len(core) - k >= 3]


def wrap(
    words: Sequence[Word],
    measure: Callable[[str], float],
    width: float,
    slack: float = HYPHENATE_SLACK,
    hyphenated: list[str] | None = None,
) -> list[tuple[str, str]]:
    """Greedy line breaking; returns (shown line, clean line) pairs.

    When a long word would leave too much of a line empty it is broken at a syllable boundary:
    the shown line ends in "head-", and the clean line holds the whole word, so the clean text
    keeps one image line per line but has no line-end hyphens.
    """
    lines: list[tuple[str, str]] = []
    shown: list[str] = []
    clean: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if not shown or measure(" ".join([*shown, word.shown])) <= width:
            shown.append(word.shown)
            clean.append(word.clean)
            index += 1
            continue
        current = " ".join(shown)
        is_last = index == len(words) - 1
        if not is_last and width - measure(current) > slack * width:
            fitting = [k for k in hyphenation_points(word.clean) if measure(f"{current} {word.shown[:k]}-") <= width]
            if fitting:
                k = fitting[-1]
                lines.append((f"{current} {word.shown[:k]}-", " ".join([*clean, word.clean])))
                if hyphenated is not None:
                    hyphenated.append(f"{word.clean[:k]}-{word.clean[k:]}")
                shown, clean = [word.shown[k:]], []
                index += 1
                continue
        lines.append((current, " ".join(clean)))
        shown, clean = [], []
    if shown:
        if not clean:
            raise SampleError(f"a line holds only the end of a hyphenated word: {shown!r}")
        lines.append((" ".join(shown), " ".join(clean)))
    return lines


def words_of(text: str, damage: Callable[[str], str] | None = None) -> list[Word]:
    return [Word(damage(w) if damage else w, w) for w in text.split()]


# --------------------------------------------------------------------------------------------
# Image layout and rendering


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    x: int  # pixels from the left edge; the right end of the text when align_right
    bold: bool = False
    align_right: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    expected: str
    spans: tuple[Span, ...] = ()  # no spans: a vertical gap
    height: float = 1.0  # in line heights


class Typesetter:
    """Page geometry and fonts at one resolution."""

    def __init__(self, dpi: int, slack: float = HYPHENATE_SLACK) -> None:
        self.dpi = dpi
        self.slack = slack
        self.width = self.px(PAGE_CM[0])
        self.height = self.px(PAGE_CM[1])
        self.left = self.px(MARGIN_LEFT_CM)
        self.right = self.width - self.px(MARGIN_RIGHT_CM)
        self.value_x = self.left + self.px(VALUE_COLUMN_CM)
        self.header_x = self.left + self.px(HEADER_COLUMN_CM)
        size = round(FONT_PT * dpi / 72)
        self.regular = ImageFont.truetype(str(FONT_REGULAR), size)
        self.bold = ImageFont.truetype(str(FONT_BOLD), size)
        self.line_height = round(size * LINE_SPACING)

    def px(self, cm: float) -> int:
        return round(cm / 2.54 * self.dpi)

    def font(self, bold: bool) -> ImageFont.FreeTypeFont:
        return self.bold if bold else self.regular

    def header(self, meeting: Meeting, page: int, pages: int) -> list[Line]:
        first, second = header_lines(meeting, page, pages)
        return [
            Line(
                first,
                (
                    Span(MUNICIPALITY, self.left),
                    Span(f"Pöytäkirja {meeting.minutes_number}", self.header_x),
                    Span(f"{page} ({pages})", self.right, align_right=True),
                ),
            ),
            Line(second, (Span(meeting.organ, self.left), Span(meeting_date(meeting), self.header_x))),
            Line("", height=1.0),
        ]

    def block(self, block: Block, hyphenated: list[str]) -> list[Line]:
        if block.is_gap:
            return [Line("", height=GAP_LINES)]
        font = self.font(block.bold)
        x = self.left if block.label is None else self.value_x
        wrapped = wrap(words_of(block.text), font.getlength, self.right - x, self.slack, hyphenated)
        lines: list[Line] = []
        for number, (shown, clean) in enumerate(wrapped):
            spans = [Span(shown, x, bold=block.bold)]
            if block.label is not None and number == 0:
                spans.insert(0, Span(block.label, self.left))
                clean = f"{block.label} {clean}"
            lines.append(Line(clean, tuple(spans)))
        return lines

    def page(
        self, meeting: Meeting, blocks: Sequence[Block], page: int, pages: int, hyphenated: list[str]
    ) -> list[Line]:
        lines = self.header(meeting, page, pages)
        for block in blocks:
            lines.extend(self.block(block, hyphenated))
        used = self.px(MARGIN_TOP_CM) + sum(line.height for line in lines) * self.line_height
        room = self.height - self.px(MARGIN_BOTTOM_CM)
        if used > room:
            raise SampleError(
                f"{meeting.source}: page {page} overflows by {(used - room) / self.line_height:.1f} lines"
            )
        return lines

    def render(self, lines: Sequence[Line]) -> Image.Image:
        """Black text on white; 255 is paper."""
        image = Image.new("L", (self.width, self.height), 255)
        draw = ImageDraw.Draw(image)
        y = float(self.px(MARGIN_TOP_CM))
        for line in lines:
            baseline = round(y + self.regular.size)
            for span in line.spans:
                anchor = "rs" if span.align_right else "ls"
                draw.text((span.x, baseline), span.text, font=self.font(span.bold), fill=0, anchor=anchor)
            y += line.height * self.line_height
        return image


def meeting_date(meeting: Meeting) -> str:
    return meeting.date.strftime("%d.%m.%Y")


def header_lines(meeting: Meeting, page: int, pages: int) -> tuple[str, str]:
    """The two page-header lines as they read in the expected text (columns one space apart)."""
    return (
        f"{MUNICIPALITY} Pöytäkirja {meeting.minutes_number} {page} ({pages})",
        f"{meeting.organ} {meeting_date(meeting)}",
    )


def degrade(image: Image.Image, how: Degradation, rng: np.random.Generator) -> Image.Image:
    """Make a clean rendering look scanned: skew, dust, blur, shaded paper, faded ink, noise."""
    if how.rotation:
        image = image.rotate(how.rotation, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if how.dust:
        draw = ImageDraw.Draw(image)
        for _ in range(how.dust):
            x = int(rng.integers(0, image.width))
            y = int(rng.integers(0, image.height))
            r = float(rng.uniform(0.6, 2.2)) * image.width / 1654
            draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(0, 120)))
    if how.blur:
        image = image.filter(ImageFilter.GaussianBlur(how.blur))

    ink = 1.0 - np.asarray(image, dtype=np.float32) / 255.0  # 1 where fully inked
    height, width = ink.shape
    shading = rng.normal(size=(6, 4)).astype(np.float32)
    field = np.asarray(
        Image.fromarray(shading).resize((width, height), Image.Resampling.BICUBIC),
        dtype=np.float32,
    )
    paper = how.paper + how.paper_variation * field
    ink_grey = how.ink + 15.0 * rng.random(size=ink.shape, dtype=np.float32)
    page = paper * (1.0 - ink) + ink_grey * ink
    if how.noise:
        page += rng.normal(0.0, how.noise, size=page.shape).astype(np.float32)
    if how.speckle:
        specks = rng.random(size=page.shape, dtype=np.float32)
        page[specks < how.speckle / 2] = how.ink
        page[(specks >= how.speckle / 2) & (specks < how.speckle)] = 255.0
    grey = np.clip(np.rint(page), 0, 255).astype(np.uint8)
    if how.threshold is not None:
        bilevel = np.where(grey > how.threshold, 255, 0).astype(np.uint8)
        return Image.fromarray(bilevel).convert("1", dither=Image.Dither.NONE)
    return Image.fromarray(grey)


def make_image_sample(sample: Sample, pages: Sequence[Sequence[Block]], out: Path) -> tuple[str, list[str]]:
    setter = Typesetter(sample.dpi, sample.hyphenate_slack)
    hyphenated: list[str] = []
    images: list[Image.Image] = []
    texts: list[str] = []
    for number, blocks in enumerate(pages, start=1):
        lines = setter.page(sample.meeting, blocks, number, len(pages), hyphenated)
        texts.append("".join(f"{line.expected}\n" for line in lines))
        rng = np.random.default_rng([sample.seed, number])
        images.append(degrade(setter.render(lines), sample.degradation, rng))

    path = out / sample.name
    dpi = (sample.dpi, sample.dpi)
    first, rest = images[0], images[1:]
    if sample.kind == "pdf":
        stamp = dt.datetime.combine(sample.meeting.date, dt.time(18, 0)).timetuple()
        first.save(
            path,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=float(sample.dpi),
            quality=75,
            title=f"{MUNICIPALITY} {sample.meeting.organ} pöytäkirja {sample.meeting.minutes_number}",
            creationDate=stamp,
            modDate=stamp,
        )
    elif sample.kind == "png":
        if rest:
            raise SampleError(f"{sample.name}: a PNG holds one page, the source has {len(images)}")
        first.save(path, "PNG", dpi=dpi, optimize=True)
    elif sample.kind == "tif":
        compression = "group4" if first.mode == "1" else "tiff_lzw"
        first.save(path, "TIFF", save_all=True, append_images=rest, compression=compression, dpi=dpi)
    else:
        raise SampleError(f"{sample.name}: not an image kind: {sample.kind}")
    return PAGE_BREAK.join(texts), hyphenated


# --------------------------------------------------------------------------------------------
# The old OCR text file


DOTLESS = str.maketrans("äöÄÖ", "aoAO")


def make_text_sample(sample: Sample, pages: Sequence[Sequence[Block]], out: Path) -> tuple[str, list[str]]:
    """Write the text an old OCR run (English model) left behind: cp1252, ä/ö often dotless."""
    rng = np.random.default_rng(sample.seed)

    def damage(word: str) -> str:
        if word.translate(DOTLESS) != word and rng.random() < sample.ocr_damage:
            return word.translate(DOTLESS)
        return word

    hyphenated: list[str] = []
    shown_pages: list[str] = []
    clean_pages: list[str] = []
    for number, blocks in enumerate(pages, start=1):
        shown_lines: list[str] = []
        clean_lines: list[str] = []
        for line in header_lines(sample.meeting, number, len(pages)):
            shown_lines.append(" ".join(damage(w) for w in line.split()))
            clean_lines.append(line)
        shown_lines.append("")
        clean_lines.append("")
        for block in blocks:
            if block.is_gap:
                shown_lines.append("")
                clean_lines.append("")
                continue
            text = block.text if block.label is None else f"{block.label} {block.text}"
            for shown, clean in wrap(words_of(text, damage), len, TEXT_FILE_WIDTH, sample.hyphenate_slack, hyphenated):
                shown_lines.append(shown)
                clean_lines.append(clean)
        shown_pages.append("".join(f"{line}\n" for line in shown_lines))
        clean_pages.append("".join(f"{line}\n" for line in clean_lines))
    (out / sample.name).write_bytes(PAGE_BREAK.join(shown_pages).encode("cp1252"))
    return PAGE_BREAK.join(clean_pages), hyphenated


# --------------------------------------------------------------------------------------------


def check_fonts() -> None:
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.is_file():
            sys.exit(f"make_samples: font not found: {font} (install the Debian package fonts-dejavu-core)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: samples/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the hyphenated words")
    args = parser.parse_args(argv)
    check_fonts()
    args.out.mkdir(parents=True, exist_ok=True)

    decisions: dict[str, list[dict[str, object]]] = {}
    for sample in SAMPLES:
        pages = parse_source((TEXT_DIR / sample.meeting.source).read_text(encoding="utf-8"))
        if sample.kind == "txt":
            expected, hyphenated = make_text_sample(sample, pages, args.out)
        else:
            expected, hyphenated = make_image_sample(sample, pages, args.out)
        (args.out / f"{sample.name}.expected").write_text(expected, encoding="utf-8")
        decisions[sample.name] = decisions_of(pages, sample.meeting)
        print(f"{sample.name}: {len(pages)} page(s), {len(hyphenated)} line-end hyphen(s)")
        if args.verbose:
            for word in hyphenated:
                print(f"    {word}")
    (args.out / "expected_decisions.json").write_text(
        json.dumps(decisions, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
