"""One engine for per-file work, used by every command and the site.

- :mod:`~planner.engine.unit`: a file's bytes -> its result (document, analysis,
  per-document findings, summary);
- :mod:`~planner.engine.store`: results kept between runs, as validated data;
- :mod:`~planner.engine.records`: a result's parts to JSON and back, validated;
- :mod:`~planner.engine.executors`: in this process, or a pool of worker processes;
- :mod:`~planner.engine.keys`: what a result depends on (its key);
- :mod:`~planner.engine.run`: ``audit(...)``, the entry point.

Where the store lives, and the folders it refuses: :mod:`planner.cache_folder`.
"""
from __future__ import annotations

from planner.cache_folder import store_folder
from planner.engine.keys import run_digest
from planner.engine.run import Progress, audit
from planner.engine.store import Store
from planner.engine.unit import Source

__all__ = ["audit", "open_store", "Progress", "Source", "Store"]


def open_store(config, *, enabled: bool = True, note=lambda msg: None, warn=lambda msg: None) -> Store | None:
    """The run's result store, or None (a throwaway one) when caching is off or the
    folder is refused (``warn`` says why)."""
    if not enabled or not bool(((config.get("ci") or {}).get("cache") or {}).get("enabled", True)):
        return None
    folder, refused = store_folder(config)
    if folder is None:
        warn(f"cache: {refused}")
        return None
    return Store(folder, run_digest(config), note)
