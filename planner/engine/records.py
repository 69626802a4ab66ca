"""The store's records as data: each result's parts to JSON-ready values and back.

Reading validates every value's type and shape, since a store can come from anywhere
(another branch, a fork's CI cache, a crafted file): what is not what planner writes
raises :class:`Invalid`, and the store ignores and rebuilds that entry.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from planner.model import Analysis, DocSummary, Finding, Tags


class Invalid(ValueError):
    """Stored data that is not what planner writes."""


def _list(x: Any) -> list:
    if not isinstance(x, list):
        raise Invalid("expected a list")
    return x


def _dict(x: Any) -> dict:
    if not isinstance(x, dict):
        raise Invalid("expected a mapping")
    return x


def _str(x: Any, none: bool = False) -> Any:
    if x is None and none:
        return None
    if not isinstance(x, str):
        raise Invalid("expected text")
    return x


def _int(x: Any) -> int:
    if not isinstance(x, int) or isinstance(x, bool):
        raise Invalid("expected a whole number")
    return x


_TAG_TEXT = ("title", "phase", "stage", "persona", "format", "owner", "cta", "topic")


def tags_to(t: Tags | None) -> dict[str, Any] | None:
    if t is None:
        return None
    d = t.to_dict()
    d["phase_implied"] = t.phase_implied
    return d


_TEXT_OR_NONE = frozenset({str, type(None)})


def tags_from(d: Any) -> Tags | None:
    if d is None:
        return None
    d = _dict(d)
    text = {k: d.get(k) for k in _TAG_TEXT}
    roles = _list(d.get("roles", []))
    if not _TEXT_OR_NONE.issuperset(map(type, text.values())) or not {str}.issuperset(map(type, roles)):
        raise Invalid("malformed tags")
    reviewed = d.get("reviewed")
    return Tags(id=_str(d["id"]), roles=list(roles), status=_str(d.get("status", "published")),
                reviewed=dt.date.fromisoformat(_str(reviewed)) if reviewed is not None else None,
                phase_implied=bool(d.get("phase_implied", False)), **text)


def analysis_from(d: Any) -> Analysis:
    d = _dict(d)
    a = Analysis.from_dict(d)
    _int(a.words)
    _str(a.language)
    _list(a.sentences)
    for part in (a.journey, a.readability, a.tone):
        if part is not None:
            _dict(part)
    return a


_NUMBER_TYPES = frozenset({int, float, type(None)})
_TABLE_TYPES = _NUMBER_TYPES | {dict, list}  # nested tables (e.g. per-stage scores) are checked where read


def _numbers(d: Any) -> dict:
    """A table of numbers (None allowed), checked at C speed: every warm run checks
    ten thousand of them. (Its keys are text: JSON's always are.)"""
    d = _dict(d)
    if not _TABLE_TYPES.issuperset(map(type, d.values())):
        raise Invalid("expected a table of numbers")
    return d


def summary_analysis_from(d: Any) -> Analysis:
    """A summary analysis (Analysis.summary), checked down to its numbers: corpus rules
    and reporters compute with them."""
    a = analysis_from(d)
    if a.readability is not None:
        _numbers(a.readability)
    if a.tone is not None:
        _numbers(a.tone.get("scores", {}))
        _numbers(a.tone.get("counts", {}))
        if a.tone.get("voice") is not None:
            _voice(a.tone["voice"])
    if a.journey is not None and a.journey.get("predicted") is not None:
        pred = _dict(a.journey["predicted"])
        _str(pred.get("phase"), none=True)
        _str(pred.get("stage"), none=True)
        _numbers(pred.get("scores") or {})
    return a


_REAL = frozenset({int, float})


def _voice(d: Any) -> None:
    """A voice record (planner.tone.voice): rows of numbers that section-drift and
    tone-drift compute with."""
    d = _dict(d)
    rows = [_list(d.get("total", []))] + _list(d.get("rows", [])) + _list(d.get("sections", []))
    if not all(type(r) is list and _REAL.issuperset(map(type, r)) for r in rows) \
            or any(len(r) != 9 for r in rows[1:]) or len(rows[0]) != 5:
        raise Invalid("malformed voice record")


def summary_to(s: DocSummary) -> dict[str, Any]:
    # not its path, relpath or sha256: the entry's key is of those, and the run knows them
    # (a file too large to load is not hashed: "hashed" says so)
    return {"ok": s.ok, "hashed": bool(s.sha256), "body_line": s.body_line, "line_count": s.line_count,
            "tags": tags_to(s.tags), "meta_lines": s.meta_lines, "comments": [list(c) for c in s.comments],
            "analysis": s.analysis.to_dict() if s.analysis is not None else None}


def summary_from(d: Any, relpath: str, path: str, sha256: str) -> DocSummary:
    d = _dict(d)
    meta_lines = _dict(d["meta_lines"])
    if not {int}.issuperset(map(type, meta_lines.values())):
        raise Invalid("malformed meta_lines")
    comments = [(_int(c[0]), _str(c[1])) for c in (_list(x) for x in _list(d["comments"])) if len(c) == 2]
    return DocSummary(relpath=relpath, path=path, sha256=sha256 if d["hashed"] is True else "", ok=bool(d["ok"]),
                      body_line=_int(d["body_line"]), line_count=_int(d["line_count"]), tags=tags_from(d["tags"]),
                      meta_lines=meta_lines, comments=comments,
                      analysis=summary_analysis_from(d["analysis"]) if d["analysis"] is not None else None)


_FINDING_KEYS = ("path", "rule", "severity", "message", "line", "column", "end_line", "end_column", "evidence",
                 "fix", "why", "sentences", "fingerprint")


def finding_to(f: Finding) -> dict[str, Any]:
    return {k: getattr(f, k) for k in _FINDING_KEYS}


_FINDING_TYPES = {"path": (str,), "rule": (str,), "severity": (str,), "message": (str,), "line": (int,),
                  "column": (int,), "end_line": (int, type(None)), "end_column": (int, type(None)), "evidence": (list,),
                  "fix": (dict, type(None)), "why": (str,), "sentences": (list,), "fingerprint": (str,)}
_FINGERPRINT = re.compile(r"(?:[0-9a-f]{20})?")  # planner.fingerprint's, or none yet


def finding_from(d: Any) -> Finding:
    d = _dict(d)
    if d.keys() != _FINDING_TYPES.keys() or not all(type(d[k]) in t for k, t in _FINDING_TYPES.items()):
        raise Invalid("malformed finding")
    if not set(map(type, d["evidence"])) <= {str}:
        raise Invalid("malformed evidence")
    if not _FINGERPRINT.fullmatch(d["fingerprint"]):
        raise Invalid("malformed fingerprint")
    for s in d["sentences"]:
        _sentence(s)
    return Finding(**d)


def _sentence(s: Any) -> dict[str, Any]:
    s = _dict(s)
    _str(s["text"])
    for k in ("line", "column", "end_line", "end_column"):
        _int(s[k])
    for h in _list(s.get("highlights", [])):
        if len(_list(h)) != 2:
            raise Invalid("malformed highlight")
        _int(h[0]), _int(h[1])
    return s


def findings_from(d: Any) -> list[Finding]:
    return [finding_from(f) for f in _list(d)]
