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
- ``results/<digest>/judged.json``: ``{relpath: {key, rule: [inputs, findings],
  "~evidence": {rule: {what: value}}}}``, corpus rules' verdicts on each page with a
  digest of what the rule compared it with (:meth:`Store.judged`), and what they quoted
  of the page (:meth:`Store.evidence`);
- ``results/<digest>/files.json``: ``{relpath: [size, mtime_ns, ctime_ns, inode,
  sha256]}``, the file index (:meth:`Store.known_sha256`): what a file hashed to when it
  had that stat, so that a run does not read and hash every unchanged file (a deleted
  file leaves it, and ``judged.json``, when a run saves: :meth:`Store._kept`);
- ``analyses/<digest>/<kk>/<key>.json.z``: each file's full analysis and its extract
  (prose, source map, comments), zlib-compressed JSON, read only for the evidence of a
  corpus finding or the site.

Everything read is validated; what fails (truncated, foreign, crafted) is ignored, noted
in one line (shown under ``-v``), and rebuilt by the run.
"""
from __future__ import annotations

import json
import os
import shutil
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

from planner.fsutil import atomic_write_bytes
from planner.engine.records import (Invalid, analysis_from, finding_to, findings_from, summary_from,
                                    summary_to)
from planner.model import Analysis, DocSummary, Finding

FORMAT = "planner-results"
VERSION = 3  # 2: summaries without their path and sha256; findings with their fingerprint; 3: evidence kept
EVIDENCE = "~evidence"  # in a page's verdicts: what corpus rules quoted of it (no rule id has a "~")
SHARDS = 64
JUDGED = "judged.json"
FILES = "files.json"
MAX_SHARD_BYTES = 256 << 20  # a shard is a few MB even for a large estate
MAX_ANALYSIS_BYTES = 16 << 20
KEEP_DIGESTS = 4  # stores of other configurations or versions kept beside this one
_GITIGNORE = "# planner's result store: data planner rebuilds at will; never commit it\n*\n"

# Set only in a resident daemon (planner.daemon.memo.Memo): parsed store files and decoded
# results kept between its requests, used when they are exactly what reading gives here
memo: Any = None


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
        # relpath -> its key in the audit being run: get() and put() set it, and every audit
        # calls one of them for each readable file before its corpus rules ask judged()
        self._keys: dict[str, str] = {}
        self._judged: dict[str, Any] | None = None  # corpus rules' verdicts (see judged())
        self._judged_changed = False
        self._files: dict[str, Any] | None = None  # the file index (see known_sha256())
        self._files_changed = False
        self._gone: dict[Any, bool] = {}  # relpath -> deleted since it was stored (see _kept)
        # whole files loaded for evidence, by key: `planner trend` audits many commits in
        # one process, and a page that departs is quoted at every commit it is unchanged in
        self._wholes: OrderedDict[str, Any] = OrderedDict()

    # -- results ----------------------------------------------------------------------
    def get(self, key: str, relpath: str, path: str, sha256: str,
            peek: bool = False) -> tuple[DocSummary, list[Finding]] | None:
        """The stored summary and per-document findings of ``relpath`` under ``key``
        (the key is of its ``sha256``; ``path`` is where this run found it). ``peek``:
        for bytes that stand in for the file's (an editor's buffer, never stored): this
        run's bookkeeping is left as it was, so nothing is kept or dropped for them."""
        if not peek:
            self._seen.add(relpath)
            self._keys[relpath] = key
        entry = self._entries(relpath).get(key)
        if entry is None:
            return None
        try:
            if entry.get("relpath") != relpath:
                raise Invalid("stored under another path")
            result = (memo is not None and memo.result(key, entry, path, sha256)) or \
                (summary_from(entry["summary"], relpath, path, sha256), findings_from(entry["findings"]))
        except (Invalid, KeyError, TypeError, ValueError) as exc:
            self.note(f"cache: ignored the stored result of {relpath} ({exc}); rebuilding it")
            return None
        if not peek:
            self._used.add(key)
        return result

    def put(self, key: str, summary: DocSummary, findings: list[Finding]) -> None:
        self._seen.add(summary.relpath)
        self._keys[summary.relpath] = key
        self._used.add(key)
        self._entries(summary.relpath)[key] = {"relpath": summary.relpath, "summary": summary_to(summary),
                                                "findings": [finding_to(f) for f in findings]}
        self._touched.add(_shard(summary.relpath))

    # -- corpus rules' verdicts, per page ---------------------------------------------
    def judged(self, rule: str, relpath: str, inputs: str) -> list[Finding] | None:
        """``rule``'s findings on ``relpath`` as kept by :meth:`keep_judged` for the same
        bytes and the same ``inputs`` (a digest of what the rule compared the page
        with), or None."""
        page = self._verdicts().get(relpath)
        if page is None or page.get("key") != self._keys.get(relpath):
            return None
        verdict = page.get(rule)
        if not (isinstance(verdict, list) and len(verdict) == 2 and verdict[0] == inputs):
            return None
        try:
            return findings_from(verdict[1])
        except (Invalid, KeyError, TypeError, ValueError) as exc:
            self.note(f"cache: ignored a stored verdict of {rule} on {relpath} ({exc}); judging again")
            return None

    def keep_judged(self, rule: str, relpath: str, inputs: str, findings: list[Finding]) -> None:
        page = self._page(relpath)
        if page is not None:
            page[rule] = [inputs, [finding_to(f) for f in findings]]
            self._judged_changed = True

    def evidence(self, rule: str, relpath: str, what: str) -> Any:
        """What :meth:`keep_evidence` kept of ``rule``'s evidence ``what`` on ``relpath``'s
        bytes, or None. Unchecked JSON data: the rule validates it."""
        key = self._keys.get(relpath)
        page = self._verdicts().get(relpath) if key is not None else None
        if not isinstance(page, dict) or page.get("key") != key:
            return None
        kept = page.get(EVIDENCE)
        kept = kept.get(rule) if isinstance(kept, dict) else None
        return kept.get(what) if isinstance(kept, dict) else None

    def keep_evidence(self, rule: str, relpath: str, what: str, value: Any) -> None:
        page = self._page(relpath)
        if page is None:
            return
        if not isinstance(page.get(EVIDENCE), dict):
            page[EVIDENCE] = {}
        if not isinstance(page[EVIDENCE].get(rule), dict):
            page[EVIDENCE][rule] = {}
        page[EVIDENCE][rule][what] = value
        self._judged_changed = True

    def _page(self, relpath: str) -> dict[str, Any] | None:
        """The verdicts' record of ``relpath`` for its bytes in this run (a new one if it
        was of other bytes), or None for a file this run did not get or put."""
        key = self._keys.get(relpath)
        if key is None:
            return None
        pages = self._verdicts()
        if not isinstance(pages.get(relpath), dict) or pages[relpath].get("key") != key:
            pages[relpath] = {"key": key}
        return pages[relpath]

    def _verdicts(self) -> dict[str, Any]:
        """relpath -> {"key": the page's key, rule: [inputs, findings]}: one file, apart
        from the results, because a moved baseline re-judges pages in every shard."""
        if self._judged is None:
            self._judged, self._judged_changed = self._load(JUDGED, dict, "judging again")
        return self._judged

    # -- the file index ----------------------------------------------------------------
    # Results stay keyed by content; this only spares reading and hashing a file whose
    # stat is what it was when it was hashed, as git's index does. The ctime changes on
    # every write (no tool can set it back), and read() notes only files last changed
    # well before it read them, so a write in the same clock tick as the read is not
    # taken for the old content.
    def known_sha256(self, relpath: str, st: os.stat_result) -> str | None:
        """The sha256 ``relpath`` had when it last had this stat, or None."""
        got = self._file_index().get(relpath)
        if (isinstance(got, list) and len(got) == 5 and got[:4] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
                and isinstance(got[4], str) and len(got[4]) == 64):
            return got[4]
        return None

    def note_sha256(self, relpath: str, st: os.stat_result, sha256: str) -> None:
        self._file_index()[relpath] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, sha256]
        self._files_changed = True

    def _file_index(self) -> dict[str, Any]:
        if self._files is None:
            self._files, self._files_changed = self._load(FILES, list, "hashing the files again")
        return self._files

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
        entries, broken = self._load(f"{i:02d}.json", dict, "rebuilding it")
        if broken:
            self._touched.add(i)
        return entries

    def _load(self, name: str, kind: type, then: str) -> tuple[dict[str, Any], bool]:
        """The entries of one of the store's files (none if it is absent), and whether it
        failed to read, and so must be written anew (``then`` says what the run does)."""
        path = self.results_dir / name
        try:
            return self._read_data(path, kind), False
        except FileNotFoundError:
            return {}, False
        except (OSError, ValueError, Invalid, RecursionError) as exc:  # RecursionError: deeply nested JSON
            self.note(f"cache: ignored {path} ({exc}); {then}")
            return {}, True

    def _read_data(self, path: Path, kind: type) -> dict[str, Any]:
        """The entries of one of the store's files, checked to be planner's, of this
        version and configuration, each a ``kind``."""
        with open(path, "rb") as fh:
            blob = fh.read(MAX_SHARD_BYTES + 1)
        if len(blob) > MAX_SHARD_BYTES:
            raise Invalid("too large")
        data = json.loads(blob) if memo is None else memo.parsed(path, blob)
        if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") == VERSION
                and data.get("digest") == self.digest and isinstance(data.get("entries"), dict)):
            raise Invalid("not a planner result store of this version and configuration")
        entries = data["entries"]
        if not all(isinstance(k, str) and isinstance(v, kind) for k, v in entries.items()):
            raise Invalid("malformed entries")
        return entries

    def save(self) -> None:
        """Write the shards this run changed, and the verdicts and file index if they
        changed. A shard keeps the results this run used and those of files the run did
        not look at (a run over one file keeps the estate's) while they exist; other
        versions of the files it saw, and deleted files, are dropped. A scratch store (no
        cache) writes nothing: it is deleted unread."""
        if self.scratch:
            return
        used, seen, kept = self._used, self._seen, self._kept
        if self._files is not None and not all(rel in seen or kept(rel) for rel in self._files):
            # a deleted file leaves the index
            self._files = {rel: v for rel, v in self._files.items() if rel in seen or kept(rel)}
            self._files_changed = True
        for i, entries in (self._shards or {}).items():  # a deleted file's results go
            if i not in self._touched and not all(k in used or kept(e.get("relpath")) for k, e in entries.items()):
                self._touched.add(i)
        if self._judged and not all(p.get("key") in used or kept(rel) for rel, p in self._judged.items()):
            self._judged_changed = True
        if not (self._touched or self._judged_changed or self._files_changed):
            return
        try:
            self._ensure_folder()
            for i in sorted(self._touched):
                entries = (self._shards or {}).get(i, {})
                self._write(f"{i:02d}.json", {k: e for k, e in entries.items()
                                              if k in used or kept(e.get("relpath"))})
            if self._judged_changed:
                self._write(JUDGED, {rel: p for rel, p in (self._judged or {}).items()
                                     if p.get("key") in used or kept(rel)})
            if self._files_changed:
                self._write(FILES, self._files or {})
            self._prune()
        except OSError:
            pass  # a read-only cache folder makes runs slower, never wrong

    def _kept(self, relpath: Any) -> bool:
        """Whether what is stored of ``relpath`` outside this run's own results stays: a
        file this run did not look at stays while it exists (a run over one file keeps
        the estate's); a deleted file's results, verdicts and index entry go. (Relpaths
        are relative to the working folder: a run from another folder may drop entries it
        did not look at, which only costs the next run their reading.)"""
        if relpath in self._seen:
            return False
        gone = self._gone.get(relpath)
        if gone is None:
            gone = self._gone[relpath] = not (isinstance(relpath, str) and os.path.lexists(relpath))
        return not gone

    def _write(self, name: str, entries: dict[str, dict[str, Any]]) -> None:
        blob = json.dumps({"format": FORMAT, "version": VERSION, "digest": self.digest, "entries": entries},
                          separators=(",", ":"), ensure_ascii=False)
        atomic_write_bytes(self.results_dir / name, blob.encode(), durable=False)

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
