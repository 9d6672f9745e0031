"""Exit codes and the one exception type for unreadable input."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SOME_INPUTS_FAILED = 1  # each failed input was named with its reason
    USAGE = 2  # bad arguments, missing files, unusable settings
    ENVIRONMENT = 3  # a required program, model or database is not available
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it); a re-run continues


class InputError(Exception):
    """A file that cannot be read. The message is the one-line reason shown to the user."""


class EnvironmentProblem(Exception):
    """Something the pipeline needs is missing (tesseract, a language model, the database)."""
