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


def render(lines: list[str], rng: random.Random) -> Image.Image:
    font = ImageFont.truetype(FONT, FONT_PX)
    image = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + index * LINE_PX), line, font=font, fill=0)
    image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.0)))
    pixels = image.load()
    for _ in range(int(SIZE[0] * SIZE[1] * 0.002)):  # speckle: dark and light dots
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


def ocr_folder(seed: int | None) -> str:
    return "ocr" if seed is None else f"ocr_s{seed}"


def ocr_file(source: Path, seed: int | None = None) -> Path:
    rng = random.Random(source.name if seed is None else f"{seed}:{source.name}")
    pages = [ocr(render(lines, rng)) for lines in paginate(source.read_text(encoding="utf-8"))]
    target = source.parent / ocr_folder(seed) / source.name
    target.write_text("\f".join(page.rstrip("\n") for page in pages) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="remake OCR files that exist")
    parser.add_argument("--seed", type=int, help="another degradation seed; output in <folder>/ocr_s<seed>/")
    parser.add_argument(
        "folder", nargs="?", type=Path, default=DATA, help="folder of .txt inputs (default: %(default)s)"
    )
    args = parser.parse_args()
    out = ocr_folder(args.seed)
    (args.folder / out).mkdir(exist_ok=True)
    sources = [p for p in sorted(args.folder.glob("*.txt")) if args.force or not (p.parent / out / p.name).exists()]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for target in pool.map(lambda source: ocr_file(source, args.seed), sources):
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
