"""`planner lint -`: one document read from standard input, for editors (as
``ruff check --stdin-filename PATH -`` and Vale reading stdin).

With ``--stdin-filename PATH`` the buffer is that file: it is shown at PATH's name,
its baseline entries and suppressions are PATH's, and it is judged as part of its
estate (the configured content folders, read from disk and the result store as
usual; the buffer stands in for PATH's bytes), as ``lint --changed`` judges a
changed file. Without it the document is ``<stdin>``, judged alone. Either way the
buffer is never written anywhere: not to PATH, not to the result store.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from planner import engine
from planner.cli.common import PlannerError, content_paths, forced_exclusion, get_config, prepare_estate
from planner.discovery import configured_content, discover, relpath
from planner.loader import too_large
from planner.model import Audit

STDIN_NAME = "<stdin>"  # the document's name without --stdin-filename (as Python and mypy call it)
CHUNK = 1 << 16


def check_usage(paths: tuple[str, ...], stdin_filename: str | None, *, changed: bool, base_ref: str | None,
                update_baseline: str | None) -> None:
    """A run over standard input (``-`` in PATHS, or --stdin-filename) that cannot mean
    one buffer is a usage error (exit 2)."""
    dashes = paths.count("-")
    if not dashes and paths:  # `planner lint a.md --stdin-filename b.md`
        raise click.UsageError("--stdin-filename names the document read from standard input (`-`); it does not go "
                               "with PATHs: planner lint - --stdin-filename PATH < buffer")
    if dashes > 1 or len(paths) > 1:  # `planner lint - a.md`, `planner lint - -`
        raise click.UsageError("`-` (standard input) is linted on its own: give either `-` or PATHs, not both "
                               "(--stdin-filename PATH says which file the standard input is)")
    if changed or base_ref:
        raise click.UsageError(f"{'--changed' if changed else '--base'} is for the files a branch changed on disk; "
                               "it does not go with `-` (standard input)")
    if update_baseline is not None:
        raise click.UsageError("--update-baseline records the files on disk; it does not go with `-` (standard input)")
    if stdin_filename is not None and (stdin_filename in ("", "-") or Path(stdin_filename).is_dir()):
        raise click.UsageError(f"--stdin-filename {stdin_filename!r}: name the Markdown file the standard input is, "
                               "e.g. --stdin-filename content/blog/post.md")


def read_stdin(max_bytes: int) -> bytes | str:
    """Standard input's bytes, or (over ``max_bytes``, content.max_bytes) the
    file-unreadable message a file that large gets. A stream over the limit is read
    to its end, kept no further than the limit, so the editor writing it is not cut
    off."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise PlannerError("standard input is closed; pipe the document in: planner lint - < page.md")
    raw = getattr(stream, "buffer", stream)
    kept: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = raw.read(CHUNK)
            if not chunk:
                break
            if isinstance(chunk, str):  # a text stream without a buffer (an embedding caller)
                chunk = chunk.encode("utf-8", "surrogateescape")
            if size <= max_bytes:
                kept.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise PlannerError(f"cannot read standard input: {exc.strerror or exc}") from None
    if size > max_bytes:
        return too_large(size, max_bytes)
    return b"".join(kept)


def _key(path: Path) -> str:
    """One spelling of a file's place (links followed): PATH as the editor names it, a
    content file as discovery found it."""
    return os.path.normcase(os.path.realpath(path))


def stdin_audit(ctx: click.Context, stdin_filename: str | None, *, no_cache: bool, verbose: bool,
                progress: engine.Progress | None = None, force_exclude: bool | None = None) -> Audit:
    """The audit of the document on standard input (see the module's docstring): its
    findings, and it alone in ``audit.documents`` (reports count one document). With
    ``force_exclude`` (default ``content.force_exclude``), a PATH the configuration does
    not make content is an empty audit: the editor's buffer is not content."""
    config = get_config(ctx)
    data = read_stdin(int(config["content"].get("max_bytes", 1_000_000)))  # read even when skipped: the writer is not cut off
    if (stdin_filename is not None and forced_exclusion(config, force_exclude)
            and not configured_content(config)(Path(stdin_filename))):
        return Audit(root=Path.cwd(), config=config, extras={"force_excluded": "stdin"})
    warn = lambda msg: click.echo(f"planner: {msg}", err=True)  # noqa: E731
    if stdin_filename is None:  # judged alone; the estate's product names and team model still hold
        path = Path(STDIN_NAME)
        targets, files, problems, only = [path], [path], [], None
        prepare_estate(config, (), None, cached=not no_cache)
    else:
        path = Path(stdin_filename)
        targets = [p for p in content_paths(config, ()) if p.exists()]
        files, problems = discover(targets, config) if targets else ([], [])
        prepare_estate(config, (), files, cached=not no_cache)  # product names: the estate as it is on disk
        same = next((i for i, f in enumerate(files) if _key(f) == _key(path)), None)
        if same is None:  # outside the content folders, excluded, or not saved yet: named, so taken
            targets.append(path)
            files = [*files, path]
        else:
            path = files[same]  # the name discovery gives it, as `planner lint` shows it
        only = {relpath(path)}
    rel = relpath(path)
    store = engine.open_store(config, enabled=not no_cache, note=warn if verbose else (lambda msg: None), warn=warn)
    try:
        audit = engine.audit(targets, config, store=store, full=False, only=only, progress=progress,
                             files=files, missing=problems, overrides={rel: data})
    except OSError as exc:
        raise PlannerError(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}") from None
    # the estate was read for its context: the report is this one document's
    audit.documents = [d for d in audit.documents if d.relpath == rel]
    audit.analyses = {r: a for r, a in audit.analyses.items() if r == rel}
    return audit
