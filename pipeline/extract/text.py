"""Text files left by older OCR: UTF-8 or legacy 8-bit encodings, pages split at form feeds."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError

# bytes that never occur in text: NUL and the C0 controls other than tab, newline, CR, FF, ESC
_BINARY = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes; else cp1252, the usual Windows OCR output;
    bytes cp1252 leaves undefined fall back to latin-1 so nothing is lost and nothing crashes."""
    if data.count(b"\x00") or sum(data.count(bytes([b])) for b in _BINARY) > max(8, len(data) // 100):
        raise InputError("binary content, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_pages(path: Path) -> list[str]:
    text = decode(path.read_bytes())
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
