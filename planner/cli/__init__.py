"""The `planner` command: the group, its commands (one module each) and the entry point
that turns every way out into one line and a documented exit code."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from planner import __version__, env_flag
from planner.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, ConfigFile, PlannerError, SuggestingGroup
from planner.interrupts import interrupted


# Each command's module, imported when that command runs (or when help lists them): a
# start-up of `planner lint` does not pay for the site, training or trend modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("planner.cli.site", "build_cmd"),
    "coverage": ("planner.cli.coverage", "coverage_cmd"),
    "explain": ("planner.cli.docs", "explain"),
    "init": ("planner.cli.init", "init"),
    "lint": ("planner.cli.lint", "lint"),
    "new": ("planner.cli.new", "new"),
    "plan": ("planner.cli.coverage", "plan_cmd"),
    "rules": ("planner.cli.docs", "rules_cmd"),
    "schema": ("planner.cli.docs", "schema_cmd"),
    "serve": ("planner.cli.site", "serve_cmd"),
    "daemon": ("planner.cli.daemon", "daemon_group"),
    "tone": ("planner.cli.tone", "tone_cmd"),
    "train": ("planner.cli.train", "train"),
    "trend": ("planner.cli.trend", "trend_cmd"),
}


class CommandTable(SuggestingGroup):
    """The group's commands from :data:`COMMANDS`, each module imported on first use
    (inside :func:`main`'s error handling, so a Ctrl-C while importing is the same one
    line as later); a typo gets the command meant."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, attr = spec
        return with_global_options(getattr(importlib.import_module(module), attr), cmd_name)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"planner, version {__version__}")
        ctx.exit(EXIT_OK)


def _set_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["config_path"] = value


# Each command's exit codes, at the foot of its --help (docs/cli.md lists the same).
_ERROR_EXITS = "2 usage, configuration or I/O error, 130 interrupted."
EXIT_CODES: dict[str, str] = {
    "lint": "0 no finding at or above --fail-on (and --update-baseline), 1 findings at or above it, " + _ERROR_EXITS,
    "coverage": "0 done, 1 the score is under --fail-under, " + _ERROR_EXITS,
    "build": "0 built, " + _ERROR_EXITS + " With --strict a builder warning is exit 2.",
    "daemon status": "0 a daemon runs, 1 none runs, " + _ERROR_EXITS,
    "new": "0 the draft was written, " + _ERROR_EXITS,
    "train": "0 the model was written, " + _ERROR_EXITS + " Too few tagged pages to learn from is exit 2.",
}
_CONFIG_HELP = "Use this planner.yml instead of searching upward from the working directory."
_NO_DAEMON_HELP = "Run here even if a planner daemon runs for this project (planner daemon start)."


def with_global_options(cmd: click.Command, name: str) -> click.Command:
    """``cmd`` (and a group's subcommands) also accepting planner's own options after
    the command name, as ruff and Vale users write them: ``planner lint --no-daemon``
    is ``planner --no-daemon lint``; its exit codes at the foot of its --help. ``name``:
    the command as typed after ``planner`` ("daemon status"). Once per command object."""
    if getattr(cmd, "_planner_globals", False):
        return cmd
    from planner.daemon.client import SERVED

    names = {opt for p in cmd.params for opt in getattr(p, "opts", [])}
    # accepted everywhere, as before the command; listed in --help where they matter
    if "--config" not in names:
        cmd.params.append(click.Option(["--config", "config_path"], type=ConfigFile(),
                                       expose_value=False, callback=_set_config, is_eager=True, help=_CONFIG_HELP,
                                       hidden=name == "init"))
    if "--no-daemon" not in names:  # read before the command line is parsed (planner.daemon.client)
        cmd.params.append(click.Option(["--no-daemon"], is_flag=True, expose_value=False, help=_NO_DAEMON_HELP,
                                       hidden=name not in SERVED))
    if cmd.epilog is None:
        cmd.epilog = "Exit codes: " + EXIT_CODES.get(name, "0 done, " + _ERROR_EXITS)
    if "--version" not in names:  # `planner lint --version` answers as `planner --version` does
        cmd.params.append(click.Option(["--version"], is_flag=True, expose_value=False, is_eager=True,
                                       callback=_show_version, hidden=True))
    cmd._planner_globals = True  # type: ignore[attr-defined]
    for sub_name, sub in getattr(cmd, "commands", {}).items():
        with_global_options(sub, f"{name} {sub_name}")
    return cmd


@click.group(cls=CommandTable, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="planner")
@click.option("--config", "config_path", type=ConfigFile(), help=_CONFIG_HELP)
@click.option("--no-daemon", is_flag=True, help=_NO_DAEMON_HELP)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, no_daemon: bool) -> None:
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
    --fail-under), 2 usage, configuration or I/O error, 130 interrupted; each
    command's --help ends with its own. The options below also go after the
    command (planner lint --config team.yml). Reference: docs/cli.md.
    """
    ctx.ensure_object(dict)["config_path"] = config_path


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
        if isinstance(exc, click.NoSuchOption) and exc.option_name in ("-q", "--quiet"):  # ruff's and markdownlint's
            hint = ("; planner has no quiet mode: standard output holds only the report and warnings go to "
                    "standard error (2>/dev/null silences them; the exit code still tells)")
        message = exc.format_message().rstrip(".") if hint.startswith(";") else exc.format_message()
        _one_line(f"error: {message}{hint}")
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
            if env_flag("PLANNER_DEBUG"):
                raise
            _one_line(f"internal error: {type(exc).__name__}: {exc} (set PLANNER_DEBUG=1 for the traceback, and please report it)")
            code = EXIT_USAGE
    if interrupted() and code != EXIT_INTERRUPTED:  # Ctrl-C came, but a finaliser swallowed it
        _one_line("interrupted")
        code = EXIT_INTERRUPTED
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
