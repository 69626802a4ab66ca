"""The result store: each file's result, kept between runs. It only gets and puts.

A result is keyed by what it is a pure function of: the file's path and bytes, and the
run's digest (configuration, tool version and files, team model; see
:mod:`planner.engine.keys`), never by a file's stat or the date, so a result computed
for a file at one commit serves every other commit where it is the same.

On disk it is data, never code (no pickle, no marshal): a repository, a pull request
or a CI cache restored from another branch can hand planner any bytes here.

- ``results/<digest>/<NN>.json``: 64 shards of ``{key: {relpath, summary, findings}}``
  (what a run over unchanged files reads), sharded by path so an edit rewrites one
  sixty-fourth of the store;
- ``analyses/<digest>/<kk>/<key>.json.z``: each file's full analysis and its extract
  (prose, source map, comments), zlib-compressed JSON, read only for the evidence of a
  corpus finding or the site.

Everything read is validated; what fails (truncated, foreign, crafted) is ignored, noted
in one line (shown under ``-v``), and rebuilt by the run.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

from planner.fsutil import atomic_write_bytes
from planner.model import Analysis, DocSummary, Finding, Tags

FORMAT = "planner-results"
VERSION = 1
SHARDS = 64
MAX_SHARD_BYTES = 256 << 20  # a shard is a few MB even for a large estate
MAX_ANALYSIS_BYTES = 16 << 20
KEEP_DIGESTS = 4  # stores of other configurations or versions kept beside this one
_GITIGNORE = "# planner's result store: data planner rebuilds at will; never commit it\n*\n"


class Invalid(ValueError):
    """Stored data that is not what planner writes."""


class Store:
    """Results of one digest in ``folder``; :meth:`save` writes what changed."""

    def __init__(self, folder: Path, digest: str, note: Callable[[str], None] = lambda msg: None,
                 scratch: bool = False) -> None:
        self.folder, self.digest, self.note = Path(folder), digest, note
        # a store for one run only, deleted at its end: no later run reads it, so
        # :meth:`save` writes nothing and only worker processes (whose results the
        # parent reads back) write full analyses into it
        self.scratch = scratch
        self.results_dir = self.folder / "results" / digest
        self.analyses_dir = self.folder / "analyses" / digest
        self._shards: dict[int, dict[str, dict[str, Any]]] | None = None
        self._touched: set[int] = set()
        self._used: set[str] = set()  # keys read or written this run
        self._seen: set[str] = set()  # relpaths this run looked up
        # whole files loaded for evidence, by key: `planner trend` audits many commits in
        # one process, and a page that departs is quoted at every commit it is unchanged in
        self._wholes: OrderedDict[str, Any] = OrderedDict()

    # -- results ----------------------------------------------------------------------
    def get(self, key: str, relpath: str) -> tuple[DocSummary, list[Finding]] | None:
        """The stored summary and per-document findings of ``relpath`` under ``key``."""
        self._seen.add(relpath)
        entry = self._entries(relpath).get(key)
        if entry is None:
            return None
        try:
            if entry.get("relpath") != relpath:
                raise Invalid("stored under another path")
            result = summary_from(entry["summary"]), [finding_from(f) for f in _list(entry["findings"])]
        except (Invalid, KeyError, TypeError, ValueError) as exc:
            self.note(f"cache: ignored the stored result of {relpath} ({exc}); rebuilding it")
            return None
        self._used.add(key)
        return result

    def put(self, key: str, summary: DocSummary, findings: list[Finding]) -> None:
        self._seen.add(summary.relpath)
        self._used.add(key)
        self._entries(summary.relpath)[key] = {"relpath": summary.relpath, "summary": summary_to(summary),
                                                "findings": [finding_to(f) for f in findings]}
        self._touched.add(_shard(summary.relpath))

    # -- whole files, kept for the rest of this process -------------------------------
    WHOLES = 512  # a bound: a few hundred pages' documents and analyses

    def recall(self, key: str) -> Any:
        """What :meth:`remember` kept under ``key`` in this process, or None."""
        got = self._wholes.get(key)
        if got is not None:
            self._wholes.move_to_end(key)
        return got

    def remember(self, key: str, whole: Any) -> None:
        self._wholes[key] = whole
        if len(self._wholes) > self.WHOLES:
            self._wholes.popitem(last=False)

    # -- full analyses ----------------------------------------------------------------
    def analysis(self, key: str) -> tuple[Analysis, Any] | None:
        """One file's full analysis, and the extract (prose and comments, as
        :func:`planner.markdown.stored` wrote it; None if absent) kept with it."""
        path = self._analysis_path(key)
        try:
            with open(path, "rb") as fh:
                blob = fh.read(MAX_ANALYSIS_BYTES + 1)
            data = json.loads(_inflate(blob))
            if not isinstance(data, dict) or data.get("key") != key:
                raise Invalid("not this file's analysis")
            return analysis_from(data.get("analysis")), data.get("extract")  # the loader checks the extract
        except FileNotFoundError:
            return None
        except (OSError, Invalid, ValueError, TypeError, KeyError, RecursionError, zlib.error) as exc:
            self.note(f"cache: ignored {path} ({exc}); rebuilding it")
            return None

    def put_analysis(self, key: str, analysis: Analysis, extract: dict | None = None) -> None:
        """Write one full analysis, and the document's extract (worker processes call
        this too: each file is its own)."""
        # check_circular off: the analysis is a tree built for this file (a tenth of the
        # encoding's time is the cycle bookkeeping)
        blob = json.dumps({"key": key, "analysis": analysis.to_dict(), "extract": extract}, separators=(",", ":"),
                          default=str, check_circular=False)
        try:
            atomic_write_bytes(self._analysis_path(key), zlib.compress(blob.encode(), 1), durable=False)
        except OSError:
            pass  # a read-only or full disk makes runs slower, never wrong

    def _analysis_path(self, key: str) -> Path:
        return self.analyses_dir / key[:2] / f"{key}.json.z"

    # -- shards -----------------------------------------------------------------------
    def _entries(self, relpath: str) -> dict[str, dict[str, Any]]:
        if self._shards is None:
            self._shards = {}
        i = _shard(relpath)
        if i not in self._shards:
            self._shards[i] = self._read_shard(i)
        return self._shards[i]

    def _read_shard(self, i: int) -> dict[str, dict[str, Any]]:
        path = self.results_dir / f"{i:02d}.json"
        try:
            with open(path, "rb") as fh:
                blob = fh.read(MAX_SHARD_BYTES + 1)
            if len(blob) > MAX_SHARD_BYTES:
                raise Invalid("too large")
            data = json.loads(blob)
            if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") == VERSION
                    and data.get("digest") == self.digest and isinstance(data.get("entries"), dict)):
                raise Invalid("not a planner result store of this version and configuration")
            entries = data["entries"]
            if not all(isinstance(k, str) and isinstance(v, dict) for k, v in entries.items()):
                raise Invalid("malformed entries")
            return entries
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, Invalid, RecursionError) as exc:  # RecursionError: deeply nested JSON
            self.note(f"cache: ignored {path} ({exc}); rebuilding it")
            self._touched.add(i)
            return {}

    def save(self) -> None:
        """Write the shards this run changed. A shard keeps the results this run used and
        those of files the run did not look at (a run over one file keeps the estate's);
        other versions of the files it saw are dropped."""
        if self.scratch or not self._touched or self._shards is None:
            return
        try:
            self._ensure_folder()
            for i in sorted(self._touched):
                entries = {k: e for k, e in self._shards.get(i, {}).items()
                           if k in self._used or e.get("relpath") not in self._seen}
                blob = json.dumps({"format": FORMAT, "version": VERSION, "digest": self.digest, "entries": entries},
                                  separators=(",", ":"), ensure_ascii=False)
                atomic_write_bytes(self.results_dir / f"{i:02d}.json", blob.encode(), durable=False)
            self._prune()
        except OSError:
            pass  # a read-only cache folder makes runs slower, never wrong

    def _ensure_folder(self) -> None:
        self.results_dir.mkdir(parents=True, exist_ok=True)
        marker = self.folder / ".gitignore"
        if not marker.exists():
            marker.write_text(_GITIGNORE, encoding="utf-8")

    def _prune(self) -> None:
        """Stores of other digests (an old configuration, version or model) are dead
        weight: keep the newest few."""
        for part in ("results", "analyses"):
            base = self.folder / part
            stores = sorted((p for p in base.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in stores[KEEP_DIGESTS:]:
                if old.name != self.digest:
                    shutil.rmtree(old, ignore_errors=True)


def _shard(relpath: str) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogateescape")) % SHARDS


def _inflate(blob: bytes) -> bytes:
    """zlib-decompress, refusing more than MAX_ANALYSIS_BYTES (a crafted bomb stays small)."""
    d = zlib.decompressobj()
    out = d.decompress(blob, MAX_ANALYSIS_BYTES)
    if d.unconsumed_tail:
        raise Invalid("too large")
    return out


# --------------------------------------------------------------------------- data <-> JSON

def _list(x: Any) -> list:
    if not isinstance(x, list):
        raise Invalid("expected a list")
    return x


def _dict(x: Any) -> dict:
    if not isinstance(x, dict):
        raise Invalid("expected a mapping")
    return x


def _str(x: Any, none: bool = False) -> Any:
    if x is None and none:
        return None
    if not isinstance(x, str):
        raise Invalid("expected text")
    return x


def _int(x: Any) -> int:
    if not isinstance(x, int) or isinstance(x, bool):
        raise Invalid("expected a whole number")
    return x


_TAG_TEXT = ("title", "phase", "stage", "persona", "format", "owner", "cta", "topic")


def tags_to(t: Tags | None) -> dict[str, Any] | None:
    if t is None:
        return None
    d = t.to_dict()
    d["phase_implied"] = t.phase_implied
    return d


def tags_from(d: Any) -> Tags | None:
    if d is None:
        return None
    d = _dict(d)
    t = Tags(id=_str(d["id"]))
    for k in _TAG_TEXT:
        setattr(t, k, _str(d.get(k), none=True))
    t.roles = [_str(r) for r in _list(d.get("roles", []))]
    t.status = _str(d.get("status", "published"))
    t.reviewed = dt.date.fromisoformat(_str(d["reviewed"])) if d.get("reviewed") is not None else None
    t.phase_implied = bool(d.get("phase_implied", False))
    return t


def analysis_from(d: Any) -> Analysis:
    d = _dict(d)
    a = Analysis.from_dict(d)
    _int(a.words)
    _str(a.language)
    _list(a.sentences)
    for part in (a.journey, a.readability, a.tone):
        if part is not None:
            _dict(part)
    return a


_NUMBER_TYPES = frozenset({int, float, type(None)})
_TABLE_TYPES = _NUMBER_TYPES | {dict, list}  # nested tables (e.g. per-stage scores) are checked where read


def _numbers(d: Any) -> dict:
    """A table of numbers (None allowed), checked at C speed: every warm run checks
    ten thousand of them."""
    d = _dict(d)
    if not set(map(type, d.values())) <= _TABLE_TYPES or not set(map(type, d)) <= {str}:
        raise Invalid("expected a table of numbers")
    return d


def summary_analysis_from(d: Any) -> Analysis:
    """A summary analysis (Analysis.summary), checked down to its numbers: corpus rules
    and reporters compute with them."""
    a = analysis_from(d)
    if a.readability is not None:
        _numbers(a.readability)
    if a.tone is not None:
        _numbers(a.tone.get("scores", {}))
        _numbers(a.tone.get("counts", {}))
    if a.journey is not None and a.journey.get("predicted") is not None:
        pred = _dict(a.journey["predicted"])
        _str(pred.get("phase"), none=True)
        _str(pred.get("stage"), none=True)
        _numbers(pred.get("scores") or {})
    return a


def summary_to(s: DocSummary) -> dict[str, Any]:
    return {"relpath": s.relpath, "path": s.path, "sha256": s.sha256, "ok": s.ok, "body_line": s.body_line,
            "line_count": s.line_count, "tags": tags_to(s.tags), "meta_lines": s.meta_lines,
            "comments": [list(c) for c in s.comments],
            "analysis": s.analysis.to_dict() if s.analysis is not None else None}


def summary_from(d: Any) -> DocSummary:
    d = _dict(d)
    meta_lines = _dict(d["meta_lines"])
    if not set(map(type, meta_lines.values())) <= {int} or not set(map(type, meta_lines)) <= {str}:
        raise Invalid("malformed meta_lines")
    comments = [(_int(c[0]), _str(c[1])) for c in (_list(x) for x in _list(d["comments"])) if len(c) == 2]
    return DocSummary(relpath=_str(d["relpath"]), path=_str(d["path"]), sha256=_str(d["sha256"]), ok=bool(d["ok"]),
                      body_line=_int(d["body_line"]), line_count=_int(d["line_count"]), tags=tags_from(d["tags"]),
                      meta_lines=meta_lines, comments=comments,
                      analysis=summary_analysis_from(d["analysis"]) if d["analysis"] is not None else None)


_FINDING_KEYS = ("path", "rule", "severity", "message", "line", "column", "end_line", "end_column", "evidence",
                 "fix", "why", "sentences")


def finding_to(f: Finding) -> dict[str, Any]:
    return {k: getattr(f, k) for k in _FINDING_KEYS}


_FINDING_TYPES = {"path": (str,), "rule": (str,), "severity": (str,), "message": (str,), "line": (int,),
                  "column": (int,), "end_line": (int, type(None)), "end_column": (int, type(None)), "evidence": (list,),
                  "fix": (dict, type(None)), "why": (str,), "sentences": (list,)}


def finding_from(d: Any) -> Finding:
    d = _dict(d)
    if d.keys() != _FINDING_TYPES.keys() or not all(type(d[k]) in t for k, t in _FINDING_TYPES.items()):
        raise Invalid("malformed finding")
    if not set(map(type, d["evidence"])) <= {str}:
        raise Invalid("malformed evidence")
    for s in d["sentences"]:
        _sentence(s)
    return Finding(**d)


def _sentence(s: Any) -> dict[str, Any]:
    s = _dict(s)
    _str(s["text"])
    for k in ("line", "column", "end_line", "end_column"):
        _int(s[k])
    for h in _list(s.get("highlights", [])):
        if len(_list(h)) != 2:
            raise Invalid("malformed highlight")
        _int(h[0]), _int(h[1])
    return s
