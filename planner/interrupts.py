"""Ctrl-C that is never lost.

Python turns SIGINT into a KeyboardInterrupt wherever the main thread happens to be.
When that is inside a finaliser (``__del__``, a weakref callback, a garbage-collection
pass), the interpreter reports the exception as "ignored" and carries on: the run then
finishes as if Ctrl-C had never been pressed, after printing a traceback. So the handler
also remembers the interrupt; the run's loops check it between batches, and the command
line ends with exit 130 even if the exception itself was swallowed somewhere.
"""
from __future__ import annotations

import signal
import sys
import threading

_pending = False


def install() -> None:
    """Route SIGINT through the remembering handler (main thread of a real process only)."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _on_sigint)
    sys.unraisablehook = _unraisable


def interrupted() -> bool:
    """Whether Ctrl-C came, whether or not its exception got through."""
    return _pending


def raise_if_interrupted() -> None:
    """A checkpoint: raise the KeyboardInterrupt again if a finaliser swallowed it."""
    if _pending:
        raise KeyboardInterrupt


def _on_sigint(signum: int, frame: object) -> None:
    global _pending
    _pending = True
    raise KeyboardInterrupt


def _unraisable(unraisable: object) -> None:
    # remembered above and raised again at the next checkpoint: no traceback for it
    if _pending and isinstance(getattr(unraisable, "exc_value", None), KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)
