"""What a run shows while it works: a rich progress bar with pages/s and ETA on a terminal,
nothing otherwise. The page total grows while files are planned, so it is estimated from the
pages per file seen so far."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class Display:
    """No output: for --quiet, pipes and logs."""

    def start(self, files: int) -> None:
        return None

    def planned(self, pages: int) -> None:
        """One more file planned with this many pages (0: skipped or failed before any page)."""
        return None

    def pages_done(self, pages: int) -> None:
        return None

    def failed(self, message: str) -> None:
        return None

    def __enter__(self) -> Display:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        return None


class _Speed(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: object) -> Text:
        speed = getattr(task, "speed", None)
        return Text(f"{speed:5.2f} pages/s" if speed else "  ... pages/s", style="progress.data.speed")


class ProgressBar(Display):
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            _Speed(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[files]}"),
            console=self.console,
            transient=False,
            speed_estimate_period=60,
        )
        self.task = self.progress.add_task("OCR", total=None, files="")
        self.files = 0
        self.files_planned = 0
        self.pages_planned = 0
        self.failures = 0

    def start(self, files: int) -> None:
        self.files = files
        self._update()

    def planned(self, pages: int) -> None:
        self.files_planned += 1
        self.pages_planned += pages
        self._update()

    def pages_done(self, pages: int) -> None:
        self.progress.advance(self.task, pages)

    def failed(self, message: str) -> None:
        self.failures += 1
        self.progress.console.print(Text.assemble(("FAILED ", "red"), message))  # no markup: paths may hold [ ]
        self._update()

    def _update(self) -> None:
        with_pages = max(1, self.files_planned)
        unplanned = self.files - self.files_planned
        estimate = self.pages_planned + round(unplanned * self.pages_planned / with_pages)
        failed = f", {self.failures} failed" if self.failures else ""
        files = f"{self.files_planned}/{self.files} files{failed}"
        self.progress.update(self.task, total=max(estimate, 1), files=files)

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()


def display_for(quiet: bool) -> Display:
    """A progress bar when a person watches the terminal, else nothing."""
    if quiet or not sys.stderr.isatty():
        return Display()
    return ProgressBar()
