"""The CI side of `planner lint`: cache and parallel analysis, `--changed`, the baseline.

Kept out of planner/cli/lint.py so that command stays a readable list of options."""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import click

from planner.cli import PlannerError, content_paths, get_config, prepare_estate


def _changed_only(files: list[Path], base_ref: str | None) -> set[str]:
    """Relpaths of changed content files among ``files`` (the linted ones)."""
    from planner.gitutil import GitError, changed_files
    from planner.loader import relpath

    try:
        changed = changed_files(base_ref, Path.cwd())
    except GitError as exc:
        raise PlannerError(str(exc)) from None
    inside = {os.path.realpath(p) for p in files}
    return {relpath(Path(p)) for p in changed if os.path.realpath(p) in inside}


def _discover(ctx: click.Context, paths: tuple[str, ...]) -> list[Path] | None:
    """The content files, found once per run; None when a path is missing (run_audit
    reports that)."""
    from planner.loader import discover

    config = get_config(ctx)
    targets = content_paths(config, paths)
    if any(not p.exists() for p in targets):
        return None
    return discover(targets, config)[0]


@contextmanager
def collector_off():
    """The cyclic garbage collector off for one lint run. A run keeps nearly everything
    it allocates until it ends (documents, analyses, findings: ~10^6 objects on a large
    estate) and makes next to no cyclic garbage (600 documents analysed in-process
    peak at the same memory either way), so the collector's passes over the live heap
    only cost time: ~7% of a warm run. Reference counting still frees everything else."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ci_audit(ctx: click.Context, paths: tuple[str, ...], run_audit: Callable, *, changed: bool = False,
             base_ref: str | None = None, no_cache: bool = False):
    """run_audit with the cache/parallel analysis step and ``--changed``."""
    from planner.cache import cache_dir
    from planner.incremental import RunStore
    from planner.parallel import cache_enabled, make_analyse

    if base_ref and not changed:
        raise PlannerError("--base only makes sense with --changed")
    from planner import warm

    helper = warm.take(wanted=not no_cache)  # spaCy loads in it while this run gets going
    try:
        config = get_config(ctx)
        files = _discover(ctx, paths)
        prepare_estate(config, paths, files)  # before any cache key is computed: names and model are part of it
        use_cache = not no_cache and cache_enabled(config)
        analyse = make_analyse(config, use_cache=use_cache)
        # the run store reuses unchanged files and farms changed ones out to worker processes
        store = RunStore(cache_dir(config) if use_cache else None, config, analyse, helper=helper)
        kw = {"load": store.load, "analyse": store.analyse, "check": store.check, "settle": store.settle}
        if changed:
            kw["only"] = _changed_only(files or [], base_ref)
            if not kw["only"]:
                click.echo("planner: no changed content files", err=True)
        if files is not None:
            from planner.cli.lint import make_progress

            store.precompute(files, config, Path.cwd(), make_progress())
            kw["files"] = files
        audit = run_audit(ctx, paths, **kw)
        audit.extras["json_lines"] = store.json_lines()
    finally:
        if helper is not None:
            helper.close()
    store.save()
    if os.environ.get("PLANNER_CACHE_STATS"):
        click.echo(f"planner: cache: {len(store.reused - store.pre.keys())} of {len(audit.documents)} documents reused, "
                   f"{store.prewarmed} processed by the pre-started worker", err=True)
    return audit


def after_audit(ctx: click.Context, audit, baseline_file: Path | None, update_baseline: str | None) -> bool:
    """Apply or write the baseline. True when the command is done (baseline written)."""
    from planner import baseline

    if update_baseline is not None:
        target = Path(update_baseline) if update_baseline != "-" else baseline_file
        if target is None:
            raise PlannerError("--update-baseline needs a FILE (or --baseline FILE)")
        if target.is_dir() or target.suffix.lower() in (".md", ".markdown"):
            raise PlannerError(f"--update-baseline {target}: expected a baseline file such as .planner-baseline.json, not content")
        previous: list = []
        if target.exists() and audit.extras.get("only") is not None:
            try:
                previous = baseline.load(target)
            except baseline.BaselineError as exc:
                raise PlannerError(str(exc)) from None
        try:
            n = baseline.write(target, audit, previous)
        except OSError as exc:
            raise PlannerError(f"{target}: cannot write baseline: {exc.strerror or exc}") from None
        click.echo(f"planner: recorded {n} finding{'s' if n != 1 else ''} in {target}; "
                   f"`planner lint --baseline {target}` now fails only on new ones", err=True)
        return True
    if baseline_file is not None:
        try:
            entries = baseline.load(baseline_file)
        except baseline.BaselineError as exc:
            raise PlannerError(str(exc)) from None
        baseline.apply(audit, entries)
        audit.extras["baseline"] = str(baseline_file)
        if audit.baseline_stale:
            n = len(audit.baseline_stale)
            click.echo(f"planner: {n} baseline entr{'ies' if n != 1 else 'y'} no longer occur"
                       f"{'s' if n == 1 else ''} (fixed); shrink the file with "
                       f"`planner lint --baseline {baseline_file} --update-baseline`", err=True)
    return False
