"""What a rule is: :class:`Rule`, the contexts a check sees, and its runnable examples.

A rule module defines one check function, decorated with :func:`rule` (or declares a
:func:`builtin` rule whose findings the loader or the suppression pass produce). The
function's docstring is the rule's documentation (Markdown: "What it does", "Why it
matters", "Options"); its examples are a Markdown file beside the module (same name,
``.md``), shown under "Example" by ``planner explain`` and on the site, and run by the
test suite (see :func:`parse_examples`).
"""
from __future__ import annotations

import hashlib
import inspect
import math
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any, Callable, Iterable

from markdown_it import MarkdownIt

from planner.model import Analysis, Audit, Document, Finding

EXAMPLE_FILE = "content/example.md"  # where an example document without a caption is written


@dataclass(frozen=True)
class Example:
    """One runnable example: these files (and this planner.yml) must make the rule fire,
    or must not."""

    fires: bool
    note: str  # the sentence that introduces it ("Fires: ...", "Does not fire: ...")
    files: dict[str, str]  # path -> text
    config: str | None = None  # planner.yml text


@dataclass(eq=False)
class Rule:
    id: str
    severity: str  # default severity
    summary: str  # one line
    check: Callable[..., Iterable[Finding]]
    scope: str = "document"  # document | corpus | builtin
    category: str = "tags"  # tags | journey | tone | coverage | hygiene
    options: dict[str, Any] = field(default_factory=dict)  # defaults
    # each option's declaration: {"default", "type", "minimum", "maximum", "exclusiveMinimum"}
    # (JSON Schema words); planner.config_checks holds planner.yml to it
    option_specs: dict[str, dict[str, Any]] = field(default_factory=dict)
    text: str = ""  # the docstring: What it does, Why it matters, Options
    module: str = ""  # the rule's module: its examples file is beside it

    def effective(self, config) -> tuple[str, dict[str, Any]]:
        """(severity, options) after the user's planner.yml."""
        sev, opts = config.rule_setting(self.id)
        merged = dict(self.options)
        merged.update(opts)
        return (sev or self.severity), merged

    @cached_property
    def examples_text(self) -> str:
        """The examples file (Markdown), as written."""
        package, _, name = self.module.rpartition(".")
        return (resources.files(package) / f"{name}.md").read_text(encoding="utf-8").strip()

    @property
    def examples(self) -> list[Example]:
        return parse_examples(self.examples_text)

    @cached_property
    def doc(self) -> str:
        """The documentation: the docstring with the examples as its "Example" section,
        before "Options"."""
        examples = f"## Example\n\n{self.examples_text}\n"
        head, sep, options = self.text.partition("## Options")
        if sep and self.option_specs:
            options = f"{options.rstrip()}\n\nValues `rules.{self.id}.options` accepts in `planner.yml`:\n\n" + "\n".join(
                f"- `{k}`: {describe_option(spec)}" for k, spec in self.option_specs.items())
        return f"{head.rstrip()}\n\n{examples}\n{sep}{options}" if sep else f"{self.text.rstrip()}\n\n{examples}"

    @cached_property
    def why(self) -> str:
        """The first paragraph of the documentation's "Why it matters": the reason a
        finding carries when its check gave none of its own (the loader's findings)."""
        _, found, rest = self.text.partition("## Why it matters")
        paragraph = rest.strip().split("\n\n", 1)[0] if found else ""
        return " ".join(paragraph.split())


def rule(id: str, severity: str, summary: str, *, scope: str = "document", category: str = "tags",
         options: dict[str, Any] | None = None) -> Callable[[Callable], Rule]:
    """Make the decorated check function a :class:`Rule`; its docstring is the rule's
    documentation. ``options`` declares each option: ``{"default": 0.95, "type":
    "number", "minimum": 0, "maximum": 1}`` (a bare value is a default whose type is
    inferred)."""
    specs = {name: option_spec(value) for name, value in (options or {}).items()}

    def wrap(fn: Callable) -> Rule:
        return Rule(id=id, severity=severity, summary=summary, check=fn, scope=scope, category=category,
                    options={k: v["default"] for k, v in specs.items()}, option_specs=specs,
                    text=inspect.cleandoc(fn.__doc__ or ""), module=fn.__module__)

    return wrap


