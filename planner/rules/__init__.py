"""Rules: small, named, documented units.

A rule is a function decorated with :func:`rule`. Its docstring is its documentation
(Markdown, with the sections "What it does", "Why it matters", "Example" and
"Options"), shown by ``planner explain`` and on the site. Per-document rules get a
:class:`DocContext`; corpus rules get a :class:`CorpusContext`. Both yield
:class:`~planner.model.Finding` objects made with ``ctx.finding(...)``.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from planner.model import Analysis, Audit, Document, Finding


@dataclass
class Rule:
    id: str
    severity: str  # default severity
    summary: str  # one line
    check: Callable[..., Iterable[Finding]]
    scope: str = "document"  # document | corpus
    category: str = "tags"  # tags | journey | tone | coverage | hygiene
    options: dict[str, Any] = field(default_factory=dict)  # defaults
    doc: str = ""  # Markdown

    def effective(self, config) -> tuple[str, dict[str, Any]]:
        """(severity, options) after the user's planner.yml."""
        sev, opts = config.rule_setting(self.id)
        merged = dict(self.options)
        merged.update(opts)
        return (sev or self.severity), merged


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def rule(id: str, severity: str, summary: str, *, scope: str = "document", category: str = "tags",
         options: dict[str, Any] | None = None) -> Callable:
    """Register a rule. The function's docstring is the rule's documentation."""

    def wrap(fn: Callable) -> Callable:
        _REGISTRY[id] = Rule(id=id, severity=severity, summary=summary, check=fn, scope=scope,
                             category=category, options=dict(options or {}),
                             doc=inspect.cleandoc(fn.__doc__ or ""))
        return fn

    return wrap


def register_builtin(id: str, severity: str, summary: str, doc: str, category: str = "hygiene") -> None:
    """A rule whose findings are produced by the loader or the pipeline (e.g.
    ``file-unreadable``), registered so it can be configured, listed and explained."""
    _REGISTRY[id] = Rule(id=id, severity=severity, summary=summary, check=lambda ctx: (), scope="builtin",
                         category=category, doc=inspect.cleandoc(doc))


def registry() -> dict[str, Rule]:
    """All rules, by id, importing every module of this package once."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
    return _REGISTRY


# --------------------------------------------------------------------------- contexts

class _Base:
    rule: Rule
    severity: str
    options: dict[str, Any]
    config: Any

    def _make(self, doc: Document, message: str, *, span: tuple[int, int] | None = None,
              line: int | None = None, column: int = 1, end_line: int | None = None,
              end_column: int | None = None, evidence: list[str] | None = None,
              fix: dict[str, Any] | None = None, why: str = "", sentences: list[dict] | None = None,
              severity: str | None = None) -> Finding:
        if span is not None and doc.ok:
            line, column, end_line, end_column = doc.prose_position(*span)
        return Finding(path=doc.relpath, rule=self.rule.id, severity=severity or self.severity, message=message,
                       line=line or 1, column=column, end_line=end_line, end_column=end_column,
                       evidence=list(evidence or []), fix=fix, why=why, sentences=list(sentences or []))

    def sentence_record(self, doc: Document, start: int, end: int, highlights: list[tuple[int, int]] = ()) -> dict:
        """A quoted sentence for a finding: its text, position, and highlighted spans
        given as offsets inside the sentence text."""
        line, col, end_line, end_col = doc.prose_position(start, end)
        return {"text": doc.prose.text[start:end], "line": line, "column": col, "end_line": end_line,
                "end_column": end_col, "highlights": [[a - start, b - start] for a, b in highlights]}


class DocContext(_Base):
    """What a per-document rule sees."""

    def __init__(self, rule: Rule, doc: Document, analysis: Analysis | None, config) -> None:
        self.rule, self.doc, self.analysis, self.config = rule, doc, analysis, config
        self.severity, self.options = rule.effective(config)

    def finding(self, message: str, **kw) -> Finding:
        return self._make(self.doc, message, **kw)

    def meta_line(self, key: str) -> int:
        """Line of a front-matter key, else the first line."""
        return self.doc.meta_lines.get(key, 1)


class CorpusContext(_Base):
    """What a corpus rule sees: the whole audit so far (documents, analyses, and the
    per-document findings)."""

    def __init__(self, rule: Rule, audit: Audit, config) -> None:
        self.rule, self.audit, self.config = rule, audit, config
        self.severity, self.options = rule.effective(config)

    def finding(self, doc: Document, message: str, **kw) -> Finding:
        return self._make(doc, message, **kw)


def run_document_rules(doc: Document, analysis: Analysis | None, config) -> Iterator[Finding]:
    for r in registry().values():
        if r.scope != "document":
            continue
        ctx = DocContext(r, doc, analysis, config)
        if ctx.severity == "off":
            continue
        yield from r.check(ctx)


def run_corpus_rules(audit: Audit, config) -> Iterator[Finding]:
    for r in registry().values():
        if r.scope != "corpus":
            continue
        ctx = CorpusContext(r, audit, config)
        if ctx.severity == "off":
            continue
        yield from r.check(ctx)
