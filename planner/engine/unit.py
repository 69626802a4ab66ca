"""The per-file step: a file's bytes -> its result (document, analysis, per-document
findings, and the summary corpus rules and reporters read).

The one place a file is loaded, analysed and checked, whichever executor runs it: in
this process, in a worker process, or for a past commit's blob (``planner trend``).
The result is a pure function of the file's path and bytes and the run's digest
(:mod:`planner.engine.keys`), which is what lets the store keep it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.config import Config
from planner.loader import load_source
from planner.model import Analysis, DocSummary, Document, Finding
from planner.rules import registry, run_document_rules


@dataclass
class Source:
    """One file to check: its bytes, or why they could not be read (None: not read, its
    sha256 known; :func:`planner.engine.run.file_results` reads it if it must)."""

    relpath: str
    path: Path
    data: bytes | str
    key: str | None = None  # its store key; None: not stored (an unreadable file)
    sha256: str | None = None  # of its bytes; data is None when the store's file index knew it unchanged
    transient: bool = False  # an editor's unsaved buffer (`planner lint -`): never looked up in or kept by the store


@dataclass
class FileResult:
    relpath: str
    key: str | None
    summary: DocSummary
    findings: list[Finding]  # per-document, with the load-time ones; severities resolved
    document: Document | None = None  # the whole document and analysis, when computed in this process
    analysis: Analysis | None = None


def _load_time(finding: Finding, config: Config) -> Finding | None:
    """A loader finding with the user's severity for its rule (or the rule's default);
    None when the rule is off."""
    sev, _ = config.rule_setting(finding.rule)
    if sev == "off":
        return None
    if sev:
        finding.severity = sev
    elif not finding.severity:
        finding.severity = registry()[finding.rule].severity
    return finding


def check(sources: list[Source], config: Config) -> list[FileResult]:
    """Load, analyse (one spaCy pass over the batch) and check ``sources``."""
    docs = [load_source(s.path, s.relpath, s.data, config) for s in sources]
    readable = [d for d in docs if d.ok]
    analyses: dict[str, Analysis] = {}
    if readable:
        # imported here: spaCy's start-up is paid only by a run that analyses something
        from planner.analysis import analyse_documents

        analyses = analyse_documents(readable, config)
    out = []
    for source, doc in zip(sources, docs):
        a = analyses.get(doc.relpath)
        findings = [f for f in (_load_time(p, config) for p in doc.problems) if f is not None]
        findings.extend(run_document_rules(doc, a, config))
        out.append(FileResult(doc.relpath, source.key, DocSummary.of(doc, a), findings, doc, a))
    return out


def check_one(source: Source, config: Config) -> FileResult:
    return check([source], config)[0]
