"""`--format json`: the versioned contract in DESIGN.md (schema_version 1)."""
from __future__ import annotations

import json
from typing import Any, TextIO

from planner import __version__
from planner.reporters import reporter

SCHEMA_VERSION = 1


def document_record(doc, analysis) -> dict[str, Any]:
    tags = doc.tags
    rec: dict[str, Any] = {
        "path": doc.relpath,
        "id": tags.id if tags else doc.relpath,
        "title": tags.title if tags else None,
        "phase": tags.phase if tags else None,
        "stage": tags.stage if tags else None,
        "roles": list(tags.roles) if tags else [],
        "status": tags.status if tags else None,
        "words": analysis.words if analysis else 0,
    }
    if tags:
        for key in ("persona", "format", "owner", "cta", "topic"):
            rec[key] = getattr(tags, key)
        rec["reviewed"] = tags.reviewed.isoformat() if tags.reviewed else None
    if analysis is not None:
        if analysis.journey and analysis.journey.get("predicted"):
            rec["predicted"] = analysis.journey["predicted"]
        if analysis.readability:
            rec["readability"] = analysis.readability
        if analysis.tone:
            rec["tone"] = analysis.tone.get("scores", analysis.tone) if isinstance(analysis.tone, dict) else analysis.tone
        if analysis.language != "en":
            rec["language"] = analysis.language
    return rec


def audit_json(audit) -> dict[str, Any]:
    counts = audit.counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "planner", "version": __version__},
        "summary": {"documents": len(audit.documents), **counts},
        "documents": [document_record(d, audit.analyses.get(d.relpath)) for d in audit.documents],
        "findings": [f.to_dict() for f in audit.findings if not f.baseline],
    }


@reporter("json")
def render(audit, out: TextIO, *, color: bool = False) -> None:
    json.dump(audit_json(audit), out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")
