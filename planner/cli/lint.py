"""`planner lint`: check documents and report findings; and :func:`run_audit`, the
audit every content command runs (config, paths, progress, the result store)."""
from __future__ import annotations

import gc
import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from planner import engine
from planner.cli.common import (ContentPath, EXIT_FINDINGS, EXIT_OK, FormatChoice, PlannerError, content_paths,
                                forced_exclusion, get_config, output_option, prepare_estate, shown_path, use_color,
                                write_output)
from planner.discovery import configured_content, discover
from planner.model import SEVERITY_RANK, Audit
from planner.reporters import render, reporters

PROGRESS_THRESHOLD = 200  # files; smaller runs finish before a bar is worth drawing


class RichProgress(engine.Progress):
    """A progress bar on stderr, only on a terminal and only for long runs."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RP, TextColumn, TimeRemainingColumn

        self._bar = RP(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=Console(stderr=True), transient=True)
        self._task = None

    def start(self, phase: str, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            self._task = None
            return
        self._bar.start()
        self._task = self._bar.add_task(phase, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._task is not None:
            self._bar.stop()
            self._task = None


def make_progress() -> engine.Progress:
    return RichProgress() if sys.stderr.isatty() else engine.Progress()


def run_audit(ctx: click.Context, paths: tuple[str, ...], *, full: bool = False, no_cache: bool = False,
              changed: bool = False, base_ref: str | None = None, verbose: bool = False, as_of=None,
              force_exclude: bool | None = None) -> Audit:
    """The audit of PATHS (default: the configured content folders), through the
    engine and its result store: shared by every command that reads content. ``full``
    loads every document whole (``planner tone``); ``changed`` limits per-document
    findings to the files changed against ``base_ref`` (``--changed``); ``force_exclude``
    (default: ``content.force_exclude``) leaves out files in PATHS that the
    configuration does not make content (``--force-exclude``)."""
    config = get_config(ctx)
    targets = content_paths(config, paths)
    missing = [p for p in targets if not p.exists()]
    if missing and not paths:  # the configured folders: say where they come from and what to do
        shown = ", ".join(shown_path(p) for p in missing)
        source = f"content.paths in {config.where}" if config.path else "the default content.paths; no planner.yml"
        raise PlannerError(f"no such folder: {shown} ({source}); create it, set content.paths, or name the files "
                           f"or folders to check: {ctx.command_path} PATH... (`planner init` scaffolds a repository)")
    if missing:
        raise PlannerError(f"no such file or folder: {', '.join(str(p) + _nearby(p) for p in missing)}")
    if base_ref and not changed:
        raise PlannerError("--base only makes sense with --changed")
    warn = lambda msg: click.echo(f"planner: {msg}", err=True)  # noqa: E731
    files, problems = discover(targets, config)  # once: the estate's names and the audit share it
    if paths and forced_exclusion(config, force_exclude):  # a hook's file names: only what the config makes content
        taken = configured_content(config)
        kept = [f for f in files if taken(f)]
        dropped, files = len(files) - len(kept), kept
    else:
        dropped = 0
    # product names and the team model: part of the store's digest
    prepare_estate(config, paths, files, cached=not no_cache)
    store = engine.open_store(config, enabled=not no_cache, note=warn if verbose else (lambda msg: None), warn=warn)
    try:
        only = None
        if changed:
            only = _changed_only(files, base_ref)
            if not only:
                click.echo("planner: no changed content files", err=True)
        audit = engine.audit(targets, config, store=store, full=full, only=only, as_of=as_of,
                             progress=make_progress(), files=files, missing=problems)
    except OSError as exc:
        raise PlannerError(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}") from None
    if dropped:
        audit.extras["force_excluded"] = dropped
    report_journey_model(audit)
    return audit


def _nearby(path: Path) -> str:
    """`` (did you mean content/blog?)`` for a mistyped PATH whose folder has a name
    close to it, else ''."""
    import difflib

    try:
        names = os.listdir(path.parent if str(path.parent) else ".")
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    return f" (did you mean {path.parent / close[0] if str(path.parent) != '.' else close[0]}?)" if close else ""


def report_journey_model(audit, verbose: bool = False) -> None:
    """A stale team model is always said (stderr); with -v, which model and names were used."""
    from planner.journey.teammodel import summary_line

    info = audit.extras.get("journey")
    if not info:
        return
    stale = bool(info.get("model") and info["model"]["stale"])
    if stale and not audit.extras.get("journey_reported"):
        click.echo(f"planner: warning: {summary_line(info)}", err=True)
        audit.extras["journey_reported"] = True
    elif verbose and not stale:
        click.echo(f"planner: {summary_line(info)}", err=True)


def _changed_only(files: list[Path], base_ref: str | None) -> set[str]:
    """Relpaths of changed content files among ``files`` (the linted ones)."""
    from planner.gitutil import GitError, changed_files
    from planner.discovery import relpath

    try:
        changed = changed_files(base_ref, Path.cwd())
    except GitError as exc:
        raise PlannerError(str(exc)) from None
    inside = {os.path.realpath(p) for p in files}
    return {relpath(Path(p)) for p in changed if os.path.realpath(p) in inside}


def change_summary(ctx: click.Context, paths: tuple[str, ...], base_ref: str | None, no_cache: bool, fmt: str,
                   lines: list[str]) -> None:
    """The change against the base (planner.trend.delta): in the text report's
    ``lines``, else on stderr; and in the GitHub job summary."""
    from planner.gitutil import GitError
    from planner.trend.delta import Delta, pr_delta, report

    config = get_config(ctx)
    targets = content_paths(config, paths)
    store = engine.open_store(config, enabled=not no_cache)
    try:
        files, _ = discover(targets, config)
        delta = pr_delta(config, paths, Path.cwd(), base_ref, store, files, explicit=ctx.obj.get("config_path"))
    except (GitError, OSError) as exc:
        delta = Delta(base_ref or "the base", error=str(exc))
    report(delta, fmt, lines)


@contextmanager
def collector_off():
    """The cyclic garbage collector off for one lint run. A run keeps nearly everything
    it allocates until it ends (documents, summaries, findings) and makes next to no
    cyclic garbage, so the collector's passes over the live heap only cost time.
    Reference counting still frees everything else."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # what the run built is parked outside the collector first: enabling it over
            # ~10^6 live objects would otherwise start a full pass just before exiting
            gc.freeze()
            gc.enable()


