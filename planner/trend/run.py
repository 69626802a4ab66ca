"""``trend(...)``: the sampled commits -> a snapshot of each -> the engine's audit ->
a point, oldest first.

Fast by construction: the engine's store keys a file's result by its path, its bytes and
the configuration, so a file that did not change between two commits is checked once.
Commits are taken a chunk at a time; every file version of the chunk that the store
lacks is checked in one go (a pool of workers when there are enough), then each commit
is audited from the store: corpus rules, suppressions, coverage.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from planner import engine, env_flag, gitutil
from planner.config import Config
from planner.engine import Progress, Source, Store
from planner.engine.keys import run_digest
from planner.engine.executors import BATCH
from planner.engine.run import file_results
from planner.trend.estate import EstateNames
from planner.trend.history import History, Snapshot
from planner.trend.point import error_point, point
from planner.trend.sampling import Bound, Range, select

SCHEMA_VERSION = 1
CHUNK_POINTS = 64  # commits whose files are held in memory at once
CHUNK_BYTES = 256 << 20


class Stores:
    """The engine's result store for each configuration met in history, in one folder
    (today's store folder, or a temporary one for this run when caching is off)."""

    def __init__(self, folder: Path | None, note: Callable[[str], None] = lambda msg: None,
                 first: Store | None = None) -> None:
        self._temp = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="planner-trend-")) if folder is None else folder
        self.note = note
        self._by_digest: dict[str, Store] = {first.digest: first} if first is not None else {}

    def for_config(self, config: Config) -> Store:
        digest = run_digest(config)
        if digest not in self._by_digest:
            self._by_digest[digest] = Store(self.folder, digest, self.note)
        return self._by_digest[digest]

    def close(self) -> None:
        for store in self._by_digest.values():
            store.save()
        if self._temp:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Trend:
    points: list[dict[str, Any]]
    range: Range
    visible: int  # commits on HEAD's first-parent line in this clone (fewer than there are when it is shallow)
    shallow: bool
    config_now: bool
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        from planner import __version__

        r = self.range
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "planner", "version": __version__},
            "history": {"commits": len(r.commits), "points": len(self.points), "every": r.every,
                        "line": "first-parent", "visible": self.visible, "shallow": self.shallow},
            "config": "now" if self.config_now else "commit",
            "today": "commit-date",
            "notes": self.notes,
            "points": self.points,
        }


def shallow_note(visible: int, oldest: gitutil.Commit | None) -> str:
    since = f" (back to {oldest.date.date().isoformat()})" if oldest else ""
    return (f"shallow clone: only {visible} commit{'s' if visible != 1 else ''} of history are here{since}; "
            "fetch the whole history with `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout")


def _prefill(chunk: list[Snapshot], stores: Stores, progress: Progress) -> None:
    """Check every file version of ``chunk`` the store lacks, in as few executor runs as
    possible (one, mostly: a pool when there are enough files)."""
    groups: dict[int, tuple[Config, Store, list[Source]]] = {}
    seen: set[tuple[int, str, int]] = set()
    for snap in chunk:
        if snap.error or snap.config is None:
            continue
        store = stores.for_config(snap.config)
        _, _, todo = groups.setdefault(id(store), (snap.config, store, []))
        for s in snap.sources:
            mark = (id(store), s.relpath, id(s.data))  # a blob read once is one bytes object
            if isinstance(s.data, bytes) and mark not in seen:
                seen.add(mark)
                todo.append(s)
    for config, store, todo in groups.values():
        for run in spaced(todo):
            file_results(run, config, store, progress)


def spaced(sources: list[Source], gap: int = BATCH) -> list[list[Source]]:
    """``sources`` as executor runs in which two versions of one path are at least
    ``gap`` places apart: an executor checks a run in batches of up to BATCH
    consecutive files, and a batch is analysed keyed by path. What cannot be spaced
    (one file with many versions) goes to a later run."""
    runs: list[list[Source]] = []
    while sources:
        run: list[Source] = []
        last: dict[str, int] = {}  # path -> its place in the run
        waiting: list[Source] = []  # too close to their path's previous version, so far
        for s in sources:
            waiting.append(s)
            for w in list(waiting):
                if len(run) - last.get(w.relpath, -gap) >= gap:
                    last[w.relpath] = len(run)
                    run.append(w)
                    waiting.remove(w)
        runs.append(run)
        sources = waiting
    return runs


def _audit_point(snap: Snapshot, cwd: Path, stores: Stores, axis: str | None) -> dict[str, Any]:
    if snap.error or snap.config is None:
        return error_point(snap, snap.error or "no configuration")
    audit = engine.audit([], snap.config, cwd=cwd, store=stores.for_config(snap.config), full=False,
                         as_of=snap.commit.date.date(), sources=snap.sources)
    return point(snap, audit, axis)


def trend(top: Path, cwd: Path, config: Config, *, paths: tuple[str, ...] = (), since: Bound | None = None,
          until: Bound | None = None, every: str | None = None, config_now: bool = False,
          explicit: Path | None = None, axis: str | None = None, store: Store | None = None,
          store_folder: Path | None = None, progress: Progress | None = None,
          note: Callable[[str], None] = lambda msg: None) -> Trend:
    """The trend of the content under ``paths`` (default: the configured content folders)
    over the history of the repository at ``top``, for a run started in ``cwd``.

    ``store`` is today's result store (its folder keeps every configuration's results);
    without it, ``store_folder`` names the folder, else a temporary one serves this run."""
    progress = progress or Progress()
    rng = select(top, since, until, every)
    shallow = gitutil.is_shallow(top)
    everything = gitutil.log(top, "HEAD")
    trend_ = Trend([], rng, len(everything), shallow, config_now)
    trend_.notes.extend(rng.notes)
    if shallow:
        trend_.notes.append(shallow_note(len(everything), everything[0] if everything else None))
    if not rng.points:
        trend_.notes.append("no commits in this range")
        return trend_
    stores = Stores(store.folder if store is not None else store_folder, note, store)
    names = EstateNames(stores.folder)
    history = History(top, cwd, config, paths=paths, explicit=explicit, config_now=config_now, names=names)
    try:
        chunk: list[Snapshot] = []
        for i, commit in enumerate(rng.points):
            if not chunk:
                progress.start("reading", len(rng.points) - i)
            chunk.append(history.snapshot(commit))
            progress.advance()
            if len(chunk) < CHUNK_POINTS and history.held < CHUNK_BYTES and i + 1 < len(rng.points):
                continue
            progress.stop()
            _prefill(chunk, stores, progress)
            progress.start("auditing", len(chunk))
            for snap in chunk:
                trend_.points.append(_guarded(snap, cwd, stores, axis))
                progress.advance()
            progress.stop()
            chunk = []
            history.forget()
    finally:
        history.close()
        names.save()
        stores.close()
    return trend_


def _guarded(snap: Snapshot, cwd: Path, stores: Stores, axis: str | None) -> dict[str, Any]:
    """One commit's point; a failure on one commit is that point's note, not the run's end."""
    try:
        return _audit_point(snap, cwd, stores, axis)
    except (gitutil.GitError, OSError, ValueError) as exc:
        if env_flag("PLANNER_DEBUG"):
            raise
        return error_point(snap, f"could not be audited: {exc}")

