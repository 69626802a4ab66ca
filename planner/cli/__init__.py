"""The `planner` command. Each sub-command lives in its own module of this package."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from planner import __version__
from planner.config import Config, ConfigError, load_config

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# sub-command modules, imported by main() so each can register on the group
COMMANDS = ("lint", "docs", "new", "coverage", "tone", "site", "init")


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
            obj["config"] = load_config(Path.cwd(), obj.get("config_path"))
        except ConfigError as exc:
            raise PlannerError(str(exc)) from None
    return obj["config"]


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
    for name in COMMANDS:
        try:
            importlib.import_module(f"planner.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"planner.cli.{name}":
                raise


def main(argv: list[str] | None = None) -> None:
    """Console entry point: uniform handling of Ctrl-C and closed pipes."""
    _load_commands()
    try:
        rv = cli.main(args=argv, prog_name="planner", standalone_mode=False)
        sys.stdout.flush()
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code if isinstance(exc, PlannerError) else EXIT_USAGE)
    except click.Abort:
        click.echo("planner: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("planner: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `planner lint | head`: the reader left; say nothing and do not trace back
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        sys.exit(EXIT_OK)
