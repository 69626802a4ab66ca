"""The `planner` command. Each sub-command lives in its own module of this package."""
from __future__ import annotations

import importlib
import io
import os
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

import click

from planner import __version__
from planner.config import Config, ConfigError
from planner.config_checks import load_checked_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# sub-command modules, imported by main() so each can register on the group
COMMANDS = ("lint", "docs", "new", "coverage", "tone", "site", "init", "train", "trend")


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


def get_config(ctx: click.Context) -> Config:
    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        try:
            obj["config"] = load_checked_config(Path.cwd(), obj.get("config_path"))
        except ConfigError as exc:
            raise PlannerError(str(exc)) from None
    return obj["config"]


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


def prepare_estate(config: Config, paths: tuple[str, ...] = (), files: list[Path] | None = None) -> None:
    """Resolve the estate's view for this run (product names, the team model) before
    anything is analysed or cached; a team model that cannot be used is exit 2. The
    estate is the configured content folders (so one file linted alone is read as
    part of its estate), else the PATHs given. ``files``: the run's discovered files,
    reused when the run is over the configured folders (no second walk)."""
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
        prepare(config, files=_Lazy(estate_files))
    except TeamModelError as exc:
        raise PlannerError(str(exc)) from None


class _Lazy:
    """An iterable computed on first iteration (files are walked only when names must be inferred)."""

    def __init__(self, make) -> None:
        self.make = make

    def __iter__(self):
        return iter(self.make())


def content_paths(config: Config, paths: tuple[str, ...]) -> list[Path]:
    """PATHs from the command line, else the configured content folders."""
    if paths:
        return [Path(p) for p in paths]
    return [(config.root / p) for p in config["content"]["paths"]]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="planner")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this planner.yml instead of searching upward from the working directory.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """Journey-aware content planner: lint Markdown content tagged with a buyer or
    customer journey stage, map its coverage, and publish an audit site.

    \b
    Start here:
      planner lint                 check every document in the content folder
      planner lint post.md -v      one file, with the why behind each finding
      planner coverage             stages x roles: where the journey is thin
      planner plan                 what to write or fix next, in order
      planner build                the audit site, in ./public
      planner explain phase-mismatch

    Exit codes: 0 clean, 1 findings at or above --fail-on (or coverage under
    --fail-under), 2 usage or configuration error, 130 interrupted.
    """
    ctx.ensure_object(dict)["config_path"] = config_path


def _load_commands() -> None:
    """Import each command module: importing one registers its command on the group."""
    for name in COMMANDS:
        importlib.import_module(f"planner.cli.{name}")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _one_line(message: str) -> None:
    try:
        click.echo(f"planner: {message}", err=True)
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every way out is one line on stderr and a documented exit
    code (docs/guarantees.md): 0/1 from the command, 2 usage, configuration or I/O error, 130
    Ctrl-C. Never a traceback, unless PLANNER_DEBUG=1 asks for one."""
    try:
        _load_commands()
        # make_context/invoke rather than cli.main: click's main prints a stray blank
        # line on Ctrl-C and turns a closed pipe into exit 1
        instruction = os.environ.get("_PLANNER_COMPLETE")
        if instruction and argv is None:  # shell completion, as click's own main() offers it
            from click.shell_completion import shell_complete

            sys.exit(shell_complete(cli, {}, "planner", "_PLANNER_COMPLETE", instruction))
        args = list(sys.argv[1:] if argv is None else argv)
        with cli.make_context("planner", args) as ctx:
            rv = cli.invoke(ctx)
        sys.stdout.flush()
        code = rv if isinstance(rv, int) else EXIT_OK
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # bare `planner`: show the help
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_OK)
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        _one_line(f"error: {exc.format_message()}{hint}")
        code = EXIT_USAGE
    except PlannerError as exc:
        exc.show()
        code = EXIT_USAGE
    except click.ClickException as exc:
        _one_line(f"error: {exc.format_message()}")
        code = EXIT_USAGE
    except (click.Abort, KeyboardInterrupt):
        _one_line("interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # `planner lint | head`: the reader left; say nothing and do not trace back
        _quiet_stdout()
        code = EXIT_OK
    except OSError as exc:  # disk full, permission denied on --output, ...
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        _one_line(f"error: {where}{exc.strerror or exc}")
        code = EXIT_USAGE
    except Exception as exc:  # a bug: still one line, with a way to get the details
        if _caused_by_ctrl_c(exc):  # Python wraps Ctrl-C in some imports (a RuntimeError from __set_name__)
            _one_line("interrupted")
            code = EXIT_INTERRUPTED
        else:
            if os.environ.get("PLANNER_DEBUG"):
                raise
            _one_line(f"internal error: {type(exc).__name__}: {exc} (set PLANNER_DEBUG=1 for the traceback, and please report it)")
            code = EXIT_USAGE
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _quiet_stdout()
    except OSError:
        pass
    if argv is None:  # the real process, not a caller in the same one (tests)
        _hard_exit(code)
    sys.exit(code)


def _caused_by_ctrl_c(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _hard_exit(code: int) -> None:
    """Leave without the interpreter's teardown. Everything is written and closed by
    now; the teardown would only free a large run's objects one by one (10^6 of them
    after a warm run over 10,000 documents: ~0.15 s), as mypy also avoids."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
