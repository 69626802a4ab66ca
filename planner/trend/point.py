"""One point of the trend: what ``planner coverage`` and ``planner lint`` say about an
audit, as the few numbers a chart or a spreadsheet wants.

Every number is read from the same views those commands print (the coverage JSON of
:func:`planner.coverage.coverage_matrix`, :meth:`Audit.counts`, the findings), so a
point equals their output at that commit.
"""
from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from planner.coverage import coverage_matrix
from planner.model import Audit
from planner.trend.history import Snapshot

READABILITY = ("flesch_reading_ease", "grade")
# the fields every point has, in the order the CSV and the table show them
NUMBERS = ("score", "documents", "published", "in_progress", "stale", "untagged", "phase_mismatch")


def commit_fields(snap: Snapshot) -> dict[str, Any]:
    c = snap.commit
    return {"commit": c.oid, "short": c.oid[:7], "date": c.date.isoformat(), "subject": c.subject,
            "config": snap.config_from, "today": c.date.date().isoformat()}


def error_point(snap: Snapshot, message: str) -> dict[str, Any]:
    """A commit planner cannot audit (its planner.yml is invalid, its content folder is
    missing): a point that says why, with no numbers."""
    point = commit_fields(snap)
    point.update({k: None for k in NUMBERS}, score_basis=None, axis=None)
    point.update(stages={}, findings={}, rules={}, readability={}, tone={}, product_names=[], error=message)
    return point


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def phase_medians(audit: Audit) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, float | None]]]:
    """(readability, tone): per journey phase, the median of each measure over the
    documents of that phase's stages (as the site's dashboard counts them)."""
    config = audit.config
    read: dict[str, dict[str, list[float]]] = {p: {} for p in config.taxonomy["phases"]}
    tone: dict[str, dict[str, list[float]]] = {p: {} for p in config.taxonomy["phases"]}
    for doc in audit.documents:
        phase = config.phase_of(doc.tags.stage) if doc.tags else None
        a = audit.analyses.get(doc.relpath)
        if phase not in read or a is None:
            continue
        for key in READABILITY:
            v = (a.readability or {}).get(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                read[phase].setdefault(key, []).append(float(v))
        for key, v in ((a.tone or {}).get("scores") or {}).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                tone[phase].setdefault(key, []).append(float(v))
    return ({p: {k: _median(vs) for k, vs in sorted(m.items())} for p, m in read.items()},
            {p: {k: _median(vs) for k, vs in sorted(m.items())} for p, m in tone.items()})


def point(snap: Snapshot, audit: Audit, axis: str | None = None) -> dict[str, Any]:
    """The point for ``snap``'s commit, from its audit."""
    m = coverage_matrix(audit, axis)
    t = m["totals"]
    shown = [f for f in audit.findings if not f.baseline]
    rules = Counter(f.rule for f in shown)
    readability, tone = phase_medians(audit)
    p = commit_fields(snap)
    p.update({
        "score": m["score"], "score_basis": m["score_basis"], "axis": m["axis"],
        "documents": len(audit.documents), "published": t["published"], "in_progress": t["in_progress"],
        "stale": t["stale"], "untagged": t["untagged"], "phase_mismatch": rules.get("phase-mismatch", 0),
        "stages": {s: {"published": v["published"], "in_progress": v["in_progress"]} for s, v in m["stage_totals"].items()},
        "findings": audit.counts(), "rules": dict(sorted(rules.items())),
        "readability": readability, "tone": tone,
        "product_names": list((audit.config.estate or {}).get("product_names") or []), "error": None,
    })
    return p
