"""Scanned images (PNG, JPEG, TIFF including multi-page TIFF) through Pillow."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _open(path: Path, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels  # explicit: a decompression bomb is an input error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(f"image too large ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise InputError("not a readable image") from exc
    except OSError as exc:
        raise InputError(f"cannot open image: {exc}") from exc


def count_frames(path: Path, max_pixels: int) -> int:
    with _open(path, max_pixels) as image:
        return getattr(image, "n_frames", 1)


def load_frame(path: Path, index: int, max_pixels: int) -> Image.Image:
    """Decode one frame (page) fully, keeping its DPI in image.info."""
    with _open(path, max_pixels) as image:
        try:
            frame = ImageSequence.Iterator(image)[index]
            dpi = frame.info.get("dpi") or image.info.get("dpi")
            frame.load()
            loaded = frame.copy()
        except (OSError, SyntaxError, ValueError, IndexError) as exc:
            raise InputError(f"image page {index + 1} is damaged: {exc}") from exc
    if dpi:
        loaded.info["dpi"] = dpi
    return loaded
