"""What a stored result is a function of: the run's digest and each file's key.

A file's result (document, analysis, per-document findings) depends on its path and
bytes, the effective configuration, planner's own code and data, and the team model
(``.planner/model.json``, config ``journey.model``). The digest covers all but the
file; the key adds the file. The date is not part of either: per-document rules do not
read the clock (review ages are judged by corpus rules, against the run's ``as_of``).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from planner import __version__
from planner.codefiles import add_files

# Parts of the package that cannot change a file's result (commands, views, this engine, the daemon)
_NOT_RESULTS = {"cli", "site", "reporters", "engine", "trend", "daemon"}


@lru_cache(maxsize=1)
def tool_key() -> str:
    """The version plus a digest of the package files that can change a result
    (~2 ms): an analyser or lexicon edited in place invalidates stored results."""
    h = hashlib.sha256(__version__.encode())
    add_files(h, leave_out=_NOT_RESULTS)
    return h.hexdigest()[:16]


def model_path(config) -> Path:
    """The team model planner train writes (config ``journey.model``)."""
    spec = (config.get("journey") or {}).get("model") or ".planner/model.json"
    path = Path(spec)
    return path if path.is_absolute() else Path(config.root) / path


def model_digest(config) -> str:
    try:
        return hashlib.sha256(model_path(config).read_bytes()).hexdigest()[:16]
    except OSError:
        return "none"


def run_digest(config) -> str:
    """The digest of everything but the file that a result depends on."""
    # results-2: an extract's blocks say whether they are quotations, and tone leaves those out
    parts = ("results-2", config.fingerprint(), tool_key(), model_digest(config))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]


def file_key(digest: str, relpath: str, sha256: str) -> str:
    return hashlib.sha256(f"{digest}\x00{relpath}\x00{sha256}".encode("utf-8", "surrogateescape")).hexdigest()
