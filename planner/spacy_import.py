"""Import spaCy without running its command-line package until something uses it.

``import spacy`` runs ``spacy/__init__``, which imports ``spacy.cli`` for one name,
``spacy.info``; ``spacy.cli`` imports every spaCy command and what they use (typer,
weasel, requests, httpx, jinja2, a YAML file read): about a third of spaCy's import
time, in a process that never runs a spaCy command.

:func:`import_spacy` puts two stand-ins in ``sys.modules`` first, ``spacy.cli`` and
``spacy.cli.info``: module objects made from spaCy's own specs whose code has not run
yet. The first time anything asks either for a name it does not have
(``from spacy.cli import download``, ``spacy.cli.app``, ``dir(spacy.cli)``, a call of
``spacy.info``), both run their real code, in place: the same module objects become
the modules spaCy would have built, ``spacy.info`` is spaCy's own function again, and
the stand-ins are plain modules. (``import spacy.cli.download`` runs that submodule
alone, as in a package still being imported, until the package is asked for a name.)
Nothing of spaCy's is edited or copied; a process that uses spaCy's command line gets
all of it, later, and if that import fails it fails as it would have in ``import
spacy``, and again at the next try. When spaCy is imported already, or its files are
not laid out as expected, this is a plain ``import spacy``.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_CLI = "spacy.cli"
_INFO = "spacy.cli.info"


class _NotYetRun(types.ModuleType):
    """A module whose code runs the first time a name it lacks is asked for."""

    def __getattr__(self, name: str) -> Any:
        # Python's import machinery probes for names such as __path__ (is this a
        # package?), which say nothing about the module's code. Inside the real code, a
        # name not defined yet is missing, as in any module being imported.
        if _state["loading"] or (name.startswith("__") and name.endswith("__") and name != "__all__"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        _run_real_code()
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        _run_real_code()
        return sorted(self.__dict__)


_state: dict[str, Any] = {"loading": False, "specs": None}


def _info(*args: Any, **kwargs: Any) -> Any:
    """Stands for ``spacy.info`` (``spacy.cli.info.info``) until the real code has run."""
    _run_real_code()
    return sys.modules[_INFO].info(*args, **kwargs)


def _run_real_code() -> None:
    specs = _state["specs"]
    if specs is None:
        return
    _state["loading"] = True
    try:
        waiting = []
        for name in (_INFO, _CLI):  # info first: the package's `from .info import info` needs the real function
            module = sys.modules.get(name)
            if type(module) is _NotYetRun:
                module.__dict__.pop("info", None)  # the stand-in function, on spacy.cli.info
                module.__class__ = types.ModuleType  # from here, a module being imported
                waiting.append((specs[name], module))
        for spec, module in waiting:
            spec.loader.exec_module(module)
    except BaseException:  # as Python does with a module whose import failed
        for name in (_INFO, _CLI):
            sys.modules.pop(name, None)
        raise
    finally:
        _state["loading"] = False
        _state["specs"] = None
    spacy = sys.modules.get("spacy")
    if spacy is not None:
        if getattr(spacy, "info", None) is _info:
            spacy.info = sys.modules[_INFO].info
        if getattr(spacy, "cli", None) is None:
            spacy.cli = sys.modules[_CLI]


def _specs() -> dict[str, importlib.machinery.ModuleSpec] | None:
    """spaCy's specs for the two modules, found without importing anything of spaCy's."""
    try:
        top = importlib.util.find_spec("spacy")
        if top is None or not top.submodule_search_locations:
            return None
        cli = importlib.machinery.PathFinder.find_spec(_CLI, list(top.submodule_search_locations))
        if cli is None or cli.loader is None or not cli.submodule_search_locations:
            return None
        info = importlib.machinery.PathFinder.find_spec(_INFO, list(cli.submodule_search_locations))
        if info is None or info.loader is None:
            return None
    except (ImportError, ValueError, OSError):
        return None
    return {_CLI: cli, _INFO: info}


def import_spacy() -> types.ModuleType:
    """``import spacy``, with ``spacy.cli`` run only when something first uses it."""
    if "spacy" in sys.modules or _CLI in sys.modules:
        import spacy

        return spacy
    specs = _specs()
    if specs is not None:
        for name, spec in specs.items():
            module = importlib.util.module_from_spec(spec)
            module.__class__ = _NotYetRun
            sys.modules[name] = module
        sys.modules[_INFO].info = _info
        _state["specs"] = specs
    try:
        import spacy
    except BaseException:
        if specs is not None:  # leave no stand-in behind a failed import
            for name in specs:
                sys.modules.pop(name, None)
            _state["specs"] = None
        raise
    if specs is not None and type(sys.modules.get(_CLI)) is _NotYetRun:
        spacy.cli = sys.modules[_CLI]  # the attribute a normal import of the submodule sets
    return spacy
