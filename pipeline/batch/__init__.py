"""Batch runs over many files: parallel pages, resume, isolation of bad files, progress, Dask.

Names are imported on first use (PEP 562): worker processes unpickle `pipeline.batch.tasks` and
must not pay for the main process's imports (spaCy, SQLAlchemy, the cleaner) in time or memory.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BatchRunner": "pipeline.batch.runner",
    "FileResult": "pipeline.batch.runner",
    "RunSummary": "pipeline.batch.runner",
    "Status": "pipeline.batch.runner",
    "collect_inputs": "pipeline.batch.runner",
    "Display": "pipeline.batch.progress",
    "display_for": "pipeline.batch.progress",
    "write_report": "pipeline.batch.report",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'pipeline.batch' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
