"""`--format json`: the versioned contract of docs/json.md (schema_version 1).

Layout: the envelope is indented, and each document and each finding is one line.
That keeps the report greppable and diff-friendly (one changed finding is one changed
line), and lets every record go through json's C encoder, which ``indent=`` disables:
a 10,000-document report is written in a fifth of the time.
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from planner import __version__
from planner.textsafe import json_safe

SCHEMA_VERSION = 1
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str)

# Set only in a planner daemon (planner.daemon.memo.Memo): the document lines it encoded,
# before the request's process was forked, from the very summary and analysis objects
# that process is handed; ``encoded.line(doc, analysis)`` gives one, or None
encoded: Any = None


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


def audit_json(audit, records: bool = True) -> dict[str, Any]:
    """The report as data (``records=False``: without the per-document records)."""
    counts = audit.counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "planner", "version": __version__,
                 **({"journey": audit.extras["journey"]} if audit.extras.get("journey") else {})},
        "summary": {"documents": len(audit.documents), **counts},
        "documents": [document_record(d, audit.analyses.get(d.relpath)) for d in audit.documents] if records else [],
        "findings": [f.to_dict() for f in audit.findings if not f.baseline],
    }


def document_line(doc, analysis) -> str:
    """One document's record as its line of the report."""
    return _ONE_LINE.encode(document_record(doc, analysis))


class _Encoded(str):
    """A value already encoded as JSON text; written as it is."""


def write_json(data: dict[str, Any], out: TextIO) -> None:
    """``data`` as JSON: one key per line, and lists one item per line."""
    encode = _ONE_LINE.encode

    def item(value) -> str:
        return value if isinstance(value, _Encoded) else encode(value)

    out.write("{")
    for i, (key, value) in enumerate(data.items()):
        out.write(("," if i else "") + "\n  " + json_safe(encode(key)) + ": ")
        if isinstance(value, list) and value:
            # written in parts: a large report's lists are tens of megabytes, each copy counts
            out.write("[\n    ")
            out.write(json_safe(",\n    ".join(map(item, value))))
            out.write("\n  ]")
        else:
            out.write(json_safe(encode(value)))
    out.write("\n}\n")


def render(audit, out: TextIO, *, color: bool = False) -> None:
    data = audit_json(audit, records=False)
    analyses, kept = audit.analyses, encoded.line if encoded is not None else (lambda d, a: None)
    data["documents"] = [_Encoded(kept(d, a) or document_line(d, a))
                         for d, a in ((d, analyses.get(d.relpath)) for d in audit.documents)]
    write_json(data, out)
