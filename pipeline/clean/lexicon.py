"""Finnish lexicon: Voikko morphology, wordfreq frequencies and the domain vocabulary, loaded once per process.

Lookups the repair step needs, all O(1):
- `zipf(word)`: wordfreq's Zipf frequency (0 for unknown words), raised for domain words;
- `is_word(word)`: Voikko accepts it (inflections and compounds) or it is a domain word; cached;
- `umlaut_forms(skeleton)`: the words that become `skeleton` when ä/ö/å lose their dots - the index
  that makes restoring lost umlauts a dict lookup instead of a search over 2^n spellings.
"""

from __future__ import annotations

from collections.abc import Iterable

import wordfreq
from libvoikko import Voikko

from pipeline.boundedcache import BoundedCache
from pipeline.clean import lexicon_cache
from pipeline.errors import EnvironmentProblem

_STRIP = str.maketrans("äöåÄÖÅ", "aoaAOA")
BACK, FRONT = set("aou"), set("äöy")
DOMAIN_ZIPF = 3.0  # a domain word counts as a fairly common word however rare it is on the web


def strip_umlauts(word: str) -> str:
    return word.translate(_STRIP)


def harmony_clash(word: str) -> bool:
    """A word mixing back (a, o, u) and front (ä, ö, y) vowels: damage, a compound or a loan word."""
    letters = set(word.lower())
    return bool(letters & BACK) and bool(letters & FRONT)


def _wordfreq_buckets() -> Iterable[tuple[int, list[str]]]:
    """(centibels below 1, words) of wordfreq's Finnish list, read without wordfreq's lru_cache
    (which would keep a second copy of 730,000 words alive for the whole process)."""
    return enumerate(wordfreq.read_cBpack(str(lexicon_cache.wordfreq_file())))


def _wordfreq_index(min_zipf: float) -> lexicon_cache.Index:
    """Zipf*10 per word, and the umlaut-skeleton index, of wordfreq's words at least this frequent."""
    # zipf*10 as small ints: CPython shares them, which saves ~20 MB over floats
    freq: dict[str, int] = {}
    grouped: dict[str, list[str]] = {}
    for centibels, words in _wordfreq_buckets():
        zipf10 = round((900 - centibels) / 10)
        if zipf10 < min_zipf * 10:
            break
        for word in words:
            if not word.isalpha():
                continue
            freq.setdefault(word, zipf10)
            skeleton = strip_umlauts(word)
            if skeleton != word:
                grouped.setdefault(skeleton, []).append(word)
    return freq, {skeleton: tuple(words) for skeleton, words in grouped.items()}


class Lexicon:
    """Build once per process and share; every method is a dict lookup. The built wordfreq index is
    read from the cache folder (lexicon_cache: 0.5 s instead of 1.5 s to build) unless `use_cache` is off."""

    def __init__(
        self,
        domain: dict[str, int] | None = None,
        min_zipf: float = 1.0,
        use_cache: bool = True,
    ) -> None:
        try:
            self._voikko = Voikko("fi")
        except OSError as exc:
            raise EnvironmentProblem(f"Voikko with Finnish is not installed (libvoikko1, voikko-fi): {exc}") from exc
        folder = lexicon_cache.default_folder() if use_cache else None
        self._freq, self._umlauts = lexicon_cache.load_or_build(folder, min_zipf, lambda: _wordfreq_index(min_zipf))
        self.domain: dict[str, int] = {}
        for word, count in (domain or {}).items():
            lower = word.lower()
            self.domain[lower] = self.domain.get(lower, 0) + count
            self._freq[lower] = max(self._freq.get(lower, 0), round(DOMAIN_ZIPF * 10))
            skeleton = strip_umlauts(lower)
            if skeleton != lower and lower not in self._umlauts.get(skeleton, ()):
                self._umlauts[skeleton] = (*self._umlauts.get(skeleton, ()), lower)
        # Voikko calls cost ~10 µs each
        self._spelled: BoundedCache[str, bool] = BoundedCache(self._spell, 500_000)

    def zipf(self, word: str) -> float:
        return self._freq.get(word.lower(), 0) / 10

    def known(self, word: str) -> bool:
        """In the frequency list or the domain vocabulary (not a morphology check)."""
        return word.lower() in self._freq

    def in_domain(self, word: str) -> bool:
        return word.lower() in self.domain

    def is_word(self, word: str) -> bool:
        """Voikko accepts the word or it is a domain word (cached)."""
        return self._spelled[word]

    def _spell(self, word: str) -> bool:
        return len(word) < 80 and (self._voikko.spell(word) or word.lower() in self.domain)

    def umlaut_forms(self, skeleton: str) -> tuple[str, ...]:
        """Lower-case words with ä/ö/å that read `skeleton` without their dots."""
        return self._umlauts.get(skeleton.lower(), ())

    def analyze(self, word: str) -> list[dict[str, str]]:
        return self._voikko.analyze(word)


_SHARED: Lexicon | None = None


def shared_lexicon(domain: dict[str, int] | None = None) -> Lexicon:
    """The process's one Lexicon (built on first use; forked workers inherit it)."""
    global _SHARED
    lowered: dict[str, int] = {}
    for word, count in (domain or {}).items():  # compared as Lexicon stores it: another domain, another lexicon
        lowered[word.lower()] = lowered.get(word.lower(), 0) + count
    if _SHARED is None or _SHARED.domain != lowered:
        _SHARED = Lexicon(domain)
    return _SHARED
