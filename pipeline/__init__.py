"""minutes: OCR cleaning and ingestion for scanned Finnish council minutes.

Stages, each a package over the document model in `pipeline.model`:
extract -> clean -> segment -> store; `pipeline.batch` composes them for many files.
"""

__version__ = "0.1.0"
