"""Coverage: journey stages x an axis (roles by default), a weighted score, and the
journey-level checks (empty stages, phase imbalance, the decision-to-onboarding bridge,
roles missing from a whole phase).

Everything here is a view of one :class:`~planner.model.Audit`. :func:`coverage_matrix`
returns the versioned coverage JSON (schema_version 1, docs/json.md) and memoises it in
``audit.extras`` so the CLI, the plan and the site read the same numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from planner.config import ConfigError, sections
from planner.config_errors import did_you_mean
from planner.yamltext import load_yaml
from planner.model import Audit, Document

SCHEMA_VERSION = 1
AXES = ("role", "persona", "format", "owner", "topic")
NONE = "(none)"
# findings of these rules describe the estate, not the page: they never make a page unhealthy
COVERAGE_RULES = frozenset({"stage-empty", "phase-imbalance", "handoff-bridge", "role-phase-gap"})
IN_PROGRESS = ("draft", "review")


# --------------------------------------------------------------------------- settings and data

def settings(config) -> dict[str, Any]:
    """The effective ``coverage`` section of planner.yml (the defaults when absent)."""
    return config.get("coverage") or sections()["coverage"]["defaults"]


@lru_cache(maxsize=1)
def stage_data() -> dict[str, Any]:
    """planner/data/coverage/stages.yml: formats, owners and title ideas per stage."""
    path = resources.files("planner") / "data" / "coverage" / "stages.yml"
    return load_yaml(path.read_text(encoding="utf-8")) or {}


def bands_in_order(cov: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted(cov["bands"].items(), key=lambda kv: kv[1])


def band_of(count: int, cov: dict[str, Any]) -> str:
    """The last band whose minimum ``count`` reaches."""
    name = bands_in_order(cov)[0][0]
    for band, minimum in bands_in_order(cov):
        if count >= minimum:
            name = band
    return name


def stage_weight(cov: dict[str, Any], stage: str) -> float:
    return float(cov.get("stage_weights", {}).get(stage, 1.0))


def column_weight(cov: dict[str, Any], column: str) -> float:
    return float(cov.get("column_weights", {}).get(column, 1.0))


def check_settings(config, where: str) -> None:
    """Coverage settings JSON Schema cannot check (bands, stage names); each error names
    the file and the line of the key."""
    cov = settings(config)
    stages = config.taxonomy["stages"]
    order = config.stage_order()
    minimums = [m for _, m in bands_in_order(cov)]
    if not minimums or minimums[0] != 0:
        raise ConfigError(f"{config.at(['coverage', 'bands'])}: 'coverage.bands' needs a band starting at 0 (the gap band)")
    if len(set(minimums)) != len(minimums):
        raise ConfigError(f"{config.at(['coverage', 'bands'])}: 'coverage.bands' has two bands with the same minimum")
    for name in cov.get("stage_weights", {}):
        if name not in stages:
            raise ConfigError(f"{config.at(['coverage', 'stage_weights', name])}: 'coverage.stage_weights.{name}' is not a stage"
                              f"{did_you_mean(str(name), order)}; expected one of: {', '.join(order)}")
    for key in ("from", "to"):
        name = cov.get("bridge", {}).get(key)
        if name and name not in stages:
            raise ConfigError(f"{config.at(['coverage', 'bridge', key])}: 'coverage.bridge.{key}' is {name!r}, not a stage"
                              f"{did_you_mean(str(name), order)}; expected one of: {', '.join(order)}")


# --------------------------------------------------------------------------- placing documents

@dataclass
class Placed:
    """A document that has a place in the journey."""

    doc: Document
    stage: str
    phase: str
    published: bool  # else in progress (draft, review)

    @property
    def path(self) -> str:
        return self.doc.relpath


def place(audit: Audit) -> tuple[list[Placed], list[dict[str, str]]]:
    """(documents placed on a known stage, untagged documents with the reason).
    Archived documents are neither: they left the journey on purpose."""
    config = audit.config
    stages = config.taxonomy["stages"]
    placed: list[Placed] = []
    untagged: list[dict[str, str]] = []
    for doc in audit.documents:
        tags = doc.tags
        if tags is None:
            untagged.append({"path": doc.relpath, "reason": "unreadable, so its tags are unknown"})
            continue
        if tags.status == "archived":
            continue
        if not tags.stage:
            untagged.append({"path": doc.relpath, "reason": "no stage"})
            continue
        if tags.stage not in stages:
            untagged.append({"path": doc.relpath, "reason": f"unknown stage '{tags.stage}'"})
            continue
        placed.append(Placed(doc, tags.stage, config.phase_of(tags.stage), tags.status == "published"))
    return placed, untagged


def values(p: Placed, axis: str) -> list[str]:
    """The document's values on an axis; ``(none)`` when it has none."""
    vals = list(dict.fromkeys(p.doc.tags.axis(axis)))
    return vals or [NONE]