def option_spec(value: Any) -> dict[str, Any]:
    """An option's declaration; a bare default gets the type of its value."""
    if isinstance(value, dict) and "default" in value:
        return dict(value)
    kind = ("boolean" if isinstance(value, bool) else "integer" if isinstance(value, int)
            else "number" if isinstance(value, float) else "string" if isinstance(value, str) else None)
    return {"default": value, **({"type": kind} if kind else {})}


def builtin(id: str, severity: str, summary: str, doc: str, module: str, category: str = "hygiene") -> Rule:
    """A rule whose findings the loader or the suppression pass produce (e.g.
    ``file-unreadable``), declared so it can be configured, listed and explained."""
    return Rule(id=id, severity=severity, summary=summary, check=lambda ctx: (), scope="builtin",
                category=category, text=inspect.cleandoc(doc), module=module)


_OPTION_TYPES = {"number": "a number", "integer": "a whole number", "boolean": "true or false", "string": "text"}


def option_fits(value: Any, spec: dict[str, Any]) -> bool:
    """Whether ``value`` has the declared type (true/false is no number, .nan and .inf
    are none) and lies in the declared range."""
    kind = spec.get("type")
    if kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return False
        if kind == "integer" and not float(value).is_integer():
            return False
        return not (("minimum" in spec and value < spec["minimum"]) or ("maximum" in spec and value > spec["maximum"])
                    or ("exclusiveMinimum" in spec and value <= spec["exclusiveMinimum"]))
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    return True


def describe_option(spec: dict[str, Any]) -> str:
    """What an option accepts, in words: "a number from 0 to 1", "a whole number, at least 1"."""
    what = _OPTION_TYPES.get(spec.get("type", ""), "any value")
    low, high, above = spec.get("minimum"), spec.get("maximum"), spec.get("exclusiveMinimum")
    if low is not None and high is not None:
        return f"{what} from {low:g} to {high:g}"
    bounds = [f"at least {low:g}" if low is not None else "", f"above {above:g}" if above is not None else "",
              f"at most {high:g}" if high is not None else ""]
    bounds = [b for b in bounds if b]
    return f"{what}, {' and '.join(bounds)}" if bounds else what


# --------------------------------------------------------------------------- examples

def parse_examples(text: str) -> list[Example]:
    """The examples of a rule's ``.md`` file.

    Each example starts with a paragraph beginning "Fires" or "Does not fire", followed
    by fenced blocks: ``markdown`` blocks are documents, a ``yaml`` block is planner.yml.
    A block is written to the path in an inline-code caption paragraph just before it
    (`` `content/pricing.md` ``), else to ``content/example.md``."""
    examples: list[Example] = []
    current: dict[str, Any] | None = None
    caption: str | None = None
    tokens = MarkdownIt("commonmark").parse(text)
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            words = tok.content.strip()
            kids = [c for c in tok.children or [] if c.type != "softbreak"]
            if words.startswith(("Fires", "Does not fire")):
                if current is not None:
                    examples.append(_example(current))
                current = {"fires": words.startswith("Fires"), "note": words, "files": {}, "config": None}
            elif len(kids) == 1 and kids[0].type == "code_inline":
                caption = kids[0].content
            continue
        if tok.type != "fence":
            continue
        if current is None:
            raise ValueError(f"a code block before the first 'Fires' or 'Does not fire' paragraph: {tok.content[:40]!r}")
        lang = tok.info.split()[0] if tok.info.strip() else ""
        if lang == "yaml" and caption in (None, "planner.yml"):
            current["config"] = tok.content
        elif lang in ("markdown", "md"):
            path = caption or EXAMPLE_FILE
            if path in current["files"]:
                raise ValueError(f"two documents at {path} in the example {current['note']!r}: caption them")
            current["files"][path] = tok.content
        else:
            raise ValueError(f"a {lang or 'plain'} code block in the example {current['note']!r}: "
                             "expected markdown (a document) or yaml (planner.yml)")
        caption = None
    if current is not None:
        examples.append(_example(current))
    return examples


