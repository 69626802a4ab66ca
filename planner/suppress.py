"""Inline suppressions: HTML comments an editor puts next to the prose they excuse.

Grammar (after markdownlint; docs/ci.md)::

    <!-- planner-disable RULE[, RULE] -- reason -->   ... until <!-- planner-enable RULE -->
    <!-- planner-disable-next-line RULE -- reason -->
    <!-- planner-disable-file RULE -- reason -->

A directive without rules covers every rule. The reason (after `` -- ``) is optional
and is listed on the site. Suppressed findings move to ``Audit.suppressed``; a
suppression that excused nothing is reported (``unused-suppression``) so they do not
pile up, and a rule id that does not exist is reported (``suppression-invalid``).
"""
from __future__ import annotations

import re

from planner.model import Audit, DocSummary, Document, Finding, Suppression
from planner.rules import registry

_DIRECTIVE = re.compile(r"^<!--\s*planner-([a-z-]+)\b(.*?)-->$", re.S)
KINDS = ("disable", "enable", "disable-next-line", "disable-file")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

def parse(doc: Document | DocSummary, known: set[str]) -> tuple[list[Suppression], list[tuple[int, str]]]:
    """Suppressions in ``doc.comments`` and problems as (line, message)."""
    sups: list[Suppression] = []
    problems: list[tuple[int, str]] = []
    last_line = doc.line_count
    open_: list[Suppression] = []
    for line, text in sorted(doc.comments, key=lambda c: c[0]):
        m = _DIRECTIVE.match(text.strip())
        if not m:
            continue
        kind, rest = m.group(1), m.group(2)
        if kind not in KINDS:
            problems.append((line, f"unknown directive 'planner-{kind}'; use one of: "
                                   + ", ".join(f"planner-{k}" for k in KINDS)))
            continue
        rules_part, _, reason = rest.partition(" -- ")
        if rules_part.strip().startswith("--"):  # `planner-disable -- reason`
            rules_part, reason = "", rules_part.strip()[2:]
        rules = [r for r in re.split(r"[\s,]+", rules_part.strip()) if r]
        for r in rules:
            if r not in known:
                from planner.loader import did_you_mean

                guess = did_you_mean(r, known)
                problems.append((line, f"'{r}' is not a rule" + (f"; did you mean '{guess}'?" if guess else "; `planner rules` lists them")))
        rules = [r for r in rules if r in known] if rules else []
        if rules_part.strip() and not rules:
            continue  # every named rule was unknown: do not widen to "all rules"
        if kind == "enable":
            for s in open_:
                if s.end_line == last_line and (not rules or not s.rules or set(s.rules) & set(rules)):
                    s.end_line = line
            continue
        s = Suppression(kind=kind, rules=rules, reason=reason.strip(), line=line, end_line=line)
        if kind == "disable":
            s.end_line = last_line
            open_.append(s)
        elif kind == "disable-next-line":
            s.end_line = line + 1
        elif kind == "disable-file":
            s.end_line = last_line
        sups.append(s)
    return sups, problems


def covers(s: Suppression, f: Finding) -> bool:
    if s.rules and f.rule not in s.rules:
        return False
    if s.kind == "disable-file":
        return True
    if s.kind == "disable-next-line":
        return f.line == s.line + 1
    return s.line <= f.line <= s.end_line


def _finding(doc: Document | DocSummary, rule_id: str, line: int, message: str, config) -> Finding | None:
    rule = registry()[rule_id]
    sev, _ = config.rule_setting(rule_id)
    if sev == "off":
        return None
    return Finding(path=doc.relpath, rule=rule_id, severity=sev or rule.severity, message=message, line=line,
                   evidence=[message.split(";")[0]])


class _Index:
    """A page's suppressions by the line they can cover: a finding is compared with the
    next-line directives for its own line and the ranges and file-wide ones only (a page
    can hold 20,000 directives: comparing each finding with each made a run quadratic)."""

    def __init__(self, sups: list[Suppression]) -> None:
        self.next_line: dict[int, list[Suppression]] = {}
        self.wide: list[Suppression] = []
        for s in sups:
            if s.kind == "disable-next-line":
                self.next_line.setdefault(s.line + 1, []).append(s)
            else:
                self.wide.append(s)

    def candidates(self, line: int) -> list[Suppression]:
        return self.wide + self.next_line[line] if line in self.next_line else self.wide


def apply(audit: Audit) -> None:
    """Fill ``Document.suppressions``, move suppressed findings to ``audit.suppressed``,
    and report unused or invalid suppressions."""
    known = set(registry())
    only = audit.extras.get("only")
    by_path: dict[str, Document | DocSummary] = {d.relpath: d for d in audit.documents}
    for doc in audit.documents:
        doc.suppressions, problems = parse(doc, known) if doc.comments else ([], [])
        if only is not None and doc.relpath not in only:
            continue
        for line, msg in problems:
            if (f := _finding(doc, "suppression-invalid", line, msg, audit.config)) is not None:
                audit.findings.append(f)
    kept: list[Finding] = []
    index = {doc.relpath: _Index(doc.suppressions) for doc in audit.documents if doc.suppressions}
    for f in audit.findings:
        hit = None
        if f.path in index and f.rule not in ("unused-suppression",):
            for s in index[f.path].candidates(f.line):
                if covers(s, f):
                    s.used = True
                    hit = hit or s
        if hit is None:
            kept.append(f)
        else:
            f.suppressed = True
            audit.suppressed.append(f)
    audit.findings = kept
    in_heads: dict[str, list[Finding]] = {}  # each page's findings in its front matter
    for g in kept:
        doc = by_path.get(g.path)
        if doc is not None and doc.suppressions and g.line < doc.body_line:
            in_heads.setdefault(g.path, []).append(g)
    for doc in audit.documents:
        if only is not None and doc.relpath not in only:
            continue
        excusers = [o for o in doc.suppressions if "unused-suppression" in o.rules]
        for s in doc.suppressions:
            if s.used:
                continue
            what = ", ".join(s.rules) if s.rules else "every rule"
            hint = "remove the comment"
            if s.kind != "disable-file":  # a page-level verdict sits on the title or tags, where no comment can go
                in_head = next((g for g in in_heads.get(doc.relpath, ()) if not s.rules or g.rule in s.rules), None)
                if in_head is not None:
                    hint = (f"{in_head.rule}'s finding on this page is on line {in_head.line}, in the front matter: "
                            f"use <!-- planner-disable-file {in_head.rule} -- reason --> instead")
            f = _finding(doc, "unused-suppression", s.line,
                         f"'planner-{s.kind}' for {what} suppresses nothing; {hint}", audit.config)
            if f is None:
                continue
            f.evidence = [f"planner-{s.kind} {' '.join(s.rules)}".strip()]
            # an unused-suppression can itself be excused (e.g. for a rule that is off in CI only)
            if any(covers(o, f) for o in excusers if o is not s):
                f.suppressed = True
                audit.suppressed.append(f)
            else:
                audit.findings.append(f)
