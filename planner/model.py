"""The data that flows through the pipeline: Document -> Analysis -> Finding -> Audit.

Everything here is plain data. Loading, analysing and checking live in their own
modules; every view (reporters, coverage, site) reads an :class:`Audit`.
"""
from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Sequence

SEVERITIES = ("error", "warning", "suggestion")
SEVERITY_RANK = {"none": 99, "off": 99, "error": 3, "warning": 2, "suggestion": 1}


# --------------------------------------------------------------------------- source map

class LineIndex:
    """Maps character offsets in a (newline-normalised) text to 1-based line and column."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        line = max(1, min(line, len(self._starts)))
        return self._starts[line - 1]

    @property
    def lines(self) -> int:
        return len(self._starts)


@dataclass
class Block:
    """One unit of prose: a heading, paragraph, list item, table cell or the title."""

    kind: str  # title | heading | paragraph | list_item | table_cell | blockquote (as written: a
    # callout "> Note: ..." is a blockquote too; ``quoted`` says whose words they are)
    start: int  # offsets into Prose.text
    end: int
    line: int  # 1-based line of the block's first character in the file
    level: int = 0  # heading level (1-6); 0 otherwise
    section: int = 0  # index of the heading-delimited section the block belongs to
    quoted: bool = False  # someone else's words: a quotation, not the page's own voice (planner.quotations)


@dataclass
class Section:
    """A heading-delimited part of a document. Section 0 is what precedes the first heading."""

    index: int
    heading: str
    level: int
    start: int  # offsets into Prose.text
    end: int
    line: int


@dataclass
class Prose:
    """The readable text of a document, with a map back to the file.

    ``text`` holds the blocks joined by blank lines (so a sentencizer never joins two
    blocks). ``offsets[i]`` is the offset in :attr:`Document.text` of ``text[i]``,
    or -1 for a separator the extractor inserted. A list as the extractor builds it;
    an ``array('q')`` when read back from the store (8 bytes a character, not a list's
    36: the engine keeps every page a corpus finding quotes, a thousand in a 10,000-page
    estate).
    """

    text: str = ""
    offsets: Sequence[int] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # the inline code the extractor left out of ``text``: [start, end) file offsets of
    # each code span, backticks included, in file order (see :meth:`quote`)
    code: list[tuple[int, int]] = field(default_factory=list)

    def source_offset(self, i: int) -> int:
        """File offset of prose character ``i``, searching outwards past separators."""
        n = len(self.offsets)
        if n == 0:
            return 0
        i = max(0, min(i, n - 1))
        for j in range(i, n):
            if self.offsets[j] >= 0:
                return self.offsets[j]
        for j in range(i, -1, -1):
            if self.offsets[j] >= 0:
                return self.offsets[j]
        return 0

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets [a, b) covering prose span [start, end)."""
        if end <= start:
            a = self.source_offset(start)
            return a, a
        a = self.source_offset(start)
        # last real character inside the span, searching backwards
        b = -1
        for j in range(min(end, len(self.offsets)) - 1, start - 1, -1):
            if self.offsets[j] >= 0:
                b = self.offsets[j] + 1
                break
        return a, max(a, b)

    def quote(self, start: int, end: int, source: str) -> tuple[str, list[int]]:
        """Prose span [start, end) as a quotation: the text with the inline code the
        extractor skipped inside it (:attr:`code`) put back from ``source`` (the file
        text), so a quoted sentence reads "prefix commands with `ps`", not "prefix
        commands with ".
        Returns the text and, for every prose offset start..end, its offset in the text."""
        text, code = self.text, self.code
        a, b = self.source_span(start, end)
        first = bisect.bisect_left(code, (a, -1))
        if first == len(code) or code[first][0] >= b:  # most sentences hold no code: as they are
            return text[start:end], list(range(end - start + 1))
        offsets, n = self.offsets, len(self.offsets)
        where, parts, added = [], [], 0
        for i in range(start, end):
            where.append(i - start + added)
            parts.append(text[i])
            if i + 1 < end and i + 1 < n and offsets[i] >= 0 and offsets[i + 1] > offsets[i] + 1:
                k = bisect.bisect_left(code, (offsets[i] + 1, -1))
                spans = []
                while k < len(code) and code[k][1] <= offsets[i + 1]:  # the code in this gap
                    span = source[code[k][0]:code[k][1]]
                    fence = span[:len(span) - len(span.lstrip("`"))]  # its backticks
                    spans.append(fence + " ".join(span[len(fence):len(span) - len(fence)].split()) + fence)
                    k += 1
                if spans:
                    joined = " ".join(spans)
                    parts.append(joined)
                    added += len(joined)
        where.append(end - start + added)
        return "".join(parts), where

    def block_at(self, offset: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    @property
    def words(self) -> int:
        return len(self.text.split())


# --------------------------------------------------------------------------- documents

@dataclass
class Tags:
    """Front matter after alias resolution and type checks. Unknown values are kept
    as written so rules can report them; ``None`` means absent or unusable."""

    id: str
    title: str | None = None
    phase: str | None = None
    stage: str | None = None
    roles: list[str] = field(default_factory=list)
    persona: str | None = None
    format: str | None = None
    owner: str | None = None
    cta: str | None = None
    status: str = "published"
    reviewed: _dt.date | None = None
    topic: str | None = None
    phase_implied: bool = False  # phase came from the stage, not from the file

    def axis(self, name: str) -> list[str]:
        """Values of a coverage axis (role, persona, format, owner, topic)."""
        if name in ("role", "roles"):
            return list(self.roles)
        value = getattr(self, name, None)
        return [value] if isinstance(value, str) and value else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "phase": self.phase, "stage": self.stage,
            "roles": list(self.roles), "persona": self.persona, "format": self.format,
            "owner": self.owner, "cta": self.cta, "status": self.status,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
            "topic": self.topic,
        }


