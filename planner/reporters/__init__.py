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


def reporters() -> dict[str, Callable]:
    if not _REPORTERS:
        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
    return _REPORTERS


def render(name: str, audit, out: TextIO, *, color: bool = False) -> None:
    reporters()[name](audit, out, color=color)
