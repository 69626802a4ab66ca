"""Per-document analysis cache: re-lint a large estate in a second after one edit.

An :class:`~planner.model.Analysis` is a pure function of (file bytes, effective
configuration, tool version), so it is stored under a key made of exactly those:
the file's SHA-256, :meth:`Config.fingerprint`, and a tool key (the version plus a
digest of the installed package's files, so an analyser or
lexicon edited in place also invalidates old entries).

Entries are small JSON files under ``<cache dir>/analysis/<k[:2]>/<k>.json``, written
to a temporary name and renamed into place: concurrent runs may race to write the same
entry, and every reader sees either no file or a whole one. An entry that cannot be
parsed, or whose stored key does not match, is treated as a miss and rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable

from planner import __version__
from planner.fsutil import atomic_write_bytes
from planner.model import Analysis, Document

CACHE_FORMAT = 1
_GITIGNORE = "# planner's analysis cache; safe to delete\n*\n"


# Parts of the package that cannot change an Analysis (views, commands, rules, CI glue):
# editing them must not throw away every cached analysis.
_NOT_ANALYSIS = {"cli", "reporters", "site", "rules"}
_NOT_RESULTS = {"cli", "site"}  # the run store keeps each file's JSON report line too


@lru_cache(maxsize=2)
def tool_key(scope: str = "analysis") -> str:
    """Version + a digest of the package files that can change the cached result
    (~2 ms). ``scope`` is "analysis" or "results" (analysis + rules)."""
    root = Path(__file__).resolve().parent
    skip = _NOT_ANALYSIS if scope == "analysis" else _NOT_RESULTS
    h = hashlib.sha256(f"{__version__}\x00{CACHE_FORMAT}\x00{scope}".encode())
    for folder, dirs, files in os.walk(root):
        top = folder == str(root)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not (top and d in skip))
        for name in sorted(files):
            if name.endswith((".pyc", ".tmp")):
                continue
            # content, not mtime: a checkout or a copy that changes nothing keeps the cache
            try:
                with open(os.path.join(folder, name), "rb") as fh:
                    digest = hashlib.blake2b(fh.read(), digest_size=8).hexdigest()
            except OSError:
                continue
            h.update(f"{os.path.relpath(os.path.join(folder, name), root)}\x00{digest}\n".encode())
    return h.hexdigest()[:16]


def cache_dir(config) -> Path:
    spec = (config.get("ci") or {}).get("cache") or {}
    folder = Path(os.environ.get("PLANNER_CACHE_DIR") or spec.get("dir") or ".planner-cache")
    return folder if folder.is_absolute() else Path(config.root) / folder


class AnalysisCache:
    """Read and write cached analyses for one configuration."""

    def __init__(self, folder: Path, config, tool: str | None = None) -> None:
        self.folder = Path(folder) / "analysis"
        self.salt = f"{config.fingerprint()}\x00{tool or tool_key()}"
        self.hits = self.misses = 0

    def key(self, doc: Document) -> str:
        return hashlib.sha256(f"{self.salt}\x00{doc.relpath}\x00{doc.sha256}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, doc: Document) -> Analysis | None:
        if not doc.sha256:
            return None
        key = self.key(doc)
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                data = json.loads(fh.read())
            if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("analysis"), dict):
                raise ValueError("stale or foreign entry")
            analysis = Analysis.from_dict(data["analysis"])
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, TypeError, UnicodeDecodeError):
            # half-written by a killed run, truncated disk, or edited by hand: drop it
            self.misses += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        return analysis

    def put(self, doc: Document, analysis: Analysis) -> None:
        if not doc.sha256:
            return
        key = self.key(doc)
        path = self._path(key)
        blob = json.dumps({"key": key, "analysis": analysis.to_dict()}, separators=(",", ":"), default=str).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._ensure_ignored()
            atomic_write_bytes(path, blob, durable=False)  # readers see all or nothing
        except OSError:
            pass  # a read-only or full disk makes the run slower, never wrong

    def _ensure_ignored(self) -> None:
        marker = self.folder.parent / ".gitignore"
        if not marker.exists():
            try:
                marker.write_text(_GITIGNORE, encoding="utf-8")
            except OSError:
                pass


def cached(analyse: Callable, cache: AnalysisCache) -> Callable:
    """Wrap an ``analyse(docs, config, progress=)`` function with the cache."""

    def run(docs, config, progress: Callable[[int], None] | None = None) -> dict[str, Analysis]:
        out: dict[str, Analysis] = {}
        todo: list[Document] = []
        for d in docs:
            if not d.ok:
                continue
            hit = cache.get(d)
            if hit is not None:
                out[d.relpath] = hit
                if progress:
                    progress(1)
            else:
                todo.append(d)
        if todo:
            fresh = analyse(todo, config, progress=progress)
            by_path = {d.relpath: d for d in todo}
            for rel, a in fresh.items():
                if rel in by_path:
                    cache.put(by_path[rel], a)
            out.update(fresh)
        return out

    return run