@dataclass
class Suppression:
    """An inline ``<!-- planner-disable... -->`` comment."""

    kind: str  # disable | enable | disable-next-line | disable-file
    rules: list[str]  # empty means every rule
    reason: str
    line: int  # 1-based line of the comment
    end_line: int  # for disable: last line covered (inclusive); set by the loader
    used: bool = False


@dataclass
class Document:
    """One content file as loaded. ``text`` is the decoded file with the BOM removed and
    line endings normalised to ``\\n`` (line and column numbers are unchanged by that)."""

    path: Path
    relpath: str
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # front matter as parsed
    meta_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    body_line: int = 1  # 1-based line where the Markdown body starts
    prose: Prose = field(default_factory=Prose)
    tags: Tags | None = None
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of HTML comments outside code
    suppressions: list[Suppression] = field(default_factory=list)
    problems: list["Finding"] = field(default_factory=list)  # load-time findings
    sha256: str = ""
    lines: LineIndex | None = None

    @property
    def ok(self) -> bool:
        """True when the body could be read (prose is meaningful)."""
        return self.lines is not None

    @property
    def line_count(self) -> int:
        return self.lines.lines if self.lines else 1

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset) if self.lines else (1, 1)

    def prose_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) in the file of prose span [start, end).
        The end column is inclusive, as editors and SARIF's ``endColumn - 1`` expect."""
        a, b = self.prose.source_span(start, end)
        line, col = self.position(a)
        end_line, end_col = self.position(max(a, b - 1))
        return line, col, end_line, end_col

    def source_text(self, start: int, end: int) -> str:
        """The file text under prose span [start, end)."""
        a, b = self.prose.source_span(start, end)
        return self.text[a:b]


# --------------------------------------------------------------------------- findings

@dataclass
class Finding:
    path: str
    rule: str
    severity: str
    message: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    evidence: list[str] = field(default_factory=list)
    fix: dict[str, Any] | None = None
    why: str = ""  # the journey reason, for the site and --verbose text output
    sentences: list[dict[str, Any]] = field(default_factory=list)  # [{text,line,column,end_line,end_column,highlights:[[a,b],..]}]
    fingerprint: str = ""
    suppressed: bool = False
    baseline: bool = False

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "rule": self.rule, "severity": self.severity, "message": self.message,
            "evidence": list(self.evidence), "fix": self.fix,
        }
        if self.why:
            d["why"] = self.why
        if self.sentences:
            d["sentences"] = self.sentences
        if self.fingerprint:
            d["fingerprint"] = self.fingerprint
        return d


_POSITION = ("line", "column", "end_line", "end_column")


def checked_sentences(records: Any) -> list[dict[str, Any]]:
    """``records`` when it is a list of quoted sentences as :attr:`Finding.sentences`
    holds them, else ValueError: what is read back from a store is untrusted. Exact
    types (JSON gives them), checked at C speed: a warm run reads thousands."""
    if type(records) is not list:
        raise ValueError("malformed sentences")
    for s in records:
        if type(s) is not dict or type(s["text"]) is not str \
                or not {int}.issuperset(map(type, map(s.__getitem__, _POSITION))):
            raise ValueError("malformed sentence")
        marks = s.get("highlights", [])
        if type(marks) is not list or not {list}.issuperset(map(type, marks)) or not {2}.issuperset(map(len, marks)) \
                or not {int}.issuperset(map(type, chain.from_iterable(marks))):
            raise ValueError("malformed highlight")
    return records


# --------------------------------------------------------------------------- analysis and audit

