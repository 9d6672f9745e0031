"""Image preparation before OCR: grayscale, resolution, small-angle deskew. Pure Pillow/numpy."""

from __future__ import annotations

import numpy as np
from PIL import Image

A4_WIDTH_INCHES = 8.27


def to_grayscale(image: Image.Image) -> Image.Image:
    if image.mode == "L":
        return image
    if image.mode in ("RGBA", "LA", "P"):
        # transparent areas become white paper, not black
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return image.convert("L")


def effective_dpi(image: Image.Image) -> int:
    """The scan's resolution: its own metadata, else guessed from an A4 page width."""
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and float(dpi[0]) > 1:
        return round(float(dpi[0]))
    return max(1, round(image.width / A4_WIDTH_INCHES))


def ensure_resolution(image: Image.Image, dpi: int, min_dpi: int, target_dpi: int) -> tuple[Image.Image, int]:
    """Upsample scans below min_dpi to target_dpi: Tesseract loses small glyphs below ~200 dpi."""
    if dpi >= min_dpi:
        return image, dpi
    scale = target_dpi / dpi
    size = (round(image.width * scale), round(image.height * scale))
    return image.resize(size, Image.Resampling.LANCZOS), target_dpi


def _skew_score(binary: Image.Image, angle: float) -> float:
    rotated = np.asarray(binary.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
    rows = rotated.sum(axis=1)
    # text lines aligned with the rows give sharp row-sum peaks: large squared differences
    return float(np.square(np.diff(rows)).sum())


def estimate_skew(image: Image.Image, max_angle: float = 3.0) -> float:
    """Skew angle in degrees by projection profiles on a small binarised copy (coarse, then fine)."""
    small = image.convert("L")
    scale = 800 / max(1, small.width)
    if scale < 1:
        small = small.resize((800, max(1, round(small.height * scale))), Image.Resampling.BILINEAR)
    binary = small.point(lambda v: 255 if v < 128 else 0)
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=lambda a: _skew_score(binary, float(a)))
    fine = np.arange(best - 0.375, best + 0.376, 0.125)
    return float(max(fine, key=lambda a: _skew_score(binary, float(a))))


def deskew(image: Image.Image, min_angle: float = 0.2) -> tuple[Image.Image, float]:
    """Straighten a page rotated by a few degrees; returns the image and the angle applied."""
    angle = estimate_skew(image)
    if abs(angle) < min_angle:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255), angle