def fails(audit, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in audit.findings if not f.baseline)


def after_audit(audit, baseline_file: Path | None, update_baseline: str | None) -> bool:
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


@click.command()
@click.argument("paths", nargs=-1, type=ContentPath())
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=FormatChoice(["text", "json", "sarif", "github", "gitlab", "junit", "markdown", "concise"]),
              help="Output format: text for people, json for scripts, sarif/github/gitlab/junit/markdown for CI, "
                   "concise (path:line:col: severity: message [rule], one a line) for editors and grep.")
@output_option
@click.option("--fail-on", default="error", show_default=True,
              type=click.Choice(["error", "warning", "suggestion", "none"]),
              help="Exit 1 when a finding at or above this severity remains.")
@click.option("-v", "--verbose", is_flag=True,
              help="Text format: show the why and the quoted sentences under each finding. Any format: say on stderr "
                   "which journey model and product names were used, and when a stored result is rebuilt.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Fail only on findings not recorded in this baseline file; list entries that no longer occur.")
@click.option("--update-baseline", "update_baseline", is_flag=False, flag_value="-", default=None, metavar="[FILE]",
              help="Record the current findings in FILE (default: the --baseline file) and exit 0.")
@click.option("--changed", is_flag=True, help="Lint only Markdown files changed against --base (corpus rules still see every file).")
@click.option("--base", "base_ref", metavar="REF", help="Git ref for --changed (default: the PR's base branch, else origin's default branch).")
@click.option("--no-cache", is_flag=True, help="Check every document afresh; do not read or write the result store.")
@click.option("--statistics", is_flag=True,
              help="Instead of each finding, how many each rule has, most first (text or json), as ruff's --statistics.")
@click.option("--force-exclude/--no-force-exclude", "force_exclude", default=None,
              help="Skip files named as PATHS (or --stdin-filename) that the configuration does not make content "
                   "(outside content.paths, not content.include, or content.exclude), as ruff's --force-exclude; "
                   "for editors and pre-commit, which pass file names. Default: content.force_exclude (false).")
