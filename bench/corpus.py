"""Real Finnish text for evaluation: Debian's manpages-fi and aptitude-doc-fi, Kemi's strategy, real minutes.

Documents are split into a tuning half and a held-out half by a hash of their name, so the split is
stable and nobody picks it. Benchmarks report on the held-out half only.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import re
import subprocess
from pathlib import Path

MAN_DIR = Path("/usr/share/man/fi")
APTITUDE_DIR = Path("/usr/share/doc/aptitude/html/fi")
# the domain lexicon's source, in ../shared beside the repository: tuning data, read when present
KEMI = Path(__file__).resolve().parents[2] / "shared" / "kemi_strategy.txt"
REAL_MINUTES = Path(__file__).resolve().parent / "data" / "real-minutes"  # 6aika/Paatos-Scraper, MIT

_ENGLISH = {"the", "and", "of", "to", "is", "file", "files", "with", "for", "not", "are", "this", "that", "be"}
_FINNISH = {"ja", "on", "ei", "tai", "jos", "kun", "se", "että", "joka", "jotka", "myös", "kuin", "sekä", "voi"}


def is_heldout(name: str) -> bool:
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def _finnish_paragraph(paragraph: str) -> bool:
    words = re.findall(r"[^\W\d_]+", paragraph.lower())
    if len(words) < 6:
        return False
    english = sum(w in _ENGLISH for w in words)
    finnish = sum(w in _FINNISH for w in words) + sum(("ä" in w or "ö" in w) for w in words)
    return finnish >= 2 and english * 4 < len(words) / 8 + 1


def _paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def man_text(path: Path) -> str:
    source = gzip.decompress(path.read_bytes())
    result = subprocess.run(
        ["groff", "-Kutf8", "-man", "-Tutf8", "-P-c", "-P-b", "-P-u", "-rLL=2000n", "-rHY=0"],
        input=source,
        capture_output=True,
        check=False,
    )
    return result.stdout.decode("utf-8", "replace")


def html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?i)<br\s*/?>", "\n", raw)
    raw = re.sub(r"(?i)</?(p|div|h\d|li|tr|td|table|dt|dd|pre|title)\b[^>]*>", "\n\n", raw)
    raw = re.sub(r"<[^>]+>", "", raw)
    return html.unescape(raw)


def documents() -> dict[str, list[str]]:
    """name -> Finnish prose paragraphs, for every installed source."""
    docs: dict[str, list[str]] = {}
    for path in sorted(MAN_DIR.rglob("*.gz")):
        paragraphs = [p for p in _paragraphs(man_text(path)) if _finnish_paragraph(p)]
        if paragraphs:
            docs[f"man:{path.name}"] = paragraphs
    for path in sorted(APTITUDE_DIR.glob("*.html")):
        paragraphs = [p for p in _paragraphs(html_text(path.read_text("utf-8", "replace"))) if _finnish_paragraph(p)]
        if paragraphs:
            docs[f"aptitude:{path.name}"] = paragraphs
    return docs


def prose(heldout: bool) -> list[str]:
    """Paragraphs of one half of the Debian prose."""
    return [p for name, paras in documents().items() if is_heldout(name) == heldout for p in paras]


def minutes_texts() -> dict[str, str]:
    """Text of the real minutes (born-digital PDFs' text layers, HTML) and Kemi's strategy, as lines."""
    texts: dict[str, str] = {"kemi_strategy": KEMI.read_text("utf-8")} if KEMI.is_file() else {}
    for path in sorted(REAL_MINUTES.iterdir()):
        if path.suffix.lower() == ".pdf":  # README.md and LICENSE are skipped
            out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False)
            texts[path.name] = out.stdout.decode("utf-8", "replace")
        elif path.suffix.lower() in (".htm", ".html"):
            raw = path.read_bytes()
            encoding = "utf-8"
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                encoding = "cp1252"
            texts[path.name] = html_text(raw.decode(encoding))
    cleaned = {}
    for name, text in texts.items():
        lines = [" ".join(line.split()) for line in text.replace("\f", "\n").splitlines()]
        cleaned[name] = "\n".join(line for line in lines if line)
    return cleaned
