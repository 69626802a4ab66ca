"""Parallel analysis for large runs: one worker process per core, each building the
spaCy pipeline once (in its initializer) and analysing documents in chunks.

Below ``ci.parallel.min_documents`` the single-process path is used: starting workers
and building spaCy in each costs more than it saves on a few hundred files.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from planner.model import Analysis, Document
from planner.warm import sigint_held

CHUNK = 64  # documents per task: big enough to amortise pickling, small enough to balance

_CONFIG = None


def _exit_with_parent() -> None:
    """A worker whose parent was killed (SIGKILL, OOM) ends itself instead of lingering."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="planner-parent-watch", daemon=True).start()


def _detach() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: one line, exit 130, no worker traces
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back by sigint_held() until now
    _exit_with_parent()


def _init(config, detach: bool = True) -> None:
    if detach:
        _detach()
    global _CONFIG
    _CONFIG = config
    import planner.analysis  # noqa: F401  spaCy and the analysers, once per worker
    from planner.nlp import get_nlp

    get_nlp(config)  # pay spaCy's start-up once per worker


def _work(docs: list[Document]) -> list[tuple[str, dict]]:
    from planner.analysis import analyse_documents

    result = analyse_documents(docs, _CONFIG)
    return [(rel, a.to_dict()) for rel, a in result.items()]


# --------------------------------------------------------------------------- whole documents

_CWD = None
_CACHE_FOLDER = None


def _init_documents(config, cwd, cache_folder, detach: bool = True) -> None:
    global _CWD, _CACHE_FOLDER
    _init(config, detach)
    _CWD, _CACHE_FOLDER = cwd, cache_folder


def _work_documents(paths: list[str]) -> list[tuple[str, dict]]:
    """Load, analyse and check documents in a worker: everything per-document, so the
    main process only runs corpus rules and the reporters."""
    from pathlib import Path

    from planner.analysis import analyse_documents
    from planner.incremental import entry_for
    from planner.loader import load_document
    from planner.rules import run_document_rules

    docs = [load_document(Path(p), _CONFIG, _CWD) for p in paths]
    analyse = analyse_documents
    if _CACHE_FOLDER is not None:
        from planner.cache import AnalysisCache, cached

        analyse = cached(analyse_documents, AnalysisCache(_CACHE_FOLDER, _CONFIG))
    analyses = analyse(docs, _CONFIG)
    out = []
    for d in docs:
        a = analyses.get(d.relpath)
        out.append((d.relpath, entry_for(d, a, list(run_document_rules(d, a, _CONFIG)))))
    return out


def process_documents(paths: list[Path], config, cwd, cache_folder, workers: int,
                      progress: Callable[[int], None] | None = None):
    """Yield (relpath, run-store entry) for ``paths``, computed across ``workers`` processes."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    size = max(1, min(CHUNK // 2, -(-len(paths) // (workers * 4))))
    chunks = [[str(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_documents,
                             initargs=(config, cwd, cache_folder)) as pool, _stopped_on_interrupt(pool):
        with sigint_held():  # the first submit forks the workers
            futures = {pool.submit(_work_documents, c): len(c) for c in chunks}
        for fut in as_completed(futures):
            yield from fut.result()
            if progress:
                progress(futures[fut])


def workers_for(config, n_docs: int) -> int:
    spec = (config.get("ci") or {}).get("parallel") or {}
    wanted = int(spec.get("workers", 0) or 0) or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if wanted <= 1 or n_docs < int(spec.get("min_documents", 400)):
        return 1
    return min(wanted, n_docs)


def analyse_parallel(docs, config, progress: Callable[[int], None] | None = None) -> dict[str, Analysis]:
    """Same contract as :func:`planner.analysis.analyse_documents`, across processes."""
    docs = [d for d in docs if d.ok]
    n = workers_for(config, len(docs))
    if n <= 1:
        from planner.analysis import analyse_documents

        return analyse_documents(docs, config, progress=progress)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork shares the already-imported modules; elsewhere spawn re-imports them
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    out: dict[str, Analysis] = {}
    size = max(1, min(CHUNK, -(-len(docs) // (n * 4))))  # >= 4 tasks per worker, to balance
    chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init, initargs=(config,)) as pool, \
            _stopped_on_interrupt(pool):
        with sigint_held():  # the first submit forks the workers
            futures = {pool.submit(_work, c): len(c) for c in chunks}
        for fut in as_completed(futures):
            for rel, d in fut.result():
                out[rel] = Analysis.from_dict(d)
            if progress:
                progress(futures[fut])
    return out


@contextmanager
def _stopped_on_interrupt(pool):
    """Ctrl-C (or a caller abandoning a generator over the results) stops the pool at
    once: queued chunks are dropped and the workers, which ignore SIGINT, are ended,
    instead of the pool's exit waiting for every chunk to finish."""
    try:
        yield
    except (KeyboardInterrupt, GeneratorExit):
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def cache_enabled(config) -> bool:
    return bool(((config.get("ci") or {}).get("cache") or {}).get("enabled", True))


def make_analyse(config, *, use_cache: bool = True, cache_folder=None) -> Callable:
    """The lint command's analysis step: the cache in front of parallel analysis."""
    if not use_cache or not cache_enabled(config):
        return analyse_parallel
    from planner.cache import AnalysisCache, cache_dir, cached

    return cached(analyse_parallel, AnalysisCache(cache_folder or cache_dir(config), config))
