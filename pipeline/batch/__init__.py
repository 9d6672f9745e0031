"""Batch runs over many files: parallel pages, skipping stored files, isolating bad ones."""

from pipeline.batch.runner import BatchRunner, FileResult, RunSummary, Status, collect_inputs

__all__ = ["BatchRunner", "FileResult", "RunSummary", "Status", "collect_inputs"]
