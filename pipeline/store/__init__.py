"""Storage stage: documents, pages, decisions and corrections in SQLite or PostgreSQL."""

from pipeline.store.database import Store

__all__ = ["Store"]
