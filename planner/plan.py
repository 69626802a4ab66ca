"""The content plan: one ranked backlog of what to write, fix or review next.

Items come from one Audit and its coverage matrix (:func:`planner.coverage.coverage_matrix`):

- ``gap`` / ``thin``: a stage x column cell below the covered band. Priority is
  ``plan.gap x stage weight x column weight x deficit x (1 + neighbourhood emptiness) / 2``,
  where the deficit is how far the cell is from the covered band and the emptiness is
  the share of the cells around it (same stage, and the same column one stage either
  side) that are below covered: the figure the item's "why" line gives.
- ``bridge``: a decision topic or persona with no onboarding follow-up.
- ``fix``: a document with error or warning findings, or any tag finding, grouped into one item.
- ``review``: a published document whose ``reviewed`` date is older than ``stale_days``.
- ``crowded``: a cell in the crowded band (possible duplication), low priority.
- ``tag``: the coverage axis is missing on published pages (no ``roles``, say). When no
  published page has it, the matrix cannot be judged cell by cell: tagging ranks above
  every gap (which then falls back to whole stages); when some lack it, the same
  priority is scaled by their share.

Every item says why it ranks where it does, and suggests a format and an owner that
fit its stage (planner/data/coverage/stages.yml); gaps come with a ready
``planner new`` command.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from typing import Any

from planner.coverage import (NONE, Placed, axis_field, column_weight, coverage_matrix, is_stale, place, settings,
                              stage_data, stage_weight, values)
from planner.draftnames import draft_path
from planner.model import Audit, Finding

KIND_ORDER = ("tag", "fix", "bridge", "gap", "thin", "review", "crowded")
_NEW_FLAG = {"role": "--role", "persona": "--persona", "format": "--format", "owner": "--owner", "topic": "--topic"}


def _quote(s: str) -> str:
    """A double-quoted shell word (titles are ours, but a team's data may hold anything)."""
    return '"' + "".join("\\" + c if c in '"\\$`' else c for c in s) + '"'


def suggestion(config, stage: str, axis: str | None = None, column: str | None = None) -> dict[str, str]:
    """Format, owner and a title idea fitting ``stage`` (and the column, for a role)."""
    data = stage_data()
    spec = data.get("stages", {}).get(stage) or {}
    fallback = data.get("phases", {}).get(config.phase_of(stage) or "", {})
    fmt = (spec.get("formats") or fallback.get("formats") or ["guide"])[0]
    owner = (spec.get("owners") or fallback.get("owners") or ["marketing"])[0]
    title = spec.get("title") or f"A {stage} page for {{audience}}"
    if axis == "role" and column in (spec.get("roles") or {}):
        override = spec["roles"][column]
        fmt, owner, title = override.get("format", fmt), override.get("owner", owner), override.get("title", title)
    if axis == "format" and column and column != NONE:
        fmt = column
    if axis == "owner" and column and column != NONE:
        owner = column
    audiences = data.get("audiences", {})
    if axis == "role" or column in (None, NONE):
        audience = audiences.get(column or NONE, column or "your readers")
    elif axis == "persona":
        audience = column.replace("-", " ") + "s"
    elif axis == "topic":
        audience = f"teams working on {column.replace('-', ' ')}"
    else:
        audience = audiences.get(NONE, "your readers")
    title = title.format(audience=audience, topic=column or "", value=column or "")
    named = data.get("column_titles", {}).get(axis or "")
    if named and column and column != NONE:
        title = named.format(title=title, value=column.replace("-", " "))
    return {"format": fmt, "owner": owner, "title": title}


def new_command(title: str, stage: str, flags: list[tuple[str, str]]) -> str:
    parts = ["planner new", _quote(title), "--stage", stage]
    for flag, value in flags:
        parts += [flag, value if re.fullmatch(r"[\w.-]+", value) else _quote(value)]
    return " ".join(parts)


# --------------------------------------------------------------------------- item builders

def _tag_items(audit: Audit, matrix: dict[str, Any], placed: list[Placed]) -> list[dict[str, Any]]:
    """One item for the pages that lack the coverage axis (see the module docstring)."""
    cov, axis = settings(audit.config), matrix["axis"]
    lacking = [p.path for p in placed if p.published and values(p, axis) == [NONE]]
    live = sum(1 for p in placed if p.published)
    if not lacking or not live or (axis != "role" and not matrix.get("axis_missing")):
        return []  # persona, topic...: optional fields; only a role-less page is a tagging gap
    field = axis_field(axis)
    points = float(cov["plan"]["gap"])
    top = max((stage_weight(cov, s["stage"]) for s in matrix["stages"]), default=1.0)
    # above any single gap while nothing is tagged (every cell would read empty), then
    # falling with the share still untagged: tagging the first page must not drop it
    share = len(lacking) / live
    priority = 2 * points * top * share
    if matrix.get("axis_missing"):
        why = (f"no published page has `{field}`, so the {axis} columns of the coverage matrix all read 0 and the gaps "
               f"they would list are not real; the score falls back to stages until pages are tagged")
    else:
        why = (f"{len(lacking)} of {live} published pages have no `{field}` ({share:.0%}); they sit outside the {axis} "
               f"columns of the score, so the gaps they might fill still read empty")
    return [{"kind": "tag", "priority": priority, "stage": None, "phase": None, "axis": axis, "column": NONE,
             "path": None, "documents": lacking,
             "title": f"Tag your pages: add `{field}` to {len(lacking)} published page{'s' if len(lacking) != 1 else ''}",
             "why": why, "suggested": {"format": None, "owner": None},
             # no command tags a page: the item lists them (`documents`) for the writer to edit
             "command": None, "findings": []}]


def _stage_gap_items(audit: Audit, matrix: dict[str, Any]) -> list[dict[str, Any]]:
    """Gaps by whole stage, when nobody tags the axis (the cells cannot be judged)."""
    config, cov = audit.config, settings(audit.config)
    minimum = matrix["min_per_cell"]
    target = max(int(matrix["bands"].get("covered", minimum)), minimum)
    placed = place(audit)[0]
    items = []
    for stage, t in matrix["stage_totals"].items():
        if t["published"] >= target:
            continue
        sw = stage_weight(cov, stage)
        deficit = (target - t["published"]) / target
        kind = "gap" if t["published"] < minimum else "thin"
        sug = suggestion(config, stage)
        have = "no published" if t["published"] == 0 else f"only {t['published']} published"
        item = {"kind": kind, "priority": float(cov["plan"]["gap"]) * sw * deficit, "stage": stage,
                "phase": config.phase_of(stage), "axis": matrix["axis"], "column": NONE, "path": None,
                "documents": [], "title": f"Write: {stage} ({kind})",
                "why": f"{have} {stage} page{'s' if t['published'] != 1 else ''} (covered from {target}); {stage} weighs {sw:g}",
                "suggested": {"format": sug["format"], "owner": sug["owner"]}, "command": None, "findings": []}
        drafts = sorted(p.path for p in placed if p.stage == stage and not p.published)
        if drafts:  # as for a cell: finish what is in progress before starting more
            item.update(title=f"Finish the {stage} draft: {drafts[0]}", documents=drafts,
                        command=f"planner lint {drafts[0]} -v")
            item["why"] += f"; {len(drafts)} in progress already"
        else:
            item["_new"] = (sug["title"], stage, [("--format", sug["format"]), ("--owner", sug["owner"])])
        items.append(item)
    return items


def _gap_items(audit: Audit, matrix: dict[str, Any]) -> list[dict[str, Any]]:
    if matrix.get("axis_missing"):
        return _stage_gap_items(audit, matrix)
    config, cov = audit.config, settings(audit.config)
    points = float(cov["plan"]["gap"])
    minimum = matrix["min_per_cell"]
    target = max(int(matrix["bands"].get("covered", minimum)), minimum)
    order = [s["stage"] for s in matrix["stages"]]
    cells = {(c["stage"], c["column"]): c for c in matrix["cells"] if c["scored"]}
    columns = [c for c in matrix["columns"] if any(k[1] == c for k in cells)]
    fill = {k: min(c["published"], target) / target for k, c in cells.items()}
    items = []
    for (stage, col), cell in cells.items():
        if cell["published"] >= target:
            continue
        i = order.index(stage)
        around = [(stage, c) for c in columns if c != col] + [(order[j], col) for j in (i - 1, i + 1) if 0 <= j < len(order)]
        around = [k for k in around if k in cells]
        below = sum(1 for k in around if fill[k] < 1)
        emptiness = below / len(around) if around else 1.0  # the share of neighbours below covered
        deficit = (target - cell["published"]) / target
        sw, cw = stage_weight(cov, stage), column_weight(cov, col)
        priority = points * sw * cw * deficit * (1 + emptiness) / 2
        kind = "gap" if cell["published"] < minimum else "thin"
        sug = suggestion(config, stage, matrix["axis"], col)
        label = f"{stage} × {col}"
        have = "no published" if cell["published"] == 0 else f"only {cell['published']} published"
        why = (f"{have} {stage} page{'s' if cell['published'] != 1 else ''} for {matrix['axis']} '{col}' "
               f"(covered from {target}); weights: {stage} {sw:g} × {col} {cw:g}; "
               f"{below} of {len(around)} neighbouring cells are below covered")
        item = {"kind": kind, "priority": priority, "stage": stage, "phase": config.phase_of(stage),
                "axis": matrix["axis"], "column": col, "path": None, "documents": cell["documents"],
                "suggested": {"format": sug["format"], "owner": sug["owner"]}, "findings": []}
        if cell["in_progress_documents"]:
            drafts = cell["in_progress_documents"]
            item["title"] = f"Finish the {stage} draft for {col}: {drafts[0]}"
            item["why"] = why + f"; {len(drafts)} in progress already"
            item["command"] = f"planner lint {drafts[0]} -v"
        else:
            item["title"] = f"Write: {label} ({'gap' if kind == 'gap' else 'thin'})"
            item["why"] = why
            flags = [(_NEW_FLAG[matrix["axis"]], col)] if col != NONE else []
            for flag, value in (("--format", sug["format"]), ("--owner", sug["owner"])):
                if flag not in (f for f, _ in flags):
                    flags.append((flag, value))
            item["command"] = None
            item["_new"] = (sug["title"], stage, flags)
        items.append(item)
    return items


def _bridge_items(audit: Audit, matrix: dict[str, Any]) -> list[dict[str, Any]]:
    config, cov = audit.config, settings(audit.config)
    groups: dict[tuple[str, str], list[dict]] = {}
    by_path = {d.relpath: d for d in audit.documents}
    placed = place(audit)[0]
    for check in matrix["checks"]:
        if check["check"] == "handoff-bridge":
            groups.setdefault((check["axis"], check["value"]), []).append(check)
    items = []
    for (axis, value), checks in sorted(groups.items()):
        stage = checks[0]["stage"]
        sources = sorted({c["path"] for c in checks})
        roles: list[str] = []
        for path in sources:
            doc = by_path.get(path)
            for r in (doc.tags.roles if doc and doc.tags else []):
                if r in config.roles() and r not in roles:
                    roles.append(r)
        sug = suggestion(config, stage)
        titles = stage_data().get("bridge_titles", {})
        title = titles.get(axis, titles.get("default", "Getting started: {value}")).format(value=value.replace("-", " "))
        flags = [(_NEW_FLAG[axis], value)] + [("--role", r) for r in roles[:1] if axis != "role"]
        flags += [("--format", sug["format"]), ("--owner", sug["owner"])]
        sw = stage_weight(cov, stage)
        item = {
            "kind": "bridge", "priority": float(cov["plan"]["gap"]) * sw * 0.75, "stage": stage,
            "phase": config.phase_of(stage), "axis": axis, "column": value, "path": None, "documents": sources,
            "title": f"Bridge the handoff: {stage} content for {axis} '{value}'",
            "why": (f"{len(sources)} decision page{'s' if len(sources) != 1 else ''} on {axis} '{value}' "
                    f"({', '.join(sources[:3])}{', ...' if len(sources) > 3 else ''}) lead{'s' if len(sources) == 1 else ''} to no {stage} page on it; "
                    f"the handoff is where trust is won or lost ({stage} weighs {sw:g})"),
            "suggested": {"format": sug["format"], "owner": sug["owner"]}, "command": None, "findings": []}
        # a follow-up already in progress: finish it rather than start another
        drafts = sorted(p.path for p in placed if p.stage == stage and not p.published and value in p.doc.tags.axis(axis))
        if drafts:
            item["title"] = f"Finish the {stage} draft for {axis} '{value}': {drafts[0]}"
            item["why"] += f"; {len(drafts)} in progress already"
            item["command"] = f"planner lint {drafts[0]} -v"
        else:
            item["_new"] = (title, stage, flags)
        items.append(item)
    return items


def _fix_items(audit: Audit, placed: dict[str, Placed], today: dt.date) -> list[dict[str, Any]]:
    from planner.coverage import COVERAGE_RULES
    from planner.rules import registry

    config, cov = audit.config, settings(audit.config)
    rules = registry()
    by_path: dict[str, list[Finding]] = {}
    for f in audit.findings:
        if f.rule in COVERAGE_RULES:
            continue
        is_tag = getattr(rules.get(f.rule), "category", "") == "tags"
        if f.severity in ("error", "warning") or is_tag:
            by_path.setdefault(f.path, []).append(f)
    docs = {d.relpath: d for d in audit.documents}
    items = []
    for path, fs in sorted(by_path.items()):
        p = placed.get(path)
        doc = docs.get(path)
        stage = p.stage if p else None
        errors = sum(1 for f in fs if f.severity == "error")
        warnings = sum(1 for f in fs if f.severity == "warning")
        base = float(cov["plan"]["error" if errors else "warning"])
        sw = stage_weight(cov, stage) if stage else 1.0
        extra = min(0.25 * (len(fs) - 1), 1.0)
        live = p is None or p.published
        priority = base * sw * (1 + extra) * (1.0 if live else float(cov["plan"]["in_progress_factor"]))
        rule_ids = list(dict.fromkeys(f.rule for f in fs))
        tag_rules = [r for r in rule_ids if getattr(rules.get(r), "category", "") == "tags"]
        counts = ", ".join(x for x in (f"{errors} error{'s' if errors != 1 else ''}" if errors else "",
                                       f"{warnings} warning{'s' if warnings != 1 else ''}" if warnings else "",
                                       f"{len(fs) - errors - warnings} suggestion{'s' if len(fs) - errors - warnings != 1 else ''}"
                                       if len(fs) - errors - warnings else "") if x)
        why = f"{counts} ({', '.join(rule_ids)})"
        retag: dict[str, str] = {}
        from_text = False  # a journey rule read the text as another stage: retag or rewrite
        for f in fs:
            for k, v in (f.fix or {}).items():
                if k in ("phase", "stage", "role", "roles") and isinstance(v, str) and v:
                    retag.setdefault(k, v)
                    from_text = from_text or f.rule not in tag_rules
        if tag_rules:
            why += "; mis-tagged pages are counted in the wrong cell or not at all"
        if retag:
            why += "; retag as " + ", ".join(f"{k}: {v}" for k, v in retag.items()) + (" (or rewrite it for its tags)" if from_text else "")
        why += f"; {'live page' if live else 'in progress'}" + (f", {stage} weighs {sw:g}" if stage else "")
        if p and p.published and is_stale(p.doc, today, int(cov["stale_days"])):
            why += f"; also stale (reviewed {p.doc.tags.reviewed.isoformat()}): review it while fixing"
        owner = (doc.tags.owner if doc and doc.tags and doc.tags.owner else None)
        sug = suggestion(config, stage) if stage else {"format": None, "owner": None}
        title = (doc.tags.title if doc and doc.tags and doc.tags.title else path)
        items.append({
            "kind": "fix", "priority": priority, "stage": stage, "phase": config.phase_of(stage) if stage else None,
            "axis": None, "column": None, "path": path, "documents": [path],
            "title": f"Fix: {title}", "why": why,
            "suggested": {"format": (doc.tags.format if doc and doc.tags else None) or sug["format"],
                          "owner": owner or sug["owner"]},
            "command": f"planner lint {path} -v",
            "findings": [{"rule": f.rule, "severity": f.severity, "line": f.line, "message": f.message} for f in fs]})
    return items


def _review_items(audit: Audit, placed: dict[str, Placed], today: dt.date, fixing: set[str]) -> list[dict[str, Any]]:
    config, cov = audit.config, settings(audit.config)
    days = int(cov["stale_days"])
    items = []
    for path, p in sorted(placed.items()):
        if not p.published or path in fixing or not is_stale(p.doc, today, days):
            continue
        age = (today - p.doc.tags.reviewed).days
        sw = stage_weight(cov, p.stage)
        tags = p.doc.tags
        sug = suggestion(config, p.stage)
        items.append({
            "kind": "review", "priority": float(cov["plan"]["stale"]) * sw * min(age / days, 3.0),
            "stage": p.stage, "phase": p.phase, "axis": None, "column": None, "path": path, "documents": [path],
            "title": f"Review: {tags.title or path}",
            "why": f"last reviewed {tags.reviewed.isoformat()}, {age} days ago (stale after {days}); {p.stage} weighs {sw:g}",
            "suggested": {"format": tags.format or sug["format"], "owner": tags.owner or sug["owner"]},
            "command": None, "findings": []})
    return items


def _crowded_items(audit: Audit, matrix: dict[str, Any]) -> list[dict[str, Any]]:
    cov = settings(audit.config)
    bands = matrix["bands"]
    top = max(bands, key=lambda b: bands[b])
    owner_of = {d.relpath: d.tags.owner for d in audit.documents if d.tags and d.tags.owner}
    items = []
    for cell in matrix["cells"]:
        if not cell["scored"] or cell["band"] != top or len(bands) < 2:
            continue
        sw = stage_weight(cov, cell["stage"])
        # whoever owns most of the cell's published pages merges them (ties: by name)
        owners = Counter(o for o in (owner_of.get(p) for p in cell["documents"][:cell["published"]]) if o)
        owner = min(owners, key=lambda o: (-owners[o], o)) if owners else suggestion(audit.config, cell["stage"])["owner"]
        items.append({
            "kind": "crowded", "priority": float(cov["plan"]["crowded"]) * sw, "stage": cell["stage"],
            "phase": cell["phase"], "axis": matrix["axis"], "column": cell["column"], "path": None,
            "documents": cell["documents"],
            "title": f"Check for overlap: {cell['stage']} × {cell['column']} ({cell['published']} published)",
            "why": f"{cell['published']} published pages in one cell ({top} from {bands[top]}): possible duplication; "
                   "merge or retarget before writing more here",
            "suggested": {"format": None, "owner": owner}, "command": None, "findings": []})
    return items


# --------------------------------------------------------------------------- the plan

def _name_drafts(config, items: list[dict[str, Any]]) -> None:
    """Give each suggested draft, in rank order, a title whose file neither exists nor is
    suggested by a higher item: a `planner new` command from the plan always runs."""
    taken: set[str] = set()
    for item in items:
        spec = item.pop("_new", None)
        if not spec:
            continue
        title, stage, flags = spec
        for n in range(1, 50):
            candidate = title if n == 1 else f"{title} ({n})"
            path = draft_path(config, candidate)
            if path.name not in taken and not os.path.lexists(path):
                taken.add(path.name)
                item["command"] = new_command(candidate, stage, flags)
                break
        else:  # a long title whose slug the number no longer changes
            item["why"] += f"; a file named {path.name} already exists: pick a title of your own for `planner new`"


def build_plan(audit: Audit, limit: int | None = None, *, axis: str | None = None,
               today: dt.date | None = None) -> list[dict[str, Any]]:
    """The ranked backlog, highest priority first, each item numbered by ``rank``."""
    matrix = coverage_matrix(audit, axis, today=today)
    today = dt.date.fromisoformat(matrix["today"])
    key = (matrix["axis"], matrix["today"], len(audit.findings))
    memo = audit.extras.setdefault("plan", {})
    if key not in memo:
        placed_list = place(audit)[0]
        placed = {p.path: p for p in placed_list}
        fixes = _fix_items(audit, placed, today)
        items = fixes + _review_items(audit, placed, today, {i["path"] for i in fixes})
        if placed:  # with nothing placed every cell is a gap: the fixes come first
            items += (_tag_items(audit, matrix, placed_list) + _bridge_items(audit, matrix) + _gap_items(audit, matrix)
                      + _crowded_items(audit, matrix))
        order = [s["stage"] for s in matrix["stages"]]
        cols = {c: n for n, c in enumerate(matrix["columns"])}
        items.sort(key=lambda i: (-round(i["priority"], 6), KIND_ORDER.index(i["kind"]),
                                  order.index(i["stage"]) if i["stage"] in order else len(order),
                                  i["path"] or "", cols.get(i["column"], len(cols)), i["column"] or ""))
        _name_drafts(audit.config, items)
        memo[key] = [{"rank": n, **item, "priority": round(item["priority"], 2)} for n, item in enumerate(items, 1)]
    items = memo[key]
    return [dict(i) for i in (items if limit is None else items[:max(limit, 0)])]