def known_values(config, axis: str) -> list[str]:
    """The taxonomy's list for an axis (empty: any value is accepted)."""
    tax = config.taxonomy
    return list({"role": tax["roles"], "persona": tax["personas"], "format": tax["formats"],
                 "owner": tax["owners"], "topic": tax["topics"]}[axis])


def columns_for(config, axis: str, placed: list[Placed]) -> tuple[list[str], list[str], list[str]]:
    """(all columns in display order, the scored columns, the unknown ones)."""
    cov = settings(config)
    known = known_values(config, axis)
    seen: list[str] = []
    for p in placed:
        for v in values(p, axis):
            if v not in seen:
                seen.append(v)
    pinned = cov.get("columns", {}).get(axis)
    if pinned:
        expected = list(pinned)
    elif axis == "role" or (known and axis in ("persona", "topic")):
        expected = known
    elif known:  # format, owner: the taxonomy is a menu, not a target: score what is in use
        expected = [v for v in known if v in seen]
    else:
        expected = sorted(v for v in seen if v != NONE)
    unknown = sorted(v for v in seen if v != NONE and v not in expected and known and v not in known)
    extra = sorted(v for v in seen if v != NONE and v not in expected and v not in unknown)
    columns = expected + extra + unknown + ([NONE] if NONE in seen else [])
    return columns, expected, unknown


def axis_field(axis: str) -> str:
    """The front-matter field behind an axis (`roles` for the role axis)."""
    return "roles" if axis == "role" else axis


def unhealthy_paths(audit: Audit) -> set[str]:
    """Documents with an error or warning finding (estate-level findings aside)."""
    return {f.path for f in audit.findings
            if f.severity in ("error", "warning") and f.rule not in COVERAGE_RULES}


def is_stale(doc: Document, today: dt.date, days: int) -> bool:
    reviewed = doc.tags.reviewed if doc.tags else None
    return reviewed is not None and (today - reviewed).days > days


# --------------------------------------------------------------------------- the matrix

