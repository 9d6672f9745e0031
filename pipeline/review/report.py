"""`minutes review`: the static HTML report, one page per document plus an index.

Everything it needs is in the output folder (HTML, one CSS and one script file, page images), so it
opens from disk without a server or a network. OCR text is untrusted: the templates autoescape, and
`highlight` escapes the text it marks up itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.engine import make_url

from pipeline.review.data import ReviewDocument, open_database, read_documents
from pipeline.review.highlight import describe, example_windows, highlight, pieces, visible
from pipeline.review.images import SourceCheck, render_page
from pipeline.review.plot import confidence_plot
from pipeline.settings import Settings

STATIC_FILES = ("review.css", "review.js")


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index shows of one document (the document itself is not kept in memory)."""

    id: int
    name: str
    path: str
    href: str
    status: str
    error: str | None
    pages: int
    decisions: int
    corrections: list[tuple[str, int]]  # (reason, count), most frequent first
    flagged: int
    confidences: list[float | None]
    image_note: str | None  # why the pages have no images, when none has one


@dataclass(slots=True)
class ReportSummary:
    folder: Path
    documents: int = 0
    pages: int = 0
    pages_with_images: int = 0
    notes: list[str] = field(default_factory=list)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pipeline.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one run of one process: no need to check the template files again
    )
    environment.filters["visible"] = visible
    environment.filters["describe"] = describe
    return environment


def _prepare(folder: Path) -> None:
    (folder / "images").mkdir(parents=True, exist_ok=True)  # OSError: the CLI names the folder
    static = resources.files("pipeline.review") / "static"
    for name in STATIC_FILES:
        with resources.as_file(static / name) as source:
            shutil.copyfile(source, folder / name)


def _document_page(
    document: ReviewDocument, folder: Path, settings: Settings, summary: ReportSummary, sources: Path
) -> tuple[dict[str, Any], str | None]:
    """The template's view of one document, and the common reason its pages have no image."""
    source = SourceCheck(document.path, document.sha256, sources)
    pages = []
    texts: list[dict[str, Any]] = []  # the regression pair: raw OCR text, cleaned text as pieces
    changes: dict[str, dict[str, Any]] = {}
    reasons: set[str] = set()
    for page in document.pages:
        html, placed, unplaced = highlight(page.cleaned_text, page.changes)
        windows = example_windows(page.cleaned_text, placed)
        texts.append({"raw": page.raw_text, "pieces": pieces(page.cleaned_text, placed)})
        for change in placed:
            changes[change.key] = {
                "before": change.before,
                "after": change.after,
                "applied": change.applied,
                "reason": change.reason,
                "page": change.page,
                "window": windows[change.key],
            }
        images, problem = render_page(
            source, document.sha256 or str(document.id), page.number, folder / "images", settings
        )
        summary.pages += 1
        if images:
            summary.pages_with_images += 1
        else:
            reasons.add(problem or "")
        pages.append(
            {
                "page": page,
                "html": html,
                "placed": placed,
                "unplaced": unplaced,
                "images": images,
                "image_problem": problem,
            }
        )
    view = {
        "document": document,
        "pages": pages,
        "data": {
            "document": {"path": document.path, "name": document.name, "sha256": document.sha256},
            "changes": changes,
            "pages": texts,
        },
    }
    note = reasons.pop() if len(reasons) == 1 and all(not p["images"] for p in pages) else None
    return view, note


def write_report(db_url: str, folder: Path, settings: Settings, sources: Path = Path()) -> ReportSummary:
    """Write the report for every document in the database into `folder`; returns what was written.
    Relative source paths (as `minutes run` was given them) are read from the folder `sources`."""
    store = open_database(db_url)
    _prepare(folder)
    environment = _environment()
    document_template = environment.get_template("document.html.j2")
    summary = ReportSummary(folder=folder)
    rows: list[IndexRow] = []
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    shown_db = make_url(db_url).render_as_string(hide_password=True)  # the report may be passed around
    try:
        for document in read_documents(store):
            href = f"doc-{document.id}.html"
            view, image_note = _document_page(document, folder, settings, summary, sources)
            (folder / href).write_text(
                document_template.render(**view, generated=generated, db=shown_db), encoding="utf-8"
            )
            corrections: Counter[str] = document.corrections
            rows.append(
                IndexRow(
                    id=document.id,
                    name=document.name,
                    path=document.path,
                    href=href,
                    status=document.status,
                    error=document.error,
                    pages=len(document.pages),
                    decisions=len(document.decisions),
                    corrections=corrections.most_common(),
                    flagged=document.flagged,
                    confidences=document.confidences,
                    image_note=image_note,
                )
            )
            summary.documents += 1
    finally:
        store.close()
    plot = confidence_plot([(row.name, row.href, row.confidences) for row in rows])
    index = environment.get_template("index.html.j2").render(
        rows=rows, plot=plot, generated=generated, db=shown_db, summary=summary
    )
    (folder / "index.html").write_text(index, encoding="utf-8")
    written = {row.href for row in rows}
    for stale in folder.glob("doc-*.html"):  # documents an earlier report had and the database no longer has
        if stale.name not in written:
            stale.unlink()
    return summary
