"""Segmentation stage: cleaned minutes -> decision records (one per § section)."""

from pipeline.segment.minutes import segment_document

__all__ = ["segment_document"]
