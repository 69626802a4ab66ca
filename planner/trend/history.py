"""A past commit as the engine's input: its configuration and its content files' bytes,
read straight from git objects (no checkout, no temporary working tree).

Which files, and under which configuration, follow what ``planner lint`` and
``planner coverage`` would do in a checkout of that commit, run from the same folder:
the nearest planner.yml at or above that folder in the commit's tree (or today's with
``--config-now``), the PATHs or the configured content folders, ``content.include`` and
``content.exclude``. File names from history are untrusted: a name that is not UTF-8,
a symbolic link (never followed) and a blob over ``content.max_bytes`` each become a
``file-unreadable`` finding on that path, as they would on disk.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from planner import gitutil
from planner.config import CONFIG_NAMES, Config, ConfigError, build_config, config_from_bytes
from planner.config_checks import check_config
from planner.engine import Source
from planner.gitutil import Commit, GitError, TreeEntry
from planner.discovery import path_matcher, relpath
from planner.loader import name_problem, too_large
from planner.trend.estate import EstateNames

LINK = "120000"
MAX_LINK_BYTES = 4096


@dataclass
class Snapshot:
    """One commit, ready for :func:`planner.engine.audit` (``sources``), or why not (``error``)."""

    commit: Commit
    config: Config | None = None
    config_from: str = ""  # the planner.yml used, "defaults", or "now" (--config-now)
    sources: list[Source] = field(default_factory=list)
    error: str | None = None


@dataclass
class Target:
    """A content path as the run names it (``given``: what discovery would sort by) and
    where it is in the repository (``prefix``: '' for the root)."""

    given: Path
    prefix: str


def repo_relative(path: Path, top: Path) -> str | None:
    """``path`` (absolute, or relative to the working directory) relative to the
    repository root, with '/' separators; None when it is outside."""
    full = os.path.realpath(os.path.abspath(path))
    rel = os.path.relpath(full, os.path.realpath(top))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return "" if rel == os.curdir else Path(rel).as_posix()


class History:
    """Snapshots of commits for one run: the repository at ``top``, the run started in
    ``cwd``, with ``current`` today's configuration."""

    def __init__(self, top: Path, cwd: Path, current: Config, *, paths: tuple[str, ...] = (),
                 explicit: Path | None = None, config_now: bool = False, names: EstateNames | None = None) -> None:
        self.top, self.cwd, self.current = top, cwd, current
        self.names = names or EstateNames(None)
        self.paths, self.config_now = paths, config_now
        self.blobs = gitutil.Blobs(top)
        self._configs: dict[tuple[str, str], Config | str] = {}
        self._cache: dict[str, bytes] = {}  # blob id -> bytes, for the commits in hand
        self.held = 0  # bytes in the cache
        here = repo_relative(cwd, top) or ""
        self.explicit = explicit is not None
        if explicit is not None:
            rel = repo_relative(explicit, top)
            self.candidates = [rel] if rel is not None else []
            self.outside = None if rel is not None else current
        else:
            parts = here.split("/") if here else []
            folders = ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]
            self.candidates = [f"{f}/{n}" if f else n for f in folders for n in CONFIG_NAMES]
            inside = current.path is not None and repo_relative(current.path, top) is not None
            self.outside = current if current.path is not None and not inside else None

    def close(self) -> None:
        self.blobs.close()

    def forget(self) -> None:
        """Drop the blobs read so far (the caller is done with the commits in hand)."""
        self._cache, self.held = {}, 0

    def read(self, oid: str) -> bytes:
        data = self._cache.get(oid)
        if data is None:
            data = self._cache[oid] = self.blobs.read(oid)
            self.held += len(data)
        return data

    # -- configuration ------------------------------------------------------------------
    def config_at(self, commit: str) -> tuple[Config | None, str, str | None]:
        """(configuration, where it came from, error) at ``commit``."""
        if self.config_now:
            return self.current, "now", None
        for rel in self.candidates:
            data = self.blobs.at(commit, rel)
            if data is None:
                continue
            key = (hashlib.sha256(data).hexdigest(), rel)
            if key not in self._configs:
                try:
                    self._configs[key] = check_config(config_from_bytes(data, self.top / rel))
                except ConfigError as exc:
                    self._configs[key] = str(exc)
            got = self._configs[key]
            return (None, rel, got) if isinstance(got, str) else (got, rel, None)
        if self.explicit and self.candidates:
            return None, self.candidates[0], f"{self.candidates[0]}: no such file at this commit (named by --config)"
        if self.outside is not None:  # a planner.yml above the repository: lint in a checkout finds it too
            return self.outside, str(self.outside.path), None
        return build_config({}, root=self.cwd), "defaults", None

    # -- content ------------------------------------------------------------------------
    def targets(self, config: Config) -> tuple[list[Target], list[str]]:
        """(content paths inside the repository, those outside it)."""
        given = [Path(p) for p in self.paths] if self.paths else [config.root / p for p in config["content"]["paths"]]
        out, outside = [], []
        for g in given:
            rel = repo_relative(g, self.top)
            if rel is None:
                outside.append(str(g))
            else:
                out.append(Target(g, rel))
        return out, outside

    def snapshot(self, commit: Commit) -> Snapshot:
        from planner.journey.teammodel import TeamModelError

        snap = Snapshot(commit)
        try:
            snap.config, snap.config_from, snap.error = self.config_at(commit.oid)
            if snap.config is not None:
                snap.sources, snap.error = self.sources(commit.oid, snap.config)
            if snap.config is not None and snap.error is None:
                # product names and the team model, as lint resolves them at this commit
                snap.config = self.names.prepared(snap.config, snap.sources)
        except (GitError, TeamModelError) as exc:
            snap.error = str(exc)
        return snap

    def sources(self, commit: str, config: Config) -> tuple[list[Source], str | None]:
        """The content files at ``commit`` in discovery order, or why there are none
        (a content path that does not exist there, as lint would refuse it)."""
        targets, outside = self.targets(config)
        if outside:
            return [], f"outside the repository, so not in its history: {', '.join(outside)}"
        entries = gitutil.tree(self.top, commit, [t.prefix for t in targets])
        include = path_matcher(config["content"]["include"])
        exclude = path_matcher(config["content"]["exclude"])
        found: dict[str, tuple[str, Path, TreeEntry]] = {}  # normalised path -> (sort key, path, entry)
        missing = []
        for t in targets:
            pre = t.prefix.encode("utf-8", "surrogateescape")
            exact = [e for e in entries if e.path == pre and e.mode != "160000"]
            under = [e for e in entries if not pre or e.path.startswith(pre + b"/")]
            if not exact and not under:
                missing.append(str(t.given))
            for e in exact:
                self._take(found, t.given, e)
            for e in under:
                if e.mode == "160000":
                    continue  # a submodule's files are another repository's history
                name = os.fsdecode(e.path[len(pre) + 1:] if pre else e.path)
                if include(name) and not exclude(name):
                    self._take(found, t.given / name, e)
        if missing:
            return [], f"no such file or folder at this commit: {', '.join(missing)}"
        ordered = sorted(found.values(), key=lambda v: v[0])
        return [self._source(path, e, config) for _, path, e in ordered], None

    def _take(self, found: dict, path: Path, entry: TreeEntry) -> None:
        """As discovery does: sorted by the path as named, each file once."""
        key = os.path.normcase(os.path.normpath(os.path.join(self.cwd, path)))
        found.setdefault(key, (path.as_posix(), path, entry))

    def _source(self, path: Path, entry: TreeEntry, config: Config) -> Source:
        rel = relpath(path, self.cwd)  # text any output can carry
        bad_name = name_problem(os.fspath(path))
        if bad_name:
            return Source(rel, Path(rel), bad_name)
        if entry.mode == LINK:
            target = self.read(entry.oid)[:MAX_LINK_BYTES].decode("utf-8", "backslashreplace")
            return Source(rel, path, f"symbolic link to {target!r} in this commit; planner trend does not follow "
                                     "links in history (nothing outside the commit's files reaches the audit)")
        max_bytes = int(config["content"].get("max_bytes", 1_000_000))
        if entry.size is not None and entry.size > max_bytes:
            return Source(rel, path, too_large(entry.size, max_bytes))
        return Source(rel, path, self.read(entry.oid))