def coverage_matrix(audit: Audit, axis: str | None = None, *, today: dt.date | None = None) -> dict[str, Any]:
    """The coverage JSON (docs/json.md): stages x ``axis`` with counts, bands, the weighted
    score, gaps, journey checks, untagged documents and a confidence line.

    Memoised in ``audit.extras["coverage"]`` per (axis, today, number of findings), so
    every view shares one result; ``today`` is injectable for tests."""
    config = audit.config
    cov = settings(config)
    axis = axis or cov.get("axis", "role")
    if axis == "roles":
        axis = "role"
    if axis not in AXES:
        raise ValueError(f"unknown coverage axis {axis!r}; expected one of {', '.join(AXES)}")
    today = today or audit.as_of
    key = (axis, today.isoformat(), len(audit.findings))
    memo = audit.extras.setdefault("coverage", {})
    if key in memo:
        return memo[key]

    placed, untagged = place(audit)
    columns, expected, unknown = columns_for(config, axis, placed)
    unhealthy = unhealthy_paths(audit)
    stale_days = int(cov.get("stale_days", 365))
    order = config.stage_order()
    cells: list[dict[str, Any]] = []
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for stage in order:
        for col in columns:
            cell = {"stage": stage, "phase": config.phase_of(stage), "column": col, "published": 0,
                    "in_progress": 0, "healthy": 0, "stale": 0, "band": "", "documents": [],
                    "in_progress_documents": [], "stale_documents": [], "unhealthy_documents": [],
                    "scored": col in expected, "weight": round(stage_weight(cov, stage) * column_weight(cov, col), 4)}
            cells.append(cell)
            index[(stage, col)] = cell
    unknown_docs: dict[str, list[str]] = {}
    for p in sorted(placed, key=lambda p: p.path):
        for col in values(p, axis):
            cell = index[(p.stage, col)]
            if col in unknown:
                unknown_docs.setdefault(col, []).append(p.path)
            if not p.published:
                cell["in_progress"] += 1
                cell["in_progress_documents"].append(p.path)
                continue
            cell["published"] += 1
            cell["documents"].append(p.path)
            if p.path in unhealthy:
                cell["unhealthy_documents"].append(p.path)
            else:
                cell["healthy"] += 1
            if is_stale(p.doc, today, stale_days):
                cell["stale"] += 1
                cell["stale_documents"].append(p.path)
    for cell in cells:
        cell["band"] = band_of(cell["published"], cov)
        # every page in the cell, published first: `published` counts the first ones,
        # `in_progress_documents` names the rest (docs/json.md)
        cell["documents"] = cell["documents"] + cell["in_progress_documents"]

    minimum = int(cov.get("min_per_cell", 1))
    stage_totals = _stage_totals(placed, order, cov)
    # an axis no published page has cannot be judged cell by cell: its columns leave the
    # score, which falls back to the stages alone (and says so). Drafts do not decide
    # (one tagged draft must not turn every cell empty); with nothing published, they do.
    published = [p for p in placed if p.published]
    judged = published or placed
    axis_missing = bool(judged) and all(values(p, axis) == [NONE] for p in judged)
    if axis_missing:
        for c in cells:
            c["scored"] = False
        scored = [{"stage": s, "column": NONE, "weight": stage_weight(cov, s), "published": stage_totals[s]["published"],
                   "band": stage_totals[s]["band"]} for s in order]
    else:
        scored = [c for c in cells if c["scored"]]
    total_w = sum(c["weight"] for c in scored)
    met_w = sum(c["weight"] for c in scored if c["published"] >= minimum)
    exact = 100.0 * met_w / total_w if total_w else 0.0
    audit.extras.setdefault("coverage_exact", {})[key] = exact
    score = round(exact, 1)
    column_rank = {c: i for i, c in enumerate(expected)}
    gaps = sorted((c for c in scored if c["published"] < minimum),
                  key=lambda c: (-c["weight"], order.index(c["stage"]), column_rank.get(c["column"], len(column_rank))))
    field_name = axis_field(axis)
    warnings = []
    if axis_missing:
        warnings.append(f"no published document has `{field_name}`: tag {field_name} or view coverage by stage only; "
                        f"the score counts stages, not stage × {axis} cells")
    lacking = sum(1 for p in published if values(p, axis) == [NONE])
    if lacking and not axis_missing and axis == "role":  # persona, topic...: optional fields
        warnings.append(f"{lacking} of {len(published)} published documents have no `{field_name}`: the score sees only "
                        f"the other {len(published) - lacking}, so it can read lower than by stage; tag them "
                        f"(`planner plan` lists them)")
    warnings += [f"{len(paths)} document{'s' if len(paths) != 1 else ''} with unknown {axis} '{value}' "
                 f"({', '.join(paths)}): counted in its own column, outside the score; fix the tag or add it to the taxonomy"
                 for value, paths in sorted(unknown_docs.items())]
    dated = sum(1 for p in published if p.doc.tags.reviewed is not None)
    result = {
        "schema_version": SCHEMA_VERSION,
        "axis": axis,
        "stages": [{"phase": config.phase_of(s), "stage": s} for s in order],
        "columns": columns,
        "cells": cells,
        "score": score,
        "gaps": [{"stage": c["stage"], "column": c["column"], "band": c["band"], "weight": c["weight"]} for c in gaps],
        "min_per_cell": minimum,
        "bands": dict(bands_in_order(cov)),
        "today": today.isoformat(),
        "stale_days": stale_days,
        "unknown_columns": unknown,
        "untagged": untagged,
        "confidence": _confidence(len(placed) + len(untagged), untagged, unknown_docs, axis,
                                  sum(1 for p in placed if values(p, axis) == [NONE])),
        "score_basis": "stage" if axis_missing else "cell",
        "axis_missing": axis_missing,
        "axis_tagged": sum(1 for p in judged if values(p, axis) != [NONE]),
        "totals": {"documents": len(audit.documents), "placed": len(placed), "published": len(published),
                   "in_progress": len(placed) - len(published),
                   "healthy": sum(1 for p in published if p.path not in unhealthy),
                   # stale is only known for pages with a review date: `dated` says how many
                   "stale": sum(1 for p in published if is_stale(p.doc, today, stale_days)) if dated else None,
                   "dated": dated,
                   "untagged": len(untagged)},
        "stage_totals": stage_totals,
        "checks": journey_checks(audit, placed),
        "warnings": warnings,
    }
    memo[key] = result
    return result


