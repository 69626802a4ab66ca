"""What every command shares: exit codes, the one-line error, configuration, colour and
writing a report."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

import click

from planner.config import Config, ConfigError
from planner.config_checks import load_checked_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class PlannerError(click.ClickException):
    """A usage, configuration or I/O problem: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"planner: error: {self.format_message()}", err=True)


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def get_config(ctx: click.Context, unsaid: tuple[str, ...] = ()) -> Config:
    """The run's checked configuration, loaded once; its warnings said once on stderr,
    except those about the keys in ``unsaid`` (what this command is about to fix)."""
    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        try:
            obj["config"] = load_checked_config(Path.cwd(), obj.get("config_path"))
        except ConfigError as exc:
            raise PlannerError(str(exc)) from None
        for note in obj["config"].notes:
            if getattr(note, "key", "") not in unsaid:
                click.echo(f"planner: warning: {note}", err=True)
    return obj["config"]


def closest_commands(name: str, names: list[str]) -> list[str]:
    """The commands ``name`` was probably meant to be: those it begins (``stat`` ->
    ``status``; ``sta`` -> ``start``, ``status``), else the nearest spelling (``lnt``
    -> ``lint``)."""
    starts = [n for n in names if n.startswith(name)]
    if starts:
        return starts
    import difflib

    return difflib.get_close_matches(name, names, n=1, cutoff=0.6)


class SuggestingGroup(click.Group):
    """A command group that answers a mistyped subcommand with the one meant, as
    ``planner lnt`` gets ``(did you mean 'lint'?)``."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.list_commands(ctx):
            close = closest_commands(name, self.list_commands(ctx))
            if close:
                meant = " or ".join(f"'{c}'" for c in close)
                ctx.fail(f"No such command '{name}' (did you mean {meant}?).")
        return super().resolve_command(ctx, args)


class FormatChoice(click.Choice):
    """A ``--format`` choice that also takes the other commands' word for the people's
    format: `text` where it is called `table`, and `table` where it is called `text`
    (a script can pass one word to every command); in any case (`-f JSON`, as Vale's
    `--output=JSON`)."""

    def __init__(self, choices: list[str]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        people = next((c for c in ("text", "table") if c in self.choices), None)
        if people and isinstance(value, str) and value.lower() in ("text", "table"):
            value = people
        return super().convert(value, param, ctx)


# every report format's name: `-o json` is almost surely Vale's `--output=JSON` (a format), not a file
FORMAT_NAMES = frozenset({"text", "table", "json", "csv", "markdown", "sarif", "github", "gitlab", "junit", "concise"})


class ConfigFile(click.Path):
    """``--config FILE``: a planner.yml. A folder gets the file in it named, if it holds
    one (ruff's and Vale's --config also name a file)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (str, Path)) and os.path.isdir(value):
            from planner.config import CONFIG_NAMES

            inside = next((Path(value) / n for n in CONFIG_NAMES if (Path(value) / n).is_file()), None)
            hint = f"did you mean --config {inside}?" if inside else "it holds no planner.yml"
            self.fail(f"{os.fspath(value)!r} is a folder; --config names the planner.yml file ({hint})", param, ctx)
        return super().convert(value, param, ctx)


class ContentPath(click.Path):
    """A PATH argument: a file or folder to read content from. An empty one (a script's
    `planner lint "$FILES"` with nothing in FILES) names nothing, and is an error
    rather than the working folder, which would check every Markdown file under it."""

    def __init__(self) -> None:
        super().__init__(path_type=str)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip() and not os.path.lexists(value):
            self.fail(f"{value!r} is an empty path; name a file or folder, or give none to check content.paths "
                      "(in a script, an empty variable in quotes passes one: \"$FILES\")", param, ctx)
        return super().convert(value, param, ctx)


def _dash_is_stdout(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None or value == "-":
        return None
    if value.lower() in FORMAT_NAMES:  # as typed: `./json` is a file of that name
        raise click.BadParameter(f"'{value}' is a format's name, and -o names the file to write: use "
                                 f"-f {value.lower()} for the format, or -o ./{value} for a file called {value}",
                                 ctx=ctx, param=param)
    return Path(value)


# `-o FILE` of every report; `-o -` is standard output, as in most command-line tools
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False), callback=_dash_is_stdout,
                             help="Write the report to this file (atomically) instead of standard output (- is "
                                  "standard output).")


