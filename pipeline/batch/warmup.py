"""The document stages (clean, segment) built in a background thread.

Their start-up – spaCy, wordfreq's lexicon index, Voikko – costs seconds of CPU. Built here, it
overlaps the start of the workers and the OCR of the first pages instead of delaying them; the
first finished document waits for it if it is not ready yet.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.clean import Cleaner
    from pipeline.model import Document
    from pipeline.segment.vocabulary import Vocabulary


class DocumentStages:
    """Clean and segment one document whose pages are all extracted."""

    def __init__(self, settings: Settings) -> None:
        # imported here, in the warm-up thread, not when the batch runner is imported
        from pipeline.clean import Cleaner
        from pipeline.segment import segment_document
        from pipeline.segment.nlp import pipeline as spacy_pipeline
        from pipeline.segment.vocabulary import load as load_vocabulary

        self.cleaner: Cleaner = Cleaner(settings)
        self.vocabulary: Vocabulary = load_vocabulary(settings.corrections)  # organs.toml of --corrections
        self._segment = segment_document
        spacy_pipeline(self.vocabulary)  # built once per process; build it now rather than in the first document

    def clean(self, document: Document) -> None:
        self.cleaner.clean_document(document)

    def segment(self, document: Document) -> None:
        self._segment(document, self.vocabulary)


def build_in_background(settings: Settings) -> Future[DocumentStages]:
    """Start building the stages; the future holds them, or the error that stopped the build."""
    future: Future[DocumentStages] = Future()

    def build() -> None:
        try:
            future.set_result(DocumentStages(settings))
        except BaseException as exc:  # handed to whoever asks for the stages, in the main thread
            future.set_exception(exc)

    # a daemon: Ctrl-C during the warm-up must not wait for spaCy to finish importing
    threading.Thread(target=build, name="minutes-warm-up", daemon=True).start()
    return future
