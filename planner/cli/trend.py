"""`planner trend`: coverage and findings at sampled commits of the repository's history."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from planner import engine
from planner.cli.common import ContentPath, EXIT_OK, FormatChoice, PlannerError, emit_rendered, get_config, output_option
from planner.cli.lint import RichProgress
from planner.coverage import AXES
from planner.gitutil import GitError
from planner.trend.sampling import EVERY, SamplingError, parse_bound

FORMATS = ["table", "json", "csv"]


class TrendProgress(RichProgress):
    """The bar for a trend: every phase is shown, however short (commits are slow to count)."""

    def start(self, phase: str, total: int) -> None:
        if total < 1 or (phase == "checking" and total < 20):
            self._task = None
            return
        self._bar.start()
        self._task = self._bar.add_task(phase, total=total)


@click.command("trend")
@click.argument("paths", nargs=-1, type=ContentPath())
@click.option("--since", metavar="DATE|REF", help="Start at this date (YYYY-MM-DD) or commit, branch or tag (its own point first).")
@click.option("--until", metavar="DATE|REF", help="End at this date or commit (default: HEAD).")
@click.option("--every", type=click.Choice(EVERY), default=None,
              help="One point per commit, or the last commit of each day, week or month "
                   "(default: per commit up to 60 commits, else weekly).")
@click.option("--config-now", is_flag=True, help="Audit every commit with today's planner.yml instead of the commit's own.")
@click.option("--by", "axis", type=click.Choice(AXES), default=None, help="Coverage axis for the score (default: coverage.axis, else role).")
@click.option("-f", "--format", "fmt", type=FormatChoice(FORMATS), default="table", show_default=True,
              help="table for people, json for scripts, csv for a spreadsheet.")
@output_option
@click.option("--no-cache", is_flag=True, help="Check every file afresh; do not read or write the result store.")
@click.option("-v", "--verbose", is_flag=True, help="Say when a stored result is ignored and rebuilt.")
@click.pass_context
def trend_cmd(ctx: click.Context, paths: tuple[str, ...], since: str | None, until: str | None, every: str | None,
              config_now: bool, axis: str | None, fmt: str, output: Path | None, no_cache: bool, verbose: bool) -> None:
    """Coverage score and findings over the repository's history: at each sampled
    commit, what `planner coverage` and `planner lint` said then, read straight from
    git (no checkout) and reusing the result store, so unchanged files cost nothing.

    Each commit is audited with its own planner.yml (--config-now: today's), and its
    date is "today" for review ages. Commits follow the first-parent line of HEAD.

    \b
    Examples:
      planner trend                          every commit, or weekly past 60 commits
      planner trend --since 2026-01-01 --every month
      planner trend --since v2.0 -f csv -o trend.csv   for a spreadsheet
      planner trend content/blog --format json
    """
    from planner import gitutil
    from planner.trend.render import render_csv, render_json, render_table
    from planner.trend.run import trend

    cwd = Path.cwd()
    try:
        config = get_config(ctx)
    except PlannerError:
        if config_now:
            raise
        # today's planner.yml is broken: each commit is read with its own, and the
        # newest point carries the error; the defaults only place the store
        from planner.config import default_config

        config = default_config(cwd)
    try:
        top = gitutil.repository(cwd)
        since_b = parse_bound(top, since, "--since")
        until_b = parse_bound(top, until, "--until")
    except (GitError, SamplingError) as exc:
        raise PlannerError(str(exc)) from None
    warn = lambda msg: click.echo(f"planner: {msg}", err=True)  # noqa: E731
    note = warn if verbose else (lambda msg: None)
    store = engine.open_store(config, enabled=not no_cache, note=note, warn=warn)
    progress = TrendProgress() if sys.stderr.isatty() else engine.Progress()
    try:
        t = trend(top, cwd, config, paths=paths, since=since_b, until=until_b, every=every, config_now=config_now,
                  explicit=ctx.obj.get("config_path"), axis=axis, store=store, progress=progress, note=note)
    except (GitError, SamplingError) as exc:
        raise PlannerError(str(exc)) from None
    emit_rendered(t, fmt, output, json=render_json, csv=render_csv, table=render_table)
    if fmt != "table":
        for n in t.notes:
            click.echo(f"planner: {n}", err=True)
    ctx.exit(EXIT_OK)