def audit_options(f: Callable) -> Callable:
    """``-v`` and ``--no-cache`` of a command that reports on an audit (coverage, plan,
    tone), meaning what they mean in ``planner lint``."""
    f = click.option("--no-cache", is_flag=True, help="Check every document afresh; do not read or write the result store.")(f)
    return click.option("-v", "--verbose", is_flag=True,
                        help="Say on stderr which journey model and product names were used, and when a stored "
                             "result is rebuilt.")(f)


def write_output(path: Path, text: str) -> None:
    """Write a report or baseline the user named (``-o FILE``): atomically for a regular
    file, straight through for a FIFO, a device or ``/dev/stdout``; a missing folder is
    an error rather than created on a guess (a typo would hide the report)."""
    from planner.fsutil import atomic_write_text

    try:
        atomic_write_text(path, text, durable=False, parents=False)  # all or nothing; re-run to recover
    except FileNotFoundError as exc:
        if exc.filename and not Path(exc.filename).is_dir():
            raise PlannerError(f"cannot write {path}: folder {exc.filename} does not exist; create it first") from None
        raise PlannerError(f"cannot write {path}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise PlannerError(f"cannot write {path}: {exc.strerror or exc}") from None


def emit(text: str, output: Path | None) -> None:
    """A command's report: to ``-o FILE`` (see :func:`write_output`), else standard output."""
    if output is not None:
        write_output(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def emit_rendered(obj: Any, fmt: str, output: Path | None, *, json: Callable[[Any, TextIO], None],
                  csv: Callable[[Any, TextIO], None], table: Callable[[Any, TextIO, bool], None]) -> None:
    """Render ``obj`` as json, csv or a table (coloured only on a terminal) and :func:`emit` it."""
    buf = io.StringIO()
    if fmt == "json":
        json(obj, buf)
    elif fmt == "csv":
        csv(obj, buf)
    else:
        table(obj, buf, output is None and use_color(sys.stdout))
    emit(buf.getvalue(), output)


def prepare_estate(config: Config, paths: tuple[str, ...] = (), files: list[Path] | None = None,
                   cached: bool = True) -> None:
    """Resolve the estate's view for this run (product names, the team model) before
    anything is analysed or cached; a team model that cannot be used is exit 2. The
    estate is the configured content folders (so one file linted alone is read as
    part of its estate), else the PATHs given. ``files``: the run's discovered files,
    reused when the run is over the configured folders (no second walk). ``cached``
    False (``--no-cache``): inferred names are neither read from nor kept in the cache
    folder."""
    from planner.journey.estate import prepare
    from planner.journey.teammodel import TeamModelError

    if config.estate is not None:
        return

    def estate_files():
        from planner.discovery import discover

        if files is not None and not paths:
            return files
        configured = [p for p in content_paths(config, ()) if p.exists()]
        targets = configured or [p for p in content_paths(config, paths) if p.exists()]
        return discover(targets, config)[0] if targets else []

    try:
        prepare(config, files=_Lazy(estate_files), cached=cached)
    except TeamModelError as exc:
        raise PlannerError(str(exc)) from None


class _Lazy:
    """An iterable computed on first iteration (files are walked only when names must be inferred)."""

    def __init__(self, make) -> None:
        self.make = make

    def __iter__(self):
        return iter(self.make())


def shown_path(path: Path) -> str:
    """``path`` as the user would type it: relative to the working directory when it is
    below it, else as it is."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def content_paths(config: Config, paths: tuple[str, ...]) -> list[Path]:
    """PATHs from the command line, else the configured content folders."""
    if paths:
        return [Path(p) for p in paths]
    return [(config.root / p) for p in config["content"]["paths"]]


def forced_exclusion(config, flag: bool | None) -> bool:
    """``--force-exclude`` / ``--no-force-exclude`` if given, else ``content.force_exclude``
    (shared by ``lint`` and its standard-input path)."""
    return bool(config["content"].get("force_exclude", False)) if flag is None else flag
