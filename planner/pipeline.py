"""The one pipeline: load -> analyse -> rules -> Audit. Every view reads its result."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from planner.config import Config
from planner.loader import discover, load_document
from planner.model import Audit, Finding
from planner.rules import registry, run_corpus_rules, run_document_rules


class Progress:
    """A no-op progress sink; the CLI passes a rich progress bar on a terminal."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


def _apply_severity(finding: Finding, config: Config) -> Finding | None:
    """Builtin (load-time) findings honour the user's severity settings too; one the
    loader left without a severity gets its rule's default."""
    sev, _ = config.rule_setting(finding.rule)
    if sev == "off":
        return None
    if sev:
        finding.severity = sev
    elif not finding.severity:
        finding.severity = registry()[finding.rule].severity
    return finding


def build_audit(paths: list[Path], config: Config, *, cwd: Path | None = None,
                progress: Progress | None = None,
                analyse: Callable | None = None,
                only: set[str] | None = None,
                load: Callable | None = None,
                check: Callable | None = None,
                settle: Callable | None = None,
                files: list[Path] | None = None) -> Audit:
    """Run the whole pipeline over ``paths``.

    ``only`` (relpaths) limits per-document findings to those files, while corpus rules
    still see every document (``lint --changed``). ``analyse`` replaces the analysis
    step (the cache and the parallel runner wrap it); ``load`` and ``check`` replace
    load_document and run_document_rules (the incremental cache reuses their results);
    ``settle(config)``, called once every document is checked, returns the analyses and
    findings of documents those hooks left to a background worker.
    ``files``, when the caller has already discovered them, saves walking the tree again."""
    cwd = cwd or Path.cwd()
    progress = progress or Progress()
    missing: list[str] = []
    if files is None:
        files, missing = discover(paths, config)
    audit = Audit(root=cwd, config=config)
    audit.extras["missing_paths"] = missing
    audit.extras["only"] = only  # suppressions in other files are not reported as unused

    progress.start("reading", len(files))
    for path in files:
        audit.documents.append((load or load_document)(path, config, cwd))
        progress.advance()
    progress.stop()

    if config.estate is None:  # product names and team model, once per run (a cache-key part)
        from planner.journey.estate import prepare

        prepare(config, texts=(d.prose.text for d in audit.documents if d.ok))

    progress.start("analysing", len(audit.documents))
    if analyse is None:
        from planner.analysis import analyse_documents as analyse  # spaCy: only when this run analyses

    audit.analyses = analyse(audit.documents, config, progress=progress.advance)
    progress.stop()

    findings: list[Finding] = []
    for doc in audit.documents:
        for f in doc.problems:
            if (f := _apply_severity(f, config)) is not None:
                findings.append(f)
        findings.extend((check or run_document_rules)(doc, audit.analyses.get(doc.relpath), config))
    if settle is not None:
        late_analyses, late_findings = settle(config)
        audit.analyses.update(late_analyses)
        findings.extend(late_findings)
    audit.findings = findings
    audit.findings.extend(run_corpus_rules(audit, config))
    if only is not None:
        audit.findings = [f for f in audit.findings if f.path in only]

    from planner import suppress

    suppress.apply(audit)
    audit.findings.sort(key=Finding.sort_key)
    from planner.fingerprint import assign  # stable keys for baselines and SARIF

    assign(audit.findings + audit.suppressed)
    from planner.journey.teammodel import describe  # which product names and team model judged the pages

    audit.extras["journey"] = describe(config, audit.analyses)
    return audit
