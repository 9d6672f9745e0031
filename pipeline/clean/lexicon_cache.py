"""The wordfreq part of the lexicon (frequencies and the umlaut-skeleton index), kept on disk.

Building it from wordfreq's 730,000 Finnish words takes 1.5 s of CPU in every process that cleans;
reading the built index back takes a third of that. The file is keyed on the wordfreq data file
(path, size, modification time), the cut-off and Python's marshal format, so an upgrade of wordfreq
or Python builds a new one. A cache that cannot be read or written is rebuilt or skipped, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path

import wordfreq

from pipeline.files import write_atomically

FORMAT = 1  # bump when the shape of the cached index changes

Index = tuple[dict[str, int], dict[str, tuple[str, ...]]]


def default_folder() -> Path:
    """MINUTES_CACHE_DIR, else $XDG_CACHE_HOME/minutes, else ~/.cache/minutes."""
    if folder := os.environ.get("MINUTES_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "minutes"


def wordfreq_file() -> Path:
    return Path(wordfreq.available_languages("best")["fi"])


def cache_path(folder: Path, min_zipf: float) -> Path:
    source = wordfreq_file()
    stat = source.stat()
    key = f"{FORMAT}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{min_zipf}|{marshal.version}"
    return folder / f"lexicon-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"


def load_or_build(folder: Path | None, min_zipf: float, build: Callable[[], Index]) -> Index:
    """The cached index if there is a valid one, else `build()` (stored for the next process)."""
    if folder is None:
        return build()
    try:
        path = cache_path(folder, min_zipf)
    except OSError:
        return build()
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):  # none yet, or damaged: build again
        index = marshal.loads(path.read_bytes())
        if _valid(index):
            return index
    index = build()
    with contextlib.suppress(OSError):  # a read-only home: every process builds its own, as before
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, marshal.dumps(index))  # concurrent writers: readers see one whole file
    return index


def _valid(index: object) -> bool:
    return (
        isinstance(index, tuple)
        and len(index) == 2
        and isinstance(index[0], dict)
        and isinstance(index[1], dict)
        and len(index[0]) > 0
    )
