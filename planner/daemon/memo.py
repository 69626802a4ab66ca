"""What a planner daemon keeps between requests: the result store's files, parsed, and
each stored result, decoded.

It plugs into :class:`planner.engine.store.Store` at two points (``store.memo``): reading
a store file (:meth:`Memo.parsed`) and decoding one result (:meth:`Memo.result`), and into
the JSON report at one (``json_report.encoded``): a kept result's document line
(:meth:`Memo.line`). Each gives back exactly what planner's own code would have built,
or nothing:

- a parsed file is used only when the file's bytes are the bytes it was parsed from
  (compared whole, not by date or size);
- a decoded result is used only for the very entry object it was decoded from, under
  the same key, in a file that passed the first check. A key is a digest of the run's
  configuration, planner's code, the file's path and its bytes
  (:mod:`planner.engine.keys`), so a result can never be stale for its key;
- a document line is used only for the very summary and analysis objects it was
  encoded from (nothing changes a summary once decoded: analysis and tags are set when
  a file is checked), by the same reporter code (a daemon answers only its own code).

Each thing kept is handed out once per process (a request's process may change what
it gets; the next request is a new fork of the daemon and gets the daemon's copy).
The daemon refreshes it from the files a request read, between requests.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.engine.records import Invalid, findings_from, summary_from
from planner.engine.store import FORMAT, MAX_SHARD_BYTES
from planner.model import Analysis, DocSummary, Finding
from planner.reporters.json_report import document_line

_UNHASHED = ""  # DocSummary.sha256 of a file too large to load (see records.summary_to)


class Memo:
    def __init__(self) -> None:
        self._files: dict[str, tuple[bytes, Any]] = {}  # path -> (its bytes, parsed)
        self._results: dict[str, tuple[dict, DocSummary, list[Finding]]] = {}  # key -> (entry, decoded)
        # id(summary) -> (summary, its analysis, its line in the JSON report)
        self._lines: dict[int, tuple[DocSummary, Analysis | None, str]] = {}
        self.asked: list[str] = []  # store files this process read (a request reports them)
        # what was handed out stays referenced until the request's process exits (os._exit):
        # freeing 10^6 objects at the end of a run is work, and writes to shared pages
        self._handed: list[Any] = []
        self._todo: list[str] = []

    # -- the store's side, in a request ----------------------------------------------
    def parsed(self, path: Path, blob: bytes) -> Any:
        """``json.loads(blob)``, from the memo when ``path`` still holds those bytes."""
        self.asked.append(str(path))
        kept = self._files.pop(str(path), None)
        if kept is not None and kept[0] == blob:
            self._handed.append(kept)
            return kept[1]
        return json.loads(blob)

    def result(self, key: str, entry: dict, path: str, sha256: str) -> tuple[DocSummary, list[Finding]] | None:
        """The decoded result of ``entry`` (stored under ``key``) as this run names the
        file (``path``, ``sha256``), or None if it was not decoded from this entry."""
        kept = self._results.pop(key, None)
        if kept is None or kept[0] is not entry:
            return None
        self._handed.append(kept)
        summary = kept[1]
        # decoded before this run: its path and hash are this run's (as summary_from gives them)
        summary.path = path
        summary.sha256 = sha256 if summary.sha256 != _UNHASHED else _UNHASHED
        return summary, kept[2]

    def line(self, doc: Any, analysis: Any) -> str | None:
        """``doc``'s line in the JSON report, if encoded from these very objects."""
        kept = self._lines.get(id(doc))
        if kept is None or kept[0] is not doc or kept[1] is not analysis:
            return None
        return kept[2]

    # -- the daemon's side, between requests -------------------------------------------
    def want(self, paths: list[str]) -> None:
        """Store files a request read: read them again (those that changed) when idle."""
        self._todo = sorted(set(self._todo) | set(paths), reverse=True)

    @property
    def pending(self) -> bool:
        return bool(self._todo)

    def step(self) -> None:
        """Refresh one store file: parse it again if its bytes changed, and decode its
        results (a few ms to ~50 ms: the daemon checks for requests between steps)."""
        path = self._todo.pop()
        try:
            with open(path, "rb") as fh:
                blob = fh.read(MAX_SHARD_BYTES + 1)
        except OSError:
            blob = b""
        kept = self._files.get(path)
        if kept is not None and kept[0] == blob:
            return
        self._forget(path)
        try:
            data = json.loads(blob) if 0 < len(blob) <= MAX_SHARD_BYTES else None
        except (ValueError, RecursionError):
            data = None
        if data is None:
            return
        self._files[path] = (blob, data)
        self._decode(data)

    def _forget(self, path: str) -> None:
        old = self._files.pop(path, None)
        entries = _entries(old[1]) if old is not None else {}
        for key in entries:
            kept = self._results.pop(key, None)
            if kept is not None:
                self._lines.pop(id(kept[1]), None)

    def _decode(self, data: Any) -> None:
        for key, entry in _entries(data).items():
            if not (isinstance(entry, dict) and "summary" in entry and "findings" in entry):
                continue  # a file index or verdicts entry: parsed is all there is
            relpath = entry.get("relpath")
            try:
                # a placeholder hash (set by result()): summary_from keeps it iff the file was hashed
                summary = summary_from(entry["summary"], relpath, relpath, "-")
                findings = findings_from(entry["findings"])
            except (Invalid, KeyError, TypeError, ValueError):
                continue  # the request decodes it and says what is wrong
            self._results[key] = (entry, summary, findings)
            self._lines[id(summary)] = (summary, summary.analysis, document_line(summary, summary.analysis))


def _entries(data: Any) -> dict:
    if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
        return data["entries"]
    return {}
