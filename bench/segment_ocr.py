"""Make the OCR inputs of the segmentation benchmark: render text to 200 dpi pages, degrade, OCR.

Each `bench/data/segment/*.txt` (pages separated by form feeds) is typeset with DejaVu Sans onto A4
pages at 200 dpi, degraded (small rotation, blur, speckle; seeded per file so the result is
reproducible), and read back by Tesseract `-l fin` with OMP_THREAD_LIMIT=1, one process per core.
The OCR text is cached in `<folder>/ocr/<name>.txt` (pages separated by form feeds) and
committed, so `make bench-segment` does not need to re-run Tesseract.

    python -m bench.segment_ocr            # (re)make every missing OCR file
    python -m bench.segment_ocr --force    # remake all
    python -m bench.segment_ocr tests/data/segment   # the tuning document used by the tests
    python -m bench.segment_ocr --seed 2 tests/data/segment   # other degradations, in ocr_s2/ (tuning only)
    python -m bench.segment_ocr --seed 1 --style serif tests/data/segment   # Liberation Serif, ocr_serif_s1/
    python -m bench.segment_ocr --seed 1 --style harsh tests/data/segment   # stronger damage, ocr_harsh_s1/

Styles (tuning only; the benchmark's own inputs are always `plain`): `plain` DejaVu Sans with the damage
above; `serif` Liberation Serif (another typeface: other letter shapes, other § misreadings), same damage;
`harsh` DejaVu Sans scanned worse: more rotation and blur, three times the speckle, a faded grey print and
a pass through 150 dpi (the damage that loses § signs and letters in titles).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DATA = Path(__file__).parent / "data" / "segment"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
STYLES = ("plain", "serif", "harsh")
DPI = 200
SIZE = (1654, 2339)  # A4 at 200 dpi
MARGIN = 110
FONT_PX = 25  # about 9 pt at 200 dpi
LINE_PX = 34
WRAP = 100  # characters per line before wrapping
LINES_PER_PAGE = (SIZE[1] - 2 * MARGIN) // LINE_PX


def paginate(text: str) -> list[list[str]]:
    """Source pages split further where they do not fit on one rendered page."""
    pages: list[list[str]] = []
    for source_page in text.split("\f"):
        lines: list[str] = []
        for line in source_page.rstrip("\n").split("\n"):
            lines.extend(textwrap.wrap(line, WRAP, drop_whitespace=False) or [""])
        for start in range(0, max(len(lines), 1), LINES_PER_PAGE):
            pages.append(lines[start : start + LINES_PER_PAGE])
    return pages


def render(lines: list[str], rng: random.Random, style: str = "plain") -> Image.Image:
    harsh = style == "harsh"
    # Liberation Serif is narrower than DejaVu Sans at one size: a larger size fills the same line
    font = ImageFont.truetype(SERIF, FONT_PX + 3) if style == "serif" else ImageFont.truetype(FONT, FONT_PX)
    image = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(image)
    ink = rng.randrange(60, 110) if harsh else 0  # a faded print
    for index, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + index * LINE_PX), line, font=font, fill=ink)
    tilt = 1.6 if harsh else 0.8
    image = image.rotate(rng.uniform(-tilt, tilt), resample=Image.Resampling.BILINEAR, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.9, 1.3) if harsh else rng.uniform(0.6, 1.0)))
    if harsh:  # scanned at 150 dpi and scaled back up: thin strokes and the § loop blur together
        low = (SIZE[0] * 3 // 4, SIZE[1] * 3 // 4)
        image = image.resize(low, Image.Resampling.BILINEAR).resize(SIZE, Image.Resampling.BILINEAR)
    pixels = image.load()
    for _ in range(int(SIZE[0] * SIZE[1] * (0.006 if harsh else 0.002))):  # speckle: dark and light dots
        x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
        pixels[x, y] = rng.choice((0, 90, 255))
    return image


def ocr(image: Image.Image) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path, dpi=(DPI, DPI))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        result = subprocess.run(
            ["tesseract", str(path), "-", "-l", "fin", "--dpi", str(DPI)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    return result.stdout


def ocr_folder(seed: int | None, style: str = "plain") -> str:
    if style != "plain":
        return f"ocr_{style}_s{seed or 1}"
    return "ocr" if seed is None else f"ocr_s{seed}"


def ocr_file(source: Path, seed: int | None = None, style: str = "plain") -> Path:
    key = source.name if seed is None else f"{seed}:{source.name}"
    rng = random.Random(key if style == "plain" else f"{style}:{key}")
    pages = [ocr(render(lines, rng, style)) for lines in paginate(source.read_text(encoding="utf-8"))]
    target = source.parent / ocr_folder(seed, style) / source.name
    target.write_text("\f".join(page.rstrip("\n") for page in pages) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="remake OCR files that exist")
    parser.add_argument("--seed", type=int, help="another degradation seed; output in <folder>/ocr_s<seed>/")
    parser.add_argument("--style", choices=STYLES, default="plain", help="typeface and damage (default: %(default)s)")
    parser.add_argument(
        "folder", nargs="?", type=Path, default=DATA, help="folder of .txt inputs (default: %(default)s)"
    )
    args = parser.parse_args()
    if args.style != "plain" and args.folder.resolve() == DATA.resolve():
        parser.error("--style is for tuning data; the benchmark's inputs are plain")
    out = ocr_folder(args.seed, args.style)
    (args.folder / out).mkdir(exist_ok=True)
    sources = [p for p in sorted(args.folder.glob("*.txt")) if args.force or not (p.parent / out / p.name).exists()]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for target in pool.map(lambda source: ocr_file(source, args.seed, args.style), sources):
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
