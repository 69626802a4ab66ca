"""Lint reporters: views of an Audit. Each module registers ``render(audit, out, *, color)``."""
from __future__ import annotations

import importlib
import pkgutil
from typing import Callable, TextIO

_REPORTERS: dict[str, Callable] = {}


def reporter(name: str):
    def wrap(fn: Callable) -> Callable:
        _REPORTERS[name] = fn
        return fn
    return wrap


_DISCOVERED = False


def reporters() -> dict[str, Callable]:
    global _DISCOVERED
    if not _DISCOVERED:  # not "if empty": one reporter module may be imported early (json, by the run store)
        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
        _DISCOVERED = True
    return _REPORTERS


def render(name: str, audit, out: TextIO, *, color: bool = False) -> None:
    reporters()[name](audit, out, color=color)
