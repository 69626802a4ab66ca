"""The store's records as data: each result's parts to JSON-ready values and back.

Reading validates every value's type and shape, since a store can come from anywhere
(another branch, a fork's CI cache, a crafted file): what is not what planner writes
raises :class:`Invalid`, and the store ignores and rebuilds that entry.
"""
from __future__ import annotations

import datetime as dt
import re
from itertools import chain, product
from typing import Any

from planner.model import Analysis, DocSummary, Finding, Tags, checked_sentences


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


# Every warm run reads ten thousand stored summaries: the checks below test each value's
# exact type (JSON gives exact types) with set operations that run at C speed, in one
# pass over each table, rather than one Python call per value.
_TEXT_OR_NONE = frozenset({str, type(None)})
_TEXT = frozenset({str})
_INTS = frozenset({int})
_NUMBER_TYPES = frozenset({int, float, type(None)})
_TABLE_TYPES = _NUMBER_TYPES | {dict, list}  # nested tables (e.g. per-stage scores) are checked where read
_REAL = frozenset({int, float})
_LISTS = frozenset({list})
_VOICE_ROW = frozenset({9})  # start, end, words, you, we and the hits of the four kinds


def tags_from(d: Any) -> Tags | None:
    if d is None:
        return None
    if type(d) is not dict:
        raise Invalid("expected a mapping")
    get = d.get
    text = {k: get(k) for k in _TAG_TEXT}
    roles = get("roles", [])
    status, reviewed = get("status", "published"), get("reviewed")
    if type(roles) is not list or not _TEXT_OR_NONE.issuperset(map(type, text.values())) \
            or not _TEXT.issuperset(map(type, roles)) or type(status) is not str \
            or type(d["id"]) is not str or not (reviewed is None or type(reviewed) is str):
        raise Invalid("malformed tags")
    return Tags(id=d["id"], roles=list(roles), status=status,
                reviewed=dt.date.fromisoformat(reviewed) if reviewed is not None else None,
                phase_implied=bool(get("phase_implied", False)), **text)


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


def _numbers(d: Any) -> dict:
    """A table of numbers (None allowed). (Its keys are text: JSON's always are.)"""
    if type(d) is not dict or not _TABLE_TYPES.issuperset(map(type, d.values())):
        raise Invalid("expected a table of numbers")
    return d


def summary_analysis_from(d: Any) -> Analysis:
    """A summary analysis (Analysis.summary), checked down to its numbers: corpus rules
    and reporters compute with them."""
    a = analysis_from(d)
    if a.readability is not None:
        _numbers(a.readability)
    tone = a.tone
    if tone is not None:
        _numbers(tone.get("scores", {}))
        _numbers(tone.get("counts", {}))
        if tone.get("voice") is not None:
            _voice(tone["voice"])
    if a.journey is not None and a.journey.get("predicted") is not None:
        pred = _dict(a.journey["predicted"])
        if not _TEXT_OR_NONE.issuperset((type(pred.get("phase")), type(pred.get("stage")))):
            raise Invalid("malformed prediction")
        _numbers(pred.get("scores") or {})
    return a


def _voice(d: Any) -> None:
    """A voice record (planner.tone.voice): rows of numbers that section-drift and
    tone-drift compute with."""
    d = _dict(d)
    total, rows, sections = d.get("total", []), d.get("rows", []), d.get("sections", [])
    if type(total) is not list or type(rows) is not list or type(sections) is not list:
        raise Invalid("malformed voice record")
    rows = rows + sections
    if len(total) != 5 or not _LISTS.issuperset(map(type, rows)) or not _VOICE_ROW.issuperset(map(len, rows)) \
            or not _REAL.issuperset(map(type, total)) or not _REAL.issuperset(map(type, chain.from_iterable(rows))):
        raise Invalid("malformed voice record")


def summary_to(s: DocSummary) -> dict[str, Any]:
    # not its path, relpath or sha256: the entry's key is of those, and the run knows them
    # (a file too large to load is not hashed: "hashed" says so)
    return {"ok": s.ok, "hashed": bool(s.sha256), "body_line": s.body_line, "line_count": s.line_count,
            "tags": tags_to(s.tags), "meta_lines": s.meta_lines, "comments": [list(c) for c in s.comments],
            "analysis": s.analysis.to_dict() if s.analysis is not None else None}


def summary_from(d: Any, relpath: str, path: str, sha256: str) -> DocSummary:
    if type(d) is not dict:
        raise Invalid("expected a mapping")
    meta_lines, comments = d["meta_lines"], d["comments"]
    if type(meta_lines) is not dict or not _INTS.issuperset(map(type, meta_lines.values())):
        raise Invalid("malformed meta_lines")
    if type(comments) is not list:
        raise Invalid("expected a list")
    if comments:
        comments = [(_int(c[0]), _str(c[1])) for c in (_list(x) for x in comments) if len(c) == 2]
    body_line, line_count = d["body_line"], d["line_count"]
    if type(body_line) is not int or type(line_count) is not int:
        raise Invalid("expected a whole number")
    analysis = d["analysis"]
    return DocSummary(relpath=relpath, path=path, sha256=sha256 if d["hashed"] is True else "", ok=bool(d["ok"]),
                      body_line=body_line, line_count=line_count, tags=tags_from(d["tags"]),
                      meta_lines=meta_lines, comments=comments,
                      analysis=summary_analysis_from(analysis) if analysis is not None else None)


_FINDING_KEYS = ("path", "rule", "severity", "message", "line", "column", "end_line", "end_column", "evidence",
                 "fix", "why", "sentences", "fingerprint")


def finding_to(f: Finding) -> dict[str, Any]:
    return {k: getattr(f, k) for k in _FINDING_KEYS}


_FINDING_TYPES = {"path": (str,), "rule": (str,), "severity": (str,), "message": (str,), "line": (int,),
                  "column": (int,), "end_line": (int, type(None)), "end_column": (int, type(None)), "evidence": (list,),
                  "fix": (dict, type(None)), "why": (str,), "sentences": (list,), "fingerprint": (str,)}
# every allowed combination of the fields' types, in _FINDING_KEYS order: one lookup per finding
_FINDING_SHAPES = frozenset(product(*(_FINDING_TYPES[k] for k in _FINDING_KEYS)))
_FINGERPRINT = re.compile(r"(?:[0-9a-f]{20})?")  # planner.fingerprint's, or none yet


def finding_from(d: Any) -> Finding:
    if type(d) is not dict or d.keys() != _FINDING_TYPES.keys() \
            or tuple(map(type, map(d.__getitem__, _FINDING_KEYS))) not in _FINDING_SHAPES:
        raise Invalid("malformed finding")
    if not _TEXT.issuperset(map(type, d["evidence"])):
        raise Invalid("malformed evidence")
    if not _FINGERPRINT.fullmatch(d["fingerprint"]):
        raise Invalid("malformed fingerprint")
    checked_sentences(d["sentences"])
    return Finding(**d)


def findings_from(d: Any) -> list[Finding]:
    return [finding_from(f) for f in _list(d)]
