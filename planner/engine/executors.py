"""Executors: who runs :func:`planner.engine.unit.check` over the files a run must check.

Both have one method, ``run(sources) -> iterator of FileResult``:

- :class:`InProcess` checks them here, in batches (one spaCy pass per batch);
- :class:`Pool` hands batches to worker processes (at most one per CPU), each building
  the spaCy pipeline once. A worker writes each file's full analysis into the store
  itself and sends back only the summary and findings: shipping whole analyses
  between processes cost more than writing them.

:func:`executor_for` picks: a pool only when there are enough files to pay for
starting one (``ci.parallel.min_documents``, default 400) and more than one CPU.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from planner.config import Config
from planner.interrupts import raise_if_interrupted
from planner.engine.store import Store
from planner.engine.unit import FileResult, Source, check
from planner.markdown import stored

BATCH = 32  # files per task: enough to amortise a task's overhead, small enough to balance


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers_for(config: Config, n_files: int) -> int:
    """Worker processes for ``n_files``: ``ci.parallel.workers`` (default: the CPUs),
    never more than the CPUs or the files; 1 below ``ci.parallel.min_documents``."""
    spec = (config.get("ci") or {}).get("parallel") or {}
    wanted = min(int(spec.get("workers", 0) or 0) or cpu_count(), cpu_count())
    if wanted <= 1 or n_files < int(spec.get("min_documents", 400)):
        return 1
    return min(wanted, n_files)


class InProcess:
    def __init__(self, config: Config, store: Store | None, progress: Callable[[int], None] | None = None) -> None:
        self.config, self.store, self.progress = config, store, progress

    def run(self, sources: list[Source]) -> Iterator[FileResult]:
        for i in range(0, len(sources), BATCH):
            raise_if_interrupted()
            batch = check(sources[i:i + BATCH], self.config)
            for r in batch:
                # a scratch store's analyses would be deleted unread: this process keeps them
                if self.store is not None and not self.store.scratch and r.key is not None and r.analysis is not None:
                    self.store.put_analysis(r.key, r.analysis, kept(r))
            if self.progress:
                self.progress(len(batch))
            yield from batch


def kept(r: FileResult) -> dict | None:
    """What the store keeps of a checked file's Markdown parse, beside its analysis:
    reading a page back whole for a corpus finding's evidence then skips the parse."""
    return stored(r.document.prose, r.document.comments) if r.document is not None else None


# --------------------------------------------------------------------------- worker side

_WORKER: dict = {}


def _watch_parent() -> None:
    """A worker whose parent was killed (SIGKILL, OOM) ends itself instead of lingering."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="planner-parent-watch", daemon=True).start()


_WARM_UP = Source("warm-up.md", Path("warm-up.md"), b"---\ntitle: Warm up\nstage: onboarding\n---\n"
                                                       b"Set up your workspace and invite your team. It takes a minute.\n")


def warm_up(config: Config) -> None:
    """spaCy, the lexicons and the analysers' start-up (about a CPU-second), paid once."""
    check([_WARM_UP], config)


def _init(config: Config, store: Store | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: one line, exit 130
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while forking
    _watch_parent()
    _WORKER.update(config=config, store=store)
    warm_up(config)  # once per worker


def _work(sources: list[Source]) -> list[FileResult]:
    config, store = _WORKER["config"], _WORKER["store"]
    out = []
    for r in check(sources, config):
        if store is not None and r.key is not None and r.analysis is not None:
            store.put_analysis(r.key, r.analysis, kept(r))
        out.append(FileResult(r.relpath, r.key, r.summary, r.findings))  # the whole document stays here
    return out


@contextmanager
def _sigint_held():
    """Hold Ctrl-C back while workers fork: a child that saw it before _init would print
    a traceback. The parent gets it as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Pool:
    def __init__(self, config: Config, store: Store | None, workers: int,
                 progress: Callable[[int], None] | None = None) -> None:
        self.config, self.store, self.workers, self.progress = config, store, workers, progress

    def run(self, sources: list[Source]) -> Iterator[FileResult]:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # fork shares what is already imported; elsewhere spawn imports it again
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        if ctx is not None:
            # start spaCy, the lexicons and the syllable dictionary here, once: the forked
            # workers share them instead of each paying that start-up (about a CPU-second) again
            warm_up(self.config)
        size = max(1, min(BATCH, -(-len(sources) // (self.workers * 4))))  # >= 4 tasks per worker, to balance
        batches = [sources[i:i + size] for i in range(0, len(sources), size)]
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init,
                                   initargs=(self.config, self.store))
        try:
            with _sigint_held():  # the first submit forks the workers
                futures = {pool.submit(_work, b): len(b) for b in batches}
            for fut in as_completed(futures):
                raise_if_interrupted()
                yield from fut.result()
                if self.progress:
                    self.progress(futures[fut])
        except (KeyboardInterrupt, GeneratorExit):
            # stop at once: drop queued batches and end the workers (which ignore SIGINT)
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


class Prestarted:
    """One worker process started at the beginning of a run over a warm store: it pays
    spaCy's start-up (about a second) while this process reads the files and the
    store, then checks the few files that changed. Re-linting one edited file in a
    large estate then costs about what reading the unchanged ones does, not that plus
    spaCy's start-up. Unused (nothing changed, or so much that a pool is better), it is
    stopped wherever it has got to."""

    def __init__(self, config: Config, store: Store) -> None:
        import multiprocessing as mp

        self.config, self.store = config, store
        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, config, store), name="planner-prestarted", daemon=True)
        with _sigint_held():
            self._proc.start()
        child.close()

    @staticmethod
    def available() -> bool:
        """Where fork is safe and cheap, with a second CPU to run on."""
        import multiprocessing as mp

        return sys.platform.startswith("linux") and cpu_count() >= 2 and "fork" in mp.get_all_start_methods()

    def run(self, sources: list[Source]) -> Iterator[FileResult]:
        results = None
        try:
            self._conn.send(sources)
            results = self._conn.recv()
        except (OSError, EOFError):
            pass
        finally:
            self.close()
        if results is None:  # the worker could not start: check them here instead
            results = list(InProcess(self.config, self.store).run(sources))
        yield from results

    def close(self) -> None:
        if self._proc is None:
            return
        self._conn.close()
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()
        self._proc = None


def _serve(conn, config: Config, store: Store) -> None:
    try:
        _init(config, store)
        sources = conn.recv()
        conn.send(_work(sources))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # not needed after all
    except Exception:  # the parent sees the pipe close and checks the files itself
        return


def executor_for(config: Config, store: Store | None, n_files: int, progress: Callable[[int], None] | None = None,
                 prestarted: Prestarted | None = None):
    """The pool for many files, the pre-started worker (if any) for a few, else this
    process."""
    workers = workers_for(config, n_files)
    if prestarted is not None and (workers > 1 or not n_files):
        prestarted.close()
        prestarted = None
    if workers > 1:
        return Pool(config, store, workers, progress)
    return prestarted or InProcess(config, store, progress)
