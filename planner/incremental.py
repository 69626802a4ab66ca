"""Incremental runs: skip reading, parsing, analysing and checking unchanged files.

The analysis cache (planner.cache) saves the NLP pass, but on a large estate parsing
Markdown and running per-document rules costs as much again. This run store keeps, per
file, everything the pipeline derived from it before corpus rules ran: the loaded
document without its prose (the "light" part), its Analysis and its per-document
findings. A file whose bytes hash the same under the same configuration, tool version
and day (some rules depend on today's date, e.g. review age) is not touched again; its
prose and text are re-read from disk only if a view or corpus rule asks for them.

One file per configuration (pickle, with the analyses marshalled), replaced atomically at the end of a run; a missing,
corrupt or foreign store is simply a cold run. The pickle is planner's own private
cache file, never user input.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import json
import marshal
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

from planner.model import Analysis, Document, Finding

STORE_FORMAT = 2
_LIGHT = ("path", "relpath", "meta", "meta_lines", "body_line", "tags", "comments", "problems", "sha256", "lines")


def entry_for(doc: Document, analysis: Analysis | None, findings: list[Finding]) -> dict[str, Any]:
    """What the store keeps for one file (copies, so later flags do not leak in)."""
    light = {k: getattr(doc, k) for k in _LIGHT}
    light["problems"] = [dataclasses.replace(f) for f in doc.problems]
    return {"sha": doc.sha256, "light": light, "analysis": analysis.to_dict() if analysis is not None else None,
            "findings": [dataclasses.replace(f) for f in findings]}


class LazyDocument(Document):
    """A Document restored from the run store; ``prose`` and ``text`` are loaded from
    the file on first access (most runs never touch them for unchanged files)."""

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


class RunStore:
    """load / analyse / check hooks for build_audit, backed by one pickle."""

    def __init__(self, folder: Path | None, config, analyse: Callable) -> None:
        from planner.cache import tool_key

        self.config = config
        salt = f"{STORE_FORMAT}\x00{config.fingerprint()}\x00{tool_key('results')}\x00{dt.date.today().isoformat()}"
        self.folder = Path(folder) if folder is not None else None  # None: this run only, nothing kept
        self.path = (self.folder / "runs" / (hashlib.sha256(salt.encode()).hexdigest()[:24] + ".pickle")
                     if self.folder is not None else None)
        self.inner_analyse = analyse
        self.old: dict[str, dict[str, Any]] = self._read() if self.path is not None else {}
        self.pre: dict[str, dict[str, Any]] = {}  # computed by worker processes this run
        self.new: dict[str, dict[str, Any]] = {}
        self.reused: set[str] = set()
        self.dirty = False

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("format") == STORE_FORMAT and isinstance(data.get("files"), dict):
                files = data["files"]
                # analyses are thousands of small objects each: marshal decodes them ~3x faster
                for rel, analysis in marshal.loads(data["analyses"]).items():
                    if rel in files:
                        files[rel]["analysis"] = analysis
                return files
        except FileNotFoundError:
            pass
        except Exception:  # truncated or foreign: a cold run rewrites it
            self.dirty = True
        return {}

    # -- hooks ------------------------------------------------------------------------
    def load(self, path: Path, config, cwd: Path | None = None) -> Document:
        from planner.loader import load_document, relpath

        rel = relpath(path, cwd)
        entry = self.pre.get(rel) or self.old.get(rel)
        if entry is not None:
            try:
                with open(path, "rb") as fh:
                    sha = hashlib.sha256(fh.read()).hexdigest()
            except OSError:
                sha = ""
            if sha and sha == entry["sha"]:
                doc = LazyDocument.__new__(LazyDocument)
                doc.__dict__.update(entry["light"])
                doc.__dict__["suppressions"] = []
                doc.__dict__["problems"] = [dataclasses.replace(f) for f in entry["light"]["problems"]]
                doc.__dict__["_config"], doc.__dict__["_cwd"] = config, cwd
                self.reused.add(rel)
                self.new[rel] = entry
                return doc
        doc = load_document(path, config, cwd)
        self.dirty = True
        self.new[rel] = {"sha": doc.sha256, "light": {k: getattr(doc, k) for k in _LIGHT},
                         "analysis": None, "findings": None}
        self.new[rel]["light"]["problems"] = [dataclasses.replace(f) for f in doc.problems]
        return doc

    def analyse(self, docs, config, progress: Callable[[int], None] | None = None) -> dict[str, Analysis]:
        out: dict[str, Analysis] = {}
        todo = []
        for d in docs:
            entry = self.new.get(d.relpath)
            if d.relpath in self.reused and entry and entry.get("analysis") is not None:
                out[d.relpath] = Analysis.from_dict(entry["analysis"])
                if progress:
                    progress(1)
            elif d.ok:
                todo.append(d)
        if todo:
            fresh = self.inner_analyse(todo, config, progress=progress)
            for rel, a in fresh.items():
                if rel in self.new:
                    self.new[rel]["analysis"] = a.to_dict()
            out.update(fresh)
        return out

    def check(self, doc: Document, analysis: Analysis | None, config) -> list[Finding]:
        from planner.rules import run_document_rules

        entry = self.new.get(doc.relpath)
        if doc.relpath in self.reused and entry and entry.get("findings") is not None:
            return [dataclasses.replace(f) for f in entry["findings"]]
        found = list(run_document_rules(doc, analysis, config))
        if entry is not None:
            entry["findings"] = [dataclasses.replace(f) for f in found]
            self.dirty = True
        return found

    def precompute(self, files: list[Path], config, cwd: Path, progress=None) -> int:
        """Process the files the store cannot reuse in worker processes (load, analyse,
        per-document rules), when there are enough of them to pay for the workers.
        Returns how many were computed; the rest is left to build_audit's hooks."""
        from planner.loader import relpath
        from planner.parallel import process_documents, workers_for

        todo = []
        for p in files:
            entry = self.old.get(relpath(p, cwd))
            if entry is not None:
                try:
                    with open(p, "rb") as fh:
                        if hashlib.sha256(fh.read()).hexdigest() == entry["sha"]:
                            continue
                except OSError:
                    pass
            todo.append(p)
        workers = workers_for(config, len(todo))
        if workers <= 1:
            return 0
        analysis_cache = self.folder if self.folder is not None and self.cache_analyses else None
        if progress is not None:
            progress.start("checking", len(todo))
        try:
            for rel, entry in process_documents(todo, config, cwd, analysis_cache, workers,
                                                progress.advance if progress is not None else None):
                self.pre[rel] = entry
        finally:
            if progress is not None:
                progress.stop()
        self.dirty = True
        return len(todo)

    cache_analyses = True

    # -- end of run ---------------------------------------------------------------------
    def save(self) -> None:
        if self.path is None or (not self.dirty and set(self.new) == set(self.old)):
            return
        files = {k: v for k, v in self.new.items() if v.get("findings") is not None}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".run.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    analyses = {rel: e["analysis"] for rel, e in files.items()}
                    try:
                        blob = marshal.dumps(analyses)
                    except ValueError:  # an analyser stored a non-plain value: keep it JSON-able
                        blob = marshal.dumps(json.loads(json.dumps(analyses, default=str)))
                    bare = {rel: {k: v for k, v in e.items() if k != "analysis"} for rel, e in files.items()}
                    pickle.dump({"format": STORE_FORMAT, "files": bare, "analyses": blob}, fh,
                                protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self._prune()
        except OSError:
            pass  # a read-only cache folder makes runs slower, never wrong

    def _prune(self) -> None:
        """Stores for other days or configurations are dead weight: keep the 4 newest."""
        stores = sorted(self.path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stores[4:]:
            try:
                old.unlink()
            except OSError:
                pass
