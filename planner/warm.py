"""The pre-started worker of `planner lint` (:class:`WarmWorker`).

Kept free of planner's other modules: the console entry point (planner.__main__) forks
it before anything else is imported, so spaCy's start-up overlaps even the command
line's own."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

_PRESTARTED: WarmWorker | None = None


@contextmanager
def sigint_held():
    """Hold Ctrl-C back while worker processes are forked: a child that saw it before
    _detach() would print a traceback. The parent gets it as soon as the block ends."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _serve(conn) -> None:
    import gc

    from planner.parallel import _detach, _init_documents, _work_documents

    _detach()
    # No cyclic collections while spaCy is imported and the pipeline built (~10% of
    # the time, and this start-up is what the main process waits for); what lives
    # now lives until the worker ends, so it is frozen rather than collected.
    gc.disable()
    try:
        import planner.analysis  # noqa: F401  imports spaCy: the slow part, done before the run even has its config
        config, cwd, cache_folder = conn.recv()
        _init_documents(config, cwd, cache_folder, detach=False)
        gc.freeze()
        gc.enable()
        paths = conn.recv()
    except (EOFError, OSError):  # the run needed nothing from us
        return
    except Exception:  # cannot start: the main process sees the pipe close and does the files itself
        return
    try:
        result = (True, _work_documents(paths))
    except Exception as exc:  # the main process does the files itself and reports properly
        result = (False, repr(exc))
    try:
        conn.send(result)
    except OSError:
        pass


class WarmWorker:
    """One worker process forked at the very start of `planner lint`. It imports spaCy
    and builds the pipeline (about a second) while the main process loads the
    configuration, reads the run store and stats the files; then it processes whatever
    changed, usually a file or two, while the main process restores and checks
    everything else. Re-linting one edited file in a large estate then costs about
    what the unchanged files do, not that plus spaCy's start-up. Unused (a cold run, or
    nothing changed), it is stopped wherever it has got to."""

    def __init__(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), name="planner-warm", daemon=True)
        with sigint_held():
            self._proc.start()
        child.close()

    def setup(self, config, cwd, cache_folder) -> bool:
        """The run's configuration, once it is known; False if the worker is gone."""
        return self._send((config, cwd, cache_folder))

    def _send(self, message) -> bool:
        try:
            self._conn.send(message)
            return True
        except OSError:
            self.close()
            return False

    @staticmethod
    def available() -> bool:
        """Only where fork is cheap and safe, and with a second core to run on."""
        import multiprocessing as mp

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return sys.platform.startswith("linux") and cores >= 2 and "fork" in mp.get_all_start_methods()

    def submit(self, paths: list[Path]) -> bool:
        """Hand ``paths`` to the worker without waiting; False if it is gone."""
        return self._send([str(p) for p in paths])

    def collect(self) -> list[tuple[str, dict]] | None:
        """(relpath, run-store entry) for the submitted paths; None if the worker failed,
        in which case the caller processes them itself."""
        try:
            ok, result = self._conn.recv()
        except (OSError, EOFError):
            return None
        finally:
            self.close()
        return result if ok else None

    def close(self) -> None:
        if self._proc is None:
            return
        self._conn.close()
        if self._proc.is_alive():
            self._proc.terminate()  # not needed after all: stop it mid-start-up
        self._proc.join()
        self._proc = None


def prestart() -> None:
    """Fork the worker now, if it can help; :func:`take` hands it to the run."""
    global _PRESTARTED
    if _PRESTARTED is None and WarmWorker.available():
        _PRESTARTED = WarmWorker()


def take(wanted: bool = True) -> WarmWorker | None:
    """The worker :func:`prestart` forked, else a new one; None where it cannot help or
    is not ``wanted`` (then a pre-started one is stopped)."""
    global _PRESTARTED
    worker, _PRESTARTED = _PRESTARTED, None
    if not wanted:
        if worker is not None:
            worker.close()
        return None
    if worker is None and WarmWorker.available():
        worker = WarmWorker()
    return worker