def _example(spec: dict[str, Any]) -> Example:
    if not spec["files"]:
        raise ValueError(f"the example {spec['note']!r} has no document")
    return Example(spec["fires"], spec["note"], dict(spec["files"]), spec["config"])


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
        text, at = doc.prose.quote(start, end, doc.text)  # inline code put back where it was

        def shifted(a: int, b: int) -> list[int]:  # (an end maps after its last character)
            a, b = max(start, min(a, end)), max(start, min(b, end))
            return [at[a - start], at[b - 1 - start] + 1 if b > a else at[a - start]]

        return {"text": text, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
                "highlights": [shifted(a, b) for a, b in highlights]}


class DocContext(_Base):
    """What a per-document rule sees: one whole Document and its Analysis. No clock: a
    document's findings are stored by its content, so review ages are corpus rules'."""

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
    per-document findings). Documents and analyses may be summaries (DocSummary and
    Analysis.summary(): tags, tone scores and counts, readability, the prediction):
    :meth:`full` loads one whole for the evidence of a finding."""

    def __init__(self, rule: Rule, audit: Audit, config) -> None:
        self.rule, self.audit, self.config = rule, audit, config
        self.severity, self.options = rule.effective(config)
        self.as_of = audit.as_of  # "today": corpus rules judge review ages against it, never the clock
        self._digests: dict[str, str] = {}  # judged(): inputs -> their digest

    def full(self, doc) -> tuple[Document, Analysis | None]:
        """The whole Document and Analysis of ``doc`` (a Document or a DocSummary): the
        evidence of a finding, which summaries do not carry."""
        return self.audit.full(doc.relpath)

    def finding(self, doc, message: str, **kw) -> Finding:
        return self._make(doc, message, **kw)

    def judged(self, doc, inputs: str, judge: Callable[[], Iterable[Finding]]) -> list[Finding]:
        """``judge()``'s findings on ``doc``, kept between runs. For a rule whose verdict
        on a page depends only on the page and on ``inputs`` (what it compares the page
        with, e.g. its stage's usual voice: any text that changes when they do), an
        unchanged page against an unchanged yardstick is not judged again, so a warm run
        loads no page whole to quote it."""
        memo = self.audit.judgements
        if memo is None:
            return list(judge())
        digest = self._digests.get(inputs)
        if digest is None:  # most pages of a stage share one yardstick
            digest = self._digests[inputs] = hashlib.blake2b(inputs.encode("utf-8", "surrogateescape"),
                                                             digest_size=12).hexdigest()
        kept = memo.judged(self.rule.id, doc.relpath, digest)
        if kept is None:
            kept = list(judge())
            memo.keep_judged(self.rule.id, doc.relpath, digest, kept)
        return kept

    def kept(self, doc, what: str, compute: Callable[[], Any], check: Callable[[Any], Any]) -> Any:
        """``compute()``, a pure function of ``doc``'s bytes and ``what`` (JSON data: what a
        finding quotes of the whole page), kept between runs beside the page's verdicts:
        a page judged again against a moved yardstick is quoted without being loaded
        whole. ``check`` returns a kept value, or raises ValueError (the store is
        untrusted: a value that is not what ``compute`` returns is computed again)."""
        memo = self.audit.judgements
        got = memo.evidence(self.rule.id, doc.relpath, what) if memo is not None else None
        if got is not None:
            try:
                return check(got)
            except (ValueError, TypeError, KeyError, IndexError):
                pass
        value = compute()
        if memo is not None:
            memo.keep_evidence(self.rule.id, doc.relpath, what, value)
        return value
