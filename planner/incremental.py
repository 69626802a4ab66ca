"""Incremental runs: skip reading, parsing, analysing and checking unchanged files.

The analysis cache (planner.cache) saves the NLP pass, but on a large estate parsing
Markdown and running per-document rules costs as much again. This run store keeps, per
file, everything the pipeline derived from it before corpus rules ran: the loaded
document without its prose (the "light" part), its Analysis and its per-document
findings. A file whose bytes hash the same under the same configuration, tool version
and day (some rules depend on today's date, e.g. review age) is not touched again; its
prose and text are re-read from disk only if a view or corpus rule asks for them.

A file whose stat (mtime, size, inode, ctime) is the one recorded when it was last read
is not even read or hashed (as git, ruff and mypy do); any other stat means read, hash
and compare. A stat is only recorded when the file was at least two seconds old when
it was taken, so a write within the file system's timestamp granularity cannot hide.

An analysis is thousands of small objects, but corpus rules and reporters need only a
few numbers of each unchanged document (words, tone scores and counts, readability, the
predicted stage). The store keeps that compact summary next to the full analysis as one
marshalled blob per document, decoded only when something asks for more (the evidence
of a finding): see :class:`LazyAnalysis`.

One folder per configuration, holding the entries in ``SHARDS`` pickles by a hash of the
path; a run replaces (atomically) only the shards whose entries changed, so one edited
file rewrites about a sixty-fourth of the store, not all of it. A missing, corrupt or
foreign shard is simply a cold run for its files. The pickles are planner's own private
cache files, never user input.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import os
import pickle
import shutil
import time
import zlib
from pathlib import Path
from typing import Any, Callable

from planner.fsutil import atomic_write_bytes
from planner.model import Analysis, Document, Finding
from planner.stored_analysis import LazyAnalysis, pack

STORE_FORMAT = 6
SHARDS = 64
_LIGHT = ("relpath", "body_line", "tags", "comments", "sha256")
# kept pickled inside the entry and decoded on first access: most runs never look at an
# unchanged file's front matter or line index, and unpickling them is a fifth of a read
_COLD = ("meta", "meta_lines", "lines")
_RACY_NS = 2_000_000_000  # a file younger than this when stat-ed may still change within one timestamp tick


def _light(doc: Document) -> dict[str, Any]:
    """The document without its prose: the fields a LazyDocument is restored from."""
    light = {k: getattr(doc, k) for k in _LIGHT}
    light["problems"] = [dataclasses.replace(f) for f in doc.problems]
    light["path"], light["ok"] = str(doc.path), doc.ok
    light["cold"] = pickle.dumps(tuple(getattr(doc, k) for k in _COLD), protocol=pickle.HIGHEST_PROTOCOL)
    return light


def entry_for(doc: Document, analysis: Analysis | None, findings: list[Finding]) -> dict[str, Any]:
    """What the store keeps for one file (copies, so later flags do not leak in)."""
    from planner.reporters.json_report import document_line

    summary, blob = pack(analysis)
    return {"sha": doc.sha256, "light": _light(doc), "summary": summary, "blob": blob,
            "findings": [dataclasses.replace(f) for f in findings], "json": document_line(doc, analysis)}


def _cold_field(name: str) -> property:
    def get(self):
        d = self.__dict__
        if name not in d:
            d.update(zip(_COLD, pickle.loads(d.pop("cold"))))
        return d[name]

    def put(self, value) -> None:
        self.__dict__[name] = value

    return property(get, put)


class LazyDocument(Document):
    """A Document restored from the run store; ``prose`` and ``text`` are loaded from
    the file on first access (most runs never touch them for unchanged files), and the
    front matter and line index are decoded from the entry on first access."""

    meta = _cold_field("meta")
    meta_lines = _cold_field("meta_lines")
    lines = _cold_field("lines")

    @property  # type: ignore[override]
    def path(self) -> Path:
        p = self.__dict__["path"]
        if isinstance(p, str):  # stored as text: cheaper to unpickle than a Path
            p = self.__dict__["path"] = Path(p)
        return p

    @path.setter
    def path(self, value: Path) -> None:
        self.__dict__["path"] = value

    @property
    def ok(self) -> bool:
        return self.__dict__["ok"] if "cold" in self.__dict__ else self.lines is not None

    def _materialise(self) -> None:
        from planner.loader import load_document

        fresh = load_document(self.path, self.__dict__.get("_config"), self.__dict__.get("_cwd"))
        self.__dict__.setdefault("prose", fresh.prose)
        self.__dict__.setdefault("text", fresh.text)

    @property  # type: ignore[override]
    def prose(self):
        if "prose" not in self.__dict__:
            self._materialise()
        return self.__dict__["prose"]

    @prose.setter
    def prose(self, value) -> None:
        self.__dict__["prose"] = value

    @property  # type: ignore[override]
    def text(self) -> str:
        if "text" not in self.__dict__:
            self._materialise()
        return self.__dict__["text"]

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["text"] = value


def _stat_key(path: Path, now_ns: int) -> tuple | None:
    """The stat that lets the next run skip reading ``path``; None if the file is too
    young to trust its timestamp (or cannot be stat-ed)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_mtime_ns > now_ns - _RACY_NS or st.st_ctime_ns > now_ns - _RACY_NS:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS


