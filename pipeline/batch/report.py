"""`minutes run --report run.json`: the run as machine-readable JSON (files, pages, decisions,
failures with reasons, seconds per stage, per-worker load and peak memory)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.batch.runner import RunSummary, Status


def report(summary: RunSummary) -> dict[str, Any]:
    return {
        "interrupted": summary.interrupted,
        "executor": summary.executor,
        "seconds": round(summary.seconds, 3),
        "files": {
            "total": len(summary.results),
            "ok": summary.count(Status.OK),
            "skipped": summary.count(Status.SKIPPED),
            "failed": summary.count(Status.FAILED),
        },
        "pages": {
            "stored": summary.pages,
            "extracted": summary.pages_extracted,
            "resumed": summary.pages_resumed,
            "per_second": round(summary.pages_extracted / summary.seconds, 3) if summary.seconds else 0.0,
        },
        "decisions": summary.decisions,
        # extract is the sum over workers (CPU-parallel); the others run in the main process
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in summary.timings.items()},
        "workers": {
            name: {
                "tasks": stats.tasks,
                "seconds": round(stats.seconds, 3),
                "cpu_seconds": round(stats.cpu_seconds, 3),
                "peak_rss_mb": round(stats.peak_rss_mb, 1),
                "early_peak_rss_mb": round(stats.early_peak_rss_mb, 1),
            }
            for name, stats in sorted(summary.workers.items())
        },
        "failures": [{"path": str(r.path), "reason": r.reason} for r in summary.results if r.status is Status.FAILED],
        "results": [
            {
                "path": str(r.path),
                "status": r.status.value,
                "reason": r.reason,
                "pages": r.pages,
                "decisions": r.decisions,
                "sha256": r.sha256,
            }
            for r in summary.results
        ],
    }


def write_report(summary: RunSummary, path: Path) -> None:
    path.write_text(json.dumps(report(summary), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