@dataclass
class Analysis:
    """What the NLP side learned about one document. Plain JSON-able data, so it can be
    cached by content hash. Sub-structures are owned by their modules:
    ``journey`` (planner.journey), ``readability`` and ``tone`` (planner.tone)."""

    words: int = 0
    language: str = "en"  # "en", or "unknown" when the text does not look English
    sentences: list[list[int]] = field(default_factory=list)  # [start, end) prose offsets
    journey: dict[str, Any] | None = None
    readability: dict[str, Any] | None = None
    tone: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words, "language": self.language, "sentences": self.sentences,
            "journey": self.journey, "readability": self.readability, "tone": self.tone,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Analysis":
        return cls(**{k: d.get(k) for k in ("words", "language", "sentences", "journey", "readability", "tone")})

    def summary(self) -> "Analysis":
        """The numbers corpus rules and reporters read of every document: words,
        language, readability, the tone profile's scores, counts and voice numbers (per
        paragraph, for section-drift and tone-drift) and what it left out as quoted, the
        journey prediction. No sentences, marks or signals: evidence needs the full
        analysis (:meth:`Audit.full`)."""
        tone = {k: self.tone[k] for k in ("scores", "counts", "voice", "quoted") if k in self.tone} \
            if self.tone else self.tone
        if tone and isinstance(tone.get("voice"), dict):
            tone["voice"] = _departable(tone["voice"])
        journey = {k: self.journey[k] for k in ("predicted", "digest", "skipped") if k in self.journey} \
            if self.journey else self.journey
        return Analysis(words=self.words, language=self.language, sentences=[], journey=journey,
                        readability=self.readability, tone=tone)

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        starts = [s[0] for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i][0] <= offset < self.sentences[i][1]:
            return self.sentences[i][0], self.sentences[i][1]
        return None


# A passage with fewer weighted hits than this of every kind of voice break never departs
# (planner.tone.departures, as section-drift calls it): a summary keeps only the passages
# that can, which is a fifth of them, and every run reads ten thousand summaries.
VOICE_MIN_HITS = 1.0


def _departable(voice: dict[str, Any]) -> dict[str, Any]:
    """A voice record (planner.tone.voice: rows of start, end, words, you, we, then the
    hits of each kind) without the passages that cannot depart."""
    keep = {part: [r for r in voice[part] if max(r[5:], default=0) >= VOICE_MIN_HITS]
            for part in ("rows", "sections") if isinstance(voice.get(part), list)}
    return {**voice, **keep}


@dataclass
class DocSummary:
    """One document as corpus rules, suppressions, coverage and the reporters read it:
    its tags and where they are, its comments, and the summary of its analysis
    (:meth:`Analysis.summary`). Stored per file by the engine, so a run over unchanged
    files reads these and nothing more; :meth:`Audit.full` gives the whole Document and
    Analysis when a finding needs evidence."""

    relpath: str
    path: str
    sha256: str = ""
    ok: bool = False
    body_line: int = 1
    line_count: int = 1
    tags: Tags | None = None
    meta_lines: dict[str, int] = field(default_factory=dict)
    comments: list[tuple[int, str]] = field(default_factory=list)
    analysis: Analysis | None = None  # a summary
    suppressions: list[Suppression] = field(default_factory=list)  # filled by planner.suppress

    @classmethod
    def of(cls, doc: Document, analysis: Analysis | None) -> "DocSummary":
        return cls(relpath=doc.relpath, path=str(doc.path), sha256=doc.sha256, ok=doc.ok, body_line=doc.body_line,
                   line_count=doc.line_count, tags=doc.tags, meta_lines=dict(doc.meta_lines),
                   comments=list(doc.comments), analysis=analysis.summary() if analysis is not None else None)


@dataclass
class Audit:
    """The whole corpus: the one result every view reads.

    ``documents`` and ``analyses`` hold every file, in discovery order: full
    :class:`Document` and :class:`Analysis` objects when the run was asked for them
    (the site, ``planner tone``), else :class:`DocSummary` objects and summary analyses
    (lint, coverage, plan). :meth:`full` gives one file's whole Document and Analysis
    either way."""

    root: Path
    config: Any  # planner.config.Config
    documents: list[Document | DocSummary] = field(default_factory=list)
    analyses: dict[str, Analysis] = field(default_factory=dict)  # relpath -> Analysis
    findings: list[Finding] = field(default_factory=list)  # active (not suppressed)
    suppressed: list[Finding] = field(default_factory=list)
    baseline_stale: list[dict[str, Any]] = field(default_factory=list)
    as_of: _dt.date = field(default_factory=_dt.date.today)  # "today" for review ages: an input of the run
    extras: dict[str, Any] = field(default_factory=dict)  # views may memoise derived data here
    # relpath -> (Document, Analysis | None): set by the engine for a summary run
    loader: Callable[[str], tuple[Document, Analysis | None]] | None = field(default=None, repr=False)
    # corpus rules' verdicts and evidence per page kept between runs (the engine's store:
    # judged/keep_judged, evidence/keep_evidence)
    judgements: Any = field(default=None, repr=False)

    def full(self, relpath: str) -> tuple[Document, Analysis | None]:
        """One file's whole Document and Analysis (the evidence of a corpus finding)."""
        if self.loader is not None:
            return self.loader(relpath)
        doc = next(d for d in self.documents if d.relpath == relpath)
        if not isinstance(doc, Document):
            raise KeyError(f"{relpath}: this audit holds its summary only")
        return doc, self.analyses.get(relpath)

    def findings_for(self, relpath: str) -> list[Finding]:
        return [f for f in self.findings if f.path == relpath]

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            if not f.baseline:
                c[f.severity] = c.get(f.severity, 0) + 1
        return c