def exact_score(audit: Audit, axis: str | None = None, *, today: dt.date | None = None) -> float:
    """The score unrounded (the JSON's ``score`` is rounded to 0.1): what a CI gate compares,
    so 89.58% does not pass ``--fail-under 89.6``."""
    m = coverage_matrix(audit, axis, today=today)
    return audit.extras["coverage_exact"][(m["axis"], m["today"], len(audit.findings))]


def _stage_totals(placed: list[Placed], order: list[str], cov: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Distinct documents per stage (a page for two roles counts once), with a band."""
    out = {}
    for stage in order:
        published = sum(1 for p in placed if p.stage == stage and p.published)
        drafts = sum(1 for p in placed if p.stage == stage and not p.published)
        out[stage] = {"published": published, "in_progress": drafts, "band": band_of(published, cov)}
    return out


def _confidence(total: int, untagged: list[dict], unknown_docs: dict[str, list[str]], axis: str,
                none: int = 0) -> dict[str, Any]:
    """How far the score can be trusted: untagged documents, and documents with no or an
    unknown value on the axis, are invisible to it."""
    off_axis = len({p for paths in unknown_docs.values() for p in paths}) + none
    if total == 0:
        return {"level": "none", "placed": 0, "total": 0, "message": "no documents to map"}
    placed = total - len(untagged)
    share = placed / total
    share = min(share, 1 - off_axis / total)
    level = "high" if not untagged and not off_axis else "medium" if share >= 0.9 else "low"
    parts = [f"{placed} of {total} documents placed on a stage"]
    if untagged:
        parts.append(f"{len(untagged)} untagged and not counted: " + ", ".join(u["path"] for u in untagged[:5])
                     + (", ..." if len(untagged) > 5 else ""))
    if off_axis - none:
        parts.append(f"{off_axis - none} with an unknown {axis} counted outside the score")
    if none:
        parts.append(f"{none} with no {axis} (column {NONE}) counted outside the score")
    return {"level": level, "placed": placed, "total": total, "message": "; ".join(parts)}


# --------------------------------------------------------------------------- journey checks

def _check(check: str, message: str, anchor: Placed | None, documents: list[str], why: str,
           line_key: str | None = None, **extra: Any) -> dict[str, Any]:
    line = anchor.doc.meta_lines.get(line_key or "stage", 1) if anchor else 1
    return {"check": check, "message": message, "path": anchor.path if anchor else None, "line": line,
            "documents": documents, "why": why, **extra}


def journey_checks(audit: Audit, placed: list[Placed] | None = None) -> list[dict[str, Any]]:
    """Estate-level problems, from the tags alone (so lint's corpus rules can call this
    before every finding is in). Each names the document a finding should point at."""
    config = audit.config
    cov = settings(config)
    if placed is None:
        placed, _ = place(audit)
    live = sorted((p for p in placed if p.published), key=lambda p: p.path)
    if not live:
        return []
    order = config.stage_order()
    by_stage = {s: [p for p in live if p.stage == s] for s in order}
    out: list[dict[str, Any]] = []

    # stages with nothing published, one check per run of empty stages: point at the
    # pages that hand off to the hole (or, when the journey starts with it, the first after)
    runs: list[list[str]] = []
    for i, stage in enumerate(order):
        if not by_stage[stage]:
            if runs and order.index(runs[-1][-1]) == i - 1:
                runs[-1].append(stage)
            else:
                runs.append([stage])
    for run in runs:
        i, j = order.index(run[0]), order.index(run[-1])
        before = [s for s in reversed(order[:i]) if by_stage[s]]
        after = [s for s in order[j + 1:] if by_stage[s]]
        anchor = by_stage[before[0]][0] if before else by_stage[after[0]][0]
        drafts = [p.path for p in placed if p.stage in run and not p.published]
        note = f" ({len(drafts)} in progress)" if drafts else ""
        named = ", ".join(run)
        if before:
            msg = f"no published {named} content{note}: readers of {anchor.stage} pages such as this one have nowhere to go next"
        else:
            msg = f"no published {named} content{note}: the journey starts at {anchor.stage}, with pages such as this one"
        phases_hit = sorted({config.phase_of(s) for s in run})
        out.append(_check("stage-empty", msg, anchor, drafts,
                          f"{'A whole stage' if len(run) == 1 else 'Whole stages'} of the {' and '.join(phases_hit)} journey "
                          f"{'is' if len(run) == 1 else 'are'} missing; readers drop out at that point.",
                          stage=run[0], stages=run, evidence=[f"stage: {x}" for x in run]))

    # buyer vs customer balance
    phases = list(config.taxonomy["phases"])
    counts = {ph: sum(1 for p in live if p.phase == ph) for ph in phases}
    ratio = float(cov.get("imbalance_ratio", 3.0))
    if len(phases) >= 2:
        a, b = phases[0], phases[1]
        heavy, light = (a, b) if counts[a] >= counts[b] else (b, a)
        if counts[light] and counts[heavy] / counts[light] > ratio:
            lights = [p for s in order for p in by_stage[s] if p.phase == light]
            out.append(_check("phase-imbalance",
                              f"{counts[heavy]} published {heavy} documents but only {counts[light]} {light}: more than {ratio:g} to 1",
                              lights[0], [p.path for p in lights],
                              "Buyer content is the foundation and the customer journey keeps the relationship: one side starved breaks the handoff.",
                              counts=counts, evidence=[f"{heavy}: {counts[heavy]}", f"{light}: {counts[light]}"]))

    # the handoff bridge: every topic/persona with decision content has onboarding content
    bridge = cov.get("bridge", {})
    src, dst = bridge.get("from"), bridge.get("to")
    if src in by_stage and dst in by_stage:
        for axis in bridge.get("axes", []):
            have = {v for p in by_stage[dst] for v in p.doc.tags.axis(axis)}
            missing: dict[str, list[Placed]] = {}
            for p in by_stage[src]:
                for v in p.doc.tags.axis(axis):
                    if v not in have:
                        missing.setdefault(v, []).append(p)
            for value, docs in sorted(missing.items()):
                drafts = [p.path for p in placed if p.stage == dst and not p.published and value in p.doc.tags.axis(axis)]
                note = f" ({', '.join(drafts)} in progress)" if drafts else ""
                for p in docs:
                    out.append(_check("handoff-bridge",
                                      f"{src} page for {axis} '{value}' has no {dst} follow-up: no published {dst} document has {axis} '{value}'{note}",
                                      p, [d.path for d in docs], "The handoff should feel like one relationship: a reader who chooses on this page should find the first step on the same subject once they have bought.",
                                      line_key="roles" if axis == "role" else axis, axis=axis, value=value, stage=dst,
                                      evidence=[f"{axis}: {value}"]))

    # roles with nothing in a whole phase (only where the estate tags roles at all)
    if not any(p.doc.tags.roles for p in live):
        return out
    for role in config.roles():
        mine = [p for s in order for p in by_stage[s] if role in p.doc.tags.roles]
        if not mine:
            out.append(_check("role-phase-gap", f"no published content at all for the {role} role",
                              live[0], [], f"The {role} is part of the decision-making unit; nothing speaks to them.",
                              line_key="roles", role=role, phase=None, evidence=[f"role: {role}"]))
            continue
        for phase in phases:
            if any(p.phase == phase for p in mine):
                continue
            # the last page they read before the gap, or the first after it
            anchor = mine[-1] if phases.index(phase) > phases.index(mine[-1].phase) else mine[0]
            out.append(_check("role-phase-gap", f"no published {phase} content for the {role} role",
                              anchor, [p.path for p in mine],
                              f"The {role} is part of the decision-making unit on both sides of the sale; a phase without anything for them loses them there.",
                              line_key="roles", role=role, phase=phase, evidence=[f"role: {role}", f"phase: {phase}"]))
    return out
