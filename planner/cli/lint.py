"""`planner lint`: check documents and report findings."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from planner.cli import (EXIT_FINDINGS, EXIT_OK, PlannerError, cli, content_paths, get_config, prepare_estate,
                         use_color, write_output)
from planner.model import SEVERITY_RANK
from planner.pipeline import Progress, build_audit
from planner.reporters import render, reporters

PROGRESS_THRESHOLD = 200  # files; smaller runs finish before a bar is worth drawing


class RichProgress(Progress):
    """A progress bar on stderr, only on a terminal and only for long runs."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RP, TextColumn, TimeRemainingColumn
        from rich.console import Console

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


def make_progress() -> Progress:
    return RichProgress() if sys.stderr.isatty() else Progress()


def run_audit(ctx: click.Context, paths: tuple[str, ...], **kw):
    """Shared by every command that reads content: config, paths, progress, audit."""
    config = get_config(ctx)
    targets = content_paths(config, paths)
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        raise PlannerError(f"no such file or folder: {', '.join(missing)}")
    prepare_estate(config, paths, kw.get("files"))
    try:
        audit = build_audit(targets, config, progress=make_progress(), **kw)
    except OSError as exc:
        raise PlannerError(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}") from None
    report_journey_model(audit)
    return audit


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


def fails(audit, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in audit.findings if not f.baseline)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "sarif", "github", "junit", "markdown"]),
              help="Output format: text for people, json for scripts, sarif/github/junit/markdown for CI.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--fail-on", default="error", show_default=True,
              type=click.Choice(["error", "warning", "suggestion", "none"]),
              help="Exit 1 when a finding at or above this severity remains.")
@click.option("-v", "--verbose", is_flag=True, help="Text format: show the why and the quoted sentences under each finding.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Fail only on findings not recorded in this baseline file; list entries that no longer occur.")
@click.option("--update-baseline", "update_baseline", is_flag=False, flag_value="-", default=None, metavar="[FILE]",
              help="Record the current findings in FILE (default: the --baseline file) and exit 0.")
@click.option("--changed", is_flag=True, help="Lint only Markdown files changed against --base (corpus rules still see every file).")
@click.option("--base", "base_ref", metavar="REF", help="Git ref for --changed (default: the PR's base branch, else origin's default branch).")
@click.option("--no-cache", is_flag=True, help="Analyse every document afresh; do not read or write the analysis cache.")
@click.pass_context
def lint(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str, verbose: bool,
         baseline_file: Path | None = None, update_baseline: str | None = None, changed: bool = False,
         base_ref: str | None = None, no_cache: bool = False) -> None:
    """Check documents for tagging, journey and tone problems.

    PATHS are files or folders (default: content.paths from planner.yml, else
    ./content). Findings print as `path:line:col severity rule message`.

    \b
    Examples:
      planner lint                         the whole content folder
      planner lint content/blog -v         one folder, with explanations
      planner lint --format json -o a.json for scripts
      planner lint --fail-on warning       stricter CI gate
      planner lint --changed --format github   only what a pull request changed
      planner lint --update-baseline .planner-baseline.json   adopt the gate on an old repo
      planner lint --baseline .planner-baseline.json          then fail only on new findings
    """
    from planner.cli.lint_ci import after_audit, ci_audit, collector_off

    with collector_off():
        audit = ci_audit(ctx, paths, run_audit, changed=changed, base_ref=base_ref, no_cache=no_cache)
        if after_audit(ctx, audit, baseline_file, update_baseline):
            ctx.exit(EXIT_OK)
        if fmt not in reporters():
            raise PlannerError(f"format '{fmt}' is not available in this installation")
        buf = io.StringIO()
        color = output is None and use_color(sys.stdout) and fmt == "text"
        if fmt == "text" and verbose:
            ctx.obj["verbose"] = True
            audit.extras["verbose"] = True
            report_journey_model(audit, verbose=True)
        render(fmt, audit, buf, color=color)
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
