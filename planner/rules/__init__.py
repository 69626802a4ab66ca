"""Rules: small, named, documented units, one module each.

A rule module holds one check function decorated with :func:`~planner.rules.base.rule`;
its docstring is the rule's documentation (Markdown: "What it does", "Why it matters",
"Options") and the Markdown file beside it (same name, ``.md``) its examples, which
``planner explain`` and the site show and the test suite runs. Per-document rules get a
:class:`DocContext`; corpus rules get a :class:`CorpusContext`. Both yield
:class:`~planner.model.Finding` objects made with ``ctx.finding(...)``. Evidence the
rules share (quoted sentences, the journey and tone readings) is in
:mod:`planner.rules.evidence`.

:data:`RULES` lists every rule: a new rule is a module plus a line here.
"""
from __future__ import annotations

from typing import Iterator

from planner.model import Analysis, Audit, Document, Finding
from planner.rules import (cta_mismatch, duplicate_id, file_unreadable, front_matter_invalid, handoff_bridge,
                           handoff_drift, hype, language_unknown, phase_imbalance, phase_mismatch, readability,
                           regex_timeout, role_phase_gap, section_drift, self_centred, stage_empty, stage_mismatch,
                           stage_phase_conflict, suppression_invalid, tag_missing, tag_unknown, tone_drift,
                           unused_suppression)
from planner.rules.base import CorpusContext, DocContext, Example, Rule, rule

__all__ = ["RULES", "Rule", "DocContext", "CorpusContext", "Example", "rule", "registry", "run_document_rules",
           "run_corpus_rules"]

# The order rules run in (findings are sorted afterwards; this only fixes ties).
RULES: tuple[Rule, ...] = (
    # the estate: journey checks over the whole corpus
    stage_empty.stage_empty,
    phase_imbalance.phase_imbalance,
    handoff_bridge.handoff_bridge,
    role_phase_gap.role_phase_gap,
    # the journey: does the text speak to the reader its tags promise?
    phase_mismatch.phase_mismatch,
    stage_mismatch.stage_mismatch,
    cta_mismatch.cta_mismatch,
    language_unknown.language_unknown,
    # inline suppression comments (findings from planner.suppress)
    unused_suppression.unused_suppression,
    suppression_invalid.suppression_invalid,
    # a team's own regular expressions that ran out of time (planner.userregex)
    regex_timeout.regex_timeout,
    # tags: is the front matter present, well-formed and inside the taxonomy?
    file_unreadable.file_unreadable,
    front_matter_invalid.front_matter_invalid,
    tag_missing.tag_missing,
    tag_unknown.tag_unknown,
    stage_phase_conflict.stage_phase_conflict,
    duplicate_id.duplicate_id,
    # tone: readability, hype, self-centred copy, and drift
    readability.readability,
    hype.hype,
    self_centred.self_centred,
    section_drift.section_drift,
    tone_drift.tone_drift,
    handoff_drift.handoff_drift,
)

_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def registry() -> dict[str, Rule]:
    """Every rule, by id."""
    return _BY_ID


def run_document_rules(doc: Document, analysis: Analysis | None, config) -> Iterator[Finding]:
    for r in RULES:
        if r.scope != "document":
            continue
        ctx = DocContext(r, doc, analysis, config)
        if ctx.severity == "off":
            continue
        yield from r.check(ctx)


def run_corpus_rules(audit: Audit, config) -> Iterator[Finding]:
    for r in RULES:
        if r.scope != "corpus":
            continue
        ctx = CorpusContext(r, audit, config)
        if ctx.severity == "off":
            continue
        yield from r.check(ctx)