@click.option("--stdin-filename", metavar="PATH", type=click.Path(path_type=str),
              help="With `-` (the document on standard input, for editors): the file it is. Findings name PATH, and "
                   "it is judged with the rest of its estate as if the buffer were PATH's content; nothing is written.")
@click.pass_context
def lint(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str, verbose: bool,
         baseline_file: Path | None = None, update_baseline: str | None = None, changed: bool = False,
         base_ref: str | None = None, no_cache: bool = False, stdin_filename: str | None = None,
         force_exclude: bool | None = None, statistics: bool = False) -> None:
    """Check documents for tagging, journey and tone problems.

    PATHS are files or folders (default: content.paths from planner.yml, else
    ./content), or `-`: one document read from standard input. Text output groups
    findings under each path, one per line: `line:col severity rule message`.

    \b
    Examples:
      planner lint                         the whole content folder
      planner lint content/blog -v         one folder, with explanations
      planner lint --format json -o a.json for scripts
      planner lint --fail-on warning       stricter CI gate
      planner lint --statistics            findings per rule, most first
      planner lint --changed --format github   only what a pull request changed
      planner lint --update-baseline .planner-baseline.json   adopt the gate on an old repo
      planner lint --baseline .planner-baseline.json          then fail only on new findings
      planner lint - --stdin-filename content/blog/post.md < buffer   an editor's unsaved buffer
    """
    if statistics and fmt not in ("text", "json"):
        raise click.UsageError(f"--statistics is a count per rule, in text or json; not with --format {fmt}")
    with collector_off():
        if "-" in paths or stdin_filename is not None:  # an editor's buffer (imported only then)
            from planner.cli import lint_stdin

            lint_stdin.check_usage(paths, stdin_filename, changed=changed, base_ref=base_ref,
                                   update_baseline=update_baseline)
            audit = lint_stdin.stdin_audit(ctx, stdin_filename, no_cache=no_cache, verbose=verbose,
                                           progress=make_progress(), force_exclude=force_exclude)
            report_journey_model(audit)
        else:
            audit = run_audit(ctx, paths, changed=changed, base_ref=base_ref, no_cache=no_cache, verbose=verbose,
                              force_exclude=force_exclude)
        if not audit.documents and audit.extras.get("force_excluded"):  # a hook named only files that are not content
            if audit.extras["force_excluded"] != "stdin":  # an editor linting every buffer: silence, as ruff
                click.echo("planner: every file named is left out by the configuration (--force-exclude: "
                           "content.paths, content.include, content.exclude); nothing was checked", err=True)
        elif not audit.documents:  # a gate that checked nothing must not look like a clean pass
            where = ", ".join(paths) if paths else ", ".join(get_config(ctx)["content"]["paths"])
            click.echo(f"planner: warning: no content files in {where} (content.include: "
                       f"{', '.join(get_config(ctx)['content']['include'])}); nothing was checked", err=True)
        if after_audit(audit, baseline_file, update_baseline):
            ctx.exit(EXIT_OK)
        if fmt not in reporters():
            raise PlannerError(f"format '{fmt}' is not available in this installation")
        buf = io.StringIO()
        color = output is None and use_color(sys.stdout) and fmt == "text"
        if verbose:  # on stderr, whatever the format, as coverage, plan and tone say it
            report_journey_model(audit, verbose=True)
        if fmt == "text" and verbose:
            ctx.obj["verbose"] = True
            audit.extras["verbose"] = True
        if statistics:
            from planner.reporters import statistics as stats

            stats.render(fmt, audit, buf, color=color)
        else:
            render(fmt, audit, buf, color=color)
        if changed:  # one line per pull request: coverage before -> after, new and fixed findings, stages touched
            lines: list[str] = []
            change_summary(ctx, paths, base_ref, no_cache, fmt, lines)
            buf.write("".join(line + "\n" for line in lines))
        if output is not None:
            write_output(output, buf.getvalue())
            if fmt != "text":
                from planner.reporters.text import summary_line

                click.echo(summary_line(audit), err=True)
        else:
            sys.stdout.write(buf.getvalue())
            sys.stdout.flush()
        failed = fails(audit, fail_on)
    ctx.exit(EXIT_FINDINGS if failed else EXIT_OK)