def _rel(path: Path, cwd: Path | None) -> str:
    """loader.relpath, without its two os.path.relpath calls for the common case (a
    normalised relative path under the working directory)."""
    from planner.loader import relpath

    if not path.is_absolute() and ".." not in path.parts and (cwd is None or str(cwd) == os.getcwd()):
        return path.as_posix()
    return relpath(path, cwd)


class RunStore:
    """load / analyse / check hooks for build_audit, backed by the sharded store."""

    def __init__(self, folder: Path | None, config, analyse: Callable, *, cwd: Path | None = None,
                 helper=None) -> None:
        from planner.cache import tool_key

        self.config = config
        # paths in the store are relative to the working directory, so a run from another
        # folder (a sub-folder, another checkout) has a store of its own: sharing one, it
        # would find none of the entries and, seeing none of their files, drop them all
        where = os.path.realpath(cwd or os.getcwd())
        salt = (f"{STORE_FORMAT}\x00{config.fingerprint()}\x00{tool_key('results')}\x00{dt.date.today().isoformat()}"
                f"\x00{where}")
        self.folder = Path(folder) if folder is not None else None  # None: this run only, nothing kept
        self.dir = (self.folder / "runs" / hashlib.sha256(salt.encode()).hexdigest()[:24]
                    if self.folder is not None else None)
        self.inner_analyse = analyse
        self.started_ns = time.time_ns()
        self.touched: set[int] = set()  # shards whose entries changed this run
        self.prewarmed = 0  # files the pre-started worker processed
        self.deferred: dict[str, tuple | None] = {}  # relpath -> stat, handed to the worker
        self._deferred_docs: dict[str, Document] = {}
        # a pre-started worker (planner.warm.WarmWorker) for the few files an
        # incremental run re-checks; a cold run has no use for it
        self.helper = helper
        if helper is not None and not (self.dir is not None and self.dir.is_dir()
                                       and helper.setup(config, cwd or Path.cwd(), self._analysis_cache())):
            self.close()
        self.old: dict[str, dict[str, Any]] = self._read() if self.dir is not None else {}
        self.pre: dict[str, dict[str, Any]] = {}  # computed by worker processes this run
        self.new: dict[str, dict[str, Any]] = {}
        self.reused: set[str] = set()
        self.same: dict[str, tuple | None] = {}  # relpath -> stat, for files precompute found unchanged

    def _touch(self, rel: str) -> None:
        self.touched.add(_shard(rel))

    def _read(self) -> dict[str, dict[str, Any]]:
        files: dict[str, dict[str, Any]] = {}
        enabled = gc.isenabled()
        gc.disable()  # ~10^5 objects, none of them cyclic garbage: collecting during the load is waste
        try:
            for i in range(SHARDS):
                try:
                    with open(self.dir / f"{i:02d}.pickle", "rb") as fh:
                        data = pickle.load(fh)
                except FileNotFoundError:
                    continue
                except Exception:  # truncated or foreign: its files are analysed again
                    self.touched.add(i)
                    continue
                if isinstance(data, dict) and data.get("format") == STORE_FORMAT and isinstance(data.get("files"), dict):
                    files.update(data["files"])
                else:
                    self.touched.add(i)
            if files:
                # Every later collection would walk these ~10^6 live objects again (a
                # quarter of a warm run): park them outside the cyclic collector (they are
                # still freed by reference counting). A long-lived process (mkdocs serve)
                # gets the previous run's frozen objects collected first.
                if gc.get_freeze_count():
                    gc.unfreeze()
                    gc.collect()
                gc.freeze()
        finally:
            if enabled:
                gc.enable()
        return files

    def _unchanged(self, path: Path, rel: str, entry: dict[str, Any]) -> tuple[bool, tuple | None]:
        """(same bytes as the entry, the stat to record). The stat is taken before the
        file is read, so a later write always shows in the next run's stat."""
        if rel in self.same:
            return True, self.same[rel]
        stat = _stat_key(path, self.started_ns)
        if stat is not None and stat == entry.get("stat"):
            return True, stat
        try:
            with open(path, "rb") as fh:
                sha = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            return False, None
        return sha == entry["sha"], stat

    # -- hooks ------------------------------------------------------------------------
    def load(self, path: Path, config, cwd: Path | None = None) -> Document:
        from planner.loader import load_document

        rel = _rel(path, cwd)
        entry = self.pre.get(rel) or self.old.get(rel)
        if entry is not None and rel not in self.deferred:
            same, stat = self._unchanged(path, rel, entry)
            if same:
                if stat != entry.get("stat"):
                    entry["stat"] = stat
                    self._touch(rel)
                doc = LazyDocument.__new__(LazyDocument)
                doc.__dict__.update(entry["light"])
                doc.__dict__["suppressions"] = []
                doc.__dict__["problems"] = [dataclasses.replace(f) for f in entry["light"]["problems"]]
                doc.__dict__["_config"], doc.__dict__["_cwd"] = config, cwd
                self.reused.add(rel)
                self.new[rel] = entry
                return doc
        stat = _stat_key(path, self.started_ns)
        doc = load_document(path, config, cwd)
        self._touch(rel)
        self.new[rel] = {"sha": doc.sha256, "stat": stat, "light": _light(doc), "analysis": None, "findings": None}
        if rel in self.deferred:
            self._deferred_docs[rel] = doc
        return doc

    def analyse(self, docs, config, progress: Callable[[int], None] | None = None) -> dict[str, Analysis]:
        out: dict[str, Analysis] = {}
        todo = []
        for d in docs:
            entry = self.new.get(d.relpath)
            if d.relpath in self.reused and entry and entry.get("blob") is not None:
                out[d.relpath] = LazyAnalysis.restore(entry["summary"], entry["blob"])
                if progress:
                    progress(1)
            elif d.ok and d.relpath not in self._deferred_docs:  # the worker's, see settle()
                todo.append(d)
        if todo:
            fresh = self.inner_analyse(todo, config, progress=progress)
            for rel, a in fresh.items():
                if rel in self.new:
                    self.new[rel]["analysis"] = a
            out.update(fresh)
        return out

    def check(self, doc: Document, analysis: Analysis | None, config) -> list[Finding]:
        from planner.rules import run_document_rules

        entry = self.new.get(doc.relpath)
        if doc.relpath in self.reused and entry and entry.get("findings") is not None:
            return [dataclasses.replace(f) for f in entry["findings"]]
        if doc.relpath in self._deferred_docs:
            return []  # the worker's, see settle()
        found = list(run_document_rules(doc, analysis, config))
        if entry is not None:
            self._record(entry, doc, analysis, found)
        return found

    def _record(self, entry: dict[str, Any], doc: Document, analysis: Analysis | None, found: list[Finding]) -> None:
        from planner.reporters.json_report import document_line

        entry["findings"] = [dataclasses.replace(f) for f in found]
        entry["json"] = document_line(doc, analysis)
        self._touch(doc.relpath)

    def json_lines(self) -> dict[str, str]:
        """Each file's line of the JSON report, as stored (see json_report.document_line)."""
        return {rel: e["json"] for rel, e in self.new.items() if e.get("json") is not None}

    def precompute(self, files: list[Path], config, cwd: Path, progress=None) -> int:
        """Process the files the store cannot reuse in worker processes (load, analyse,
        per-document rules), when there are enough of them to pay for the workers; a
        few are handed to the pre-started worker instead, without waiting (settle()
        collects them). Returns how many were computed here; the rest is left to
        build_audit's hooks."""
        from planner.parallel import process_documents, workers_for

        todo, stats = [], {}
        for p in files:
            rel = _rel(p, cwd)
            entry = self.old.get(rel)
            if entry is not None:
                same, stat = self._unchanged(p, rel, entry)
                if same:
                    self.same[rel] = stat
                    continue
            stats[rel] = _stat_key(p, self.started_ns)  # before the workers read it
            todo.append(p)
        workers = workers_for(config, len(todo))
        helper, self.helper = self.helper, None
        if workers <= 1:
            if helper is not None and todo and helper.submit(todo):
                self.helper, self.deferred = helper, stats  # relpath -> stat of exactly the files in todo
            elif helper is not None:
                helper.close()
            return 0
        if helper is not None:
            helper.close()
        analysis_cache = self._analysis_cache()
        if progress is not None:
            progress.start("checking", len(todo))
        try:
            for rel, entry in process_documents(todo, config, cwd, analysis_cache, workers,
                                                progress.advance if progress is not None else None):
                entry["stat"] = stats.get(rel)
                self.pre[rel] = entry
                self._touch(rel)
        finally:
            if progress is not None:
                progress.stop()
        return len(todo)

    def settle(self, config) -> tuple[dict[str, Analysis], list[Finding]]:
        """Analyses and per-document findings of the files handed to the pre-started
        worker (build_audit asks once every other file is checked, so the worker had all
        that time). Files it could not do, or that changed while it read them, are done
        here instead."""
        from planner.rules import run_document_rules

        docs, self._deferred_docs = self._deferred_docs, {}
        if not docs:
            return {}, []
        helper, self.helper = self.helper, None
        results = dict(helper.collect() or []) if helper is not None else {}
        analyses: dict[str, Analysis] = {}
        findings: list[Finding] = []
        for rel, doc in docs.items():
            entry = results.get(rel)
            if entry is not None and entry["sha"] == doc.sha256:
                entry["stat"] = self.deferred.get(rel)
                self.new[rel] = entry
                if entry["blob"] is not None:
                    analyses[rel] = LazyAnalysis.restore(entry["summary"], entry["blob"])
                findings.extend(dataclasses.replace(f) for f in entry["findings"])
                self.prewarmed += 1
                continue
            a = self.inner_analyse([doc], config).get(rel) if doc.ok else None
            if a is not None:
                analyses[rel] = self.new[rel]["analysis"] = a
            found = list(run_document_rules(doc, a, config))
            self._record(self.new[rel], doc, a, found)
            findings.extend(found)
        return analyses, findings

    def close(self) -> None:
        """Stop the pre-warmed worker if nothing asked it for work."""
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    def _analysis_cache(self) -> Path | None:
        return self.folder if self.folder is not None and self.cache_analyses else None

    cache_analyses = True

    # -- end of run ---------------------------------------------------------------------
    def save(self) -> None:
        """Write the shards whose entries changed."""
        if self.dir is None:
            return
        # a run over part of the estate (one file, another folder) keeps the entries of
        # the files it did not see, as long as they exist, so it does not throw away the
        # next whole-estate run's work
        gone = {rel for rel, e in self.old.items()
                if rel not in self.new and not os.path.exists(e["light"]["path"])}
        for rel in gone:
            self._touch(rel)
        if not self.touched:
            return
        shards: dict[int, dict[str, dict[str, Any]]] = {i: {} for i in self.touched}
        for rel, e in self.old.items():
            i = _shard(rel)
            if i in shards and rel not in self.new and rel not in gone:
                shards[i][rel] = e
        for rel, e in self.new.items():
            i = _shard(rel)
            if i not in shards or e.get("findings") is None:
                continue
            if "analysis" in e:  # analysed in this process this run
                e = {k: v for k, v in e.items() if k != "analysis"}
                e["summary"], e["blob"] = pack(self.new[rel]["analysis"])
            shards[i][rel] = e
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            for i, files in sorted(shards.items()):
                blob = pickle.dumps({"format": STORE_FORMAT, "files": files}, protocol=pickle.HIGHEST_PROTOCOL)
                atomic_write_bytes(self.dir / f"{i:02d}.pickle", blob, durable=False)
            self._prune()
        except OSError:
            pass  # a read-only cache folder makes runs slower, never wrong

    def _prune(self) -> None:
        """Stores for other days or configurations are dead weight: keep the 4 newest
        (and drop single-file stores of earlier versions)."""
        runs = self.dir.parent
        for legacy in runs.glob("*.pickle"):
            legacy.unlink(missing_ok=True)
        stores = sorted((p for p in runs.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stores[4:]:
            shutil.rmtree(old, ignore_errors=True)
