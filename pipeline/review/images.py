"""Page images for the report: a thumbnail and a larger zoom image per page.

The database keeps no images, so they are rendered again from the document's source file (the path
stored in `documents`; a relative one is read from the folder `minutes review --sources` names) by the
extract stage's own readers.
The image is the page as scanned: an OCR rotation or deskew is not repeated here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.errors import InputError
from pipeline.extract import FileKind, file_kind, pdf, sha256_of
from pipeline.extract import image as image_backend
from pipeline.settings import Settings

THUMB_WIDTH = 360
ZOOM_WIDTH = 1400
ZOOM_DPI = 150  # PDF pages are rendered at this resolution, then scaled to ZOOM_WIDTH at most
RENDER_VERSION = "1"  # part of the file names: change it when the rendering changes, so caches refresh


@dataclass(frozen=True, slots=True)
class PageImages:
    thumb: str  # file names inside the report's images/ folder
    zoom: str


class SourceCheck:
    """Whether a document's source file is still there with the content that was processed.

    Checked on first use only: when every page's images are already in the report folder, the file
    is not read (hashing thousands of scans again would cost more than the report)."""

    def __init__(self, path: str, sha256: str, sources: Path = Path()) -> None:
        """`sources`: the folder a relative stored path is read from (where `minutes run` was run)."""
        self.path = sources / path
        self.sha256 = sha256
        self._checked: tuple[FileKind | None, str | None] | None = None

    @property
    def kind(self) -> FileKind | None:
        return self._check()[0]

    @property
    def problem(self) -> str | None:
        return self._check()[1]

    def _check(self) -> tuple[FileKind | None, str | None]:
        if self._checked is None:
            self._checked = self._inspect()
        return self._checked

    def _inspect(self) -> tuple[FileKind | None, str | None]:
        if not self.path.is_file():
            return None, "the source file is not available"
        try:
            kind = file_kind(self.path)
        except InputError:
            return None, "the source file type has no page images"
        if kind is FileKind.TEXT:
            return None, "text file: there is no scan"
        try:
            current = sha256_of(self.path)
        except OSError as exc:
            return None, f"the source file cannot be read ({exc.strerror})"
        if self.sha256 and current != self.sha256:
            return None, "the source file has changed since it was processed"
        return kind, None


def _names(key: str, number: int) -> PageImages:
    stem = f"{key}-p{number}-v{RENDER_VERSION}"
    return PageImages(thumb=f"{stem}-thumb.jpg", zoom=f"{stem}-zoom.jpg")


def _load(source: SourceCheck, number: int, settings: Settings) -> Image.Image:
    if source.kind is FileKind.PDF:
        return pdf.render(source.path, number - 1, ZOOM_DPI)
    return image_backend.load_frame(source.path, number - 1, settings.max_image_pixels)


def _save(image: Image.Image, width: int, path: Path) -> None:
    """Write through a temporary name: an interrupted run must not leave a cut file to be reused."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    partial = path.with_name(path.name + ".part")
    image.save(partial, "JPEG", quality=82, optimize=True)
    partial.replace(path)


def render_page(
    source: SourceCheck, key: str, number: int, folder: Path, settings: Settings
) -> tuple[PageImages | None, str | None]:
    """The page's images in `folder`, or None and the reason there are none. Files already there are
    reused: `key` (the file's sha256) and RENDER_VERSION in their names mean they show the same page."""
    names = _names(key, number)
    if all((folder / name).is_file() for name in (names.thumb, names.zoom)):
        return names, None
    if source.problem:
        return None, source.problem
    try:
        image = _load(source, number, settings)
        _save(image, ZOOM_WIDTH, folder / names.zoom)
        _save(image, THUMB_WIDTH, folder / names.thumb)
    except InputError as exc:
        return None, f"the page cannot be rendered ({exc})"
    except (OSError, ValueError) as exc:
        return None, f"the page cannot be rendered ({exc})"
    return names, None
