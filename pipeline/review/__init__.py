"""Review stage: a static HTML report of what the pipeline changed and where it was unsure."""

from pipeline.review.report import ReportSummary, write_report

__all__ = ["ReportSummary", "write_report"]
