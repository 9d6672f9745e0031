"""Decision records -> JSON shaped after the 6Aika Open Decision API (Popolo based).

One `event` per meeting (organ + date), one `case` per matter (diary number, else the section),
one `action` per § section with `article_number` = the §, its `contents` (proposal, proceedings,
decision) and `attachments`. Records of older stores without the newer keys export too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

CONTENT_TYPES = (
    ("proposal", "proposal", "Ehdotus"),
    ("processing", "proceedings", "Käsittely"),
    ("decision", "decision", "Päätös"),
)


# the function class (tehtäväluokka) inside a diary number: OUKA/899/02.06.01.04/2017, 730/2017 00.01.01.00
FUNCTION_CLASS = re.compile(r"\b\d\d(?:\.\d\d){1,4}\b")


def _slug(*parts: object) -> str:
    text = "-".join(str(part) for part in parts if part not in (None, ""))
    return re.sub(r"[^0-9a-zåäö]+", "-", text.lower()).strip("-")


def _datetime(date: str | None, time: str | None) -> str | None:
    if not date:
        return None
    return f"{date}T{time}:00" if time else date


def to_open_decision(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Open Decision `events`, `cases` and `actions` for decision records (Decision.to_dict() shape)."""
    events: dict[str, dict[str, Any]] = {}
    cases: dict[str, dict[str, Any]] = {}
    actions: list[dict[str, Any]] = []
    for record in records:
        meeting = record.get("meeting") or {}
        event_id = _slug(record.get("municipality"), record.get("organ"), record.get("meeting_date")) or "unknown"
        if event_id not in events:
            events[event_id] = {
                "id": event_id,
                "name": " ".join(p for p in (record.get("organ"), meeting.get("number")) if p) or None,
                "start_date": _datetime(record.get("meeting_date"), meeting.get("start_time")),
                "end_date": _datetime(record.get("meeting_date"), meeting.get("end_time")),
                "location": meeting.get("place"),
                "organization": record.get("organ"),
                "municipality": record.get("municipality"),
            }
        attachments = [
            {"name": name, "number": number, "public": True, "confidentiality_reason": None}
            for number, name in enumerate(record.get("attachments") or [], start=1)
        ]
        case_id = _slug(record.get("diary_number")) or _slug(event_id, "s", record["section"])
        cases.setdefault(
            case_id,
            {
                "id": case_id,
                "title": record["title"],
                "register_id": record.get("diary_number"),
                "function": _function(record.get("diary_number")),
                "attachments": [],
            },
        )["attachments"].extend(attachments)
        contents = []
        for key, kind, title in CONTENT_TYPES:
            if record.get(key):
                contents.append(
                    {
                        "ordering": len(contents) + 1,
                        "title": title,
                        "type": kind,
                        "hypertext": f"<p>{_escape(record[key])}</p>",
                    }
                )
        actions.append(
            {
                "id": _slug(event_id, "s", record["section"]),
                "title": record["title"],
                "ordering": len([a for a in actions if a["event"] == event_id]) + 1,
                "article_number": record["section"],
                "resolution": record.get("resolution"),
                "case": case_id,
                "event": event_id,
                "contents": contents,
                "attachments": attachments,
                "references": record.get("references") or [],
                "source": record.get("source"),
                "errors": record.get("errors") or [],
            }
        )
    return {"events": list(events.values()), "cases": list(cases.values()), "actions": actions}


def _function(diary_number: str | None) -> str | None:
    match = FUNCTION_CLASS.search(diary_number or "")
    return match.group() if match else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
