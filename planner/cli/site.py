"""`planner build` / `planner serve`: the audit site, exactly as `mkdocs build` / `mkdocs
serve` with the planner plugin, from the nearest mkdocs.yml."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from planner.cli import EXIT_OK, PlannerError, cli

MKDOCS_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_mkdocs_yml(start: Path) -> Path | None:
    """The nearest mkdocs.yml at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in MKDOCS_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _config_file(explicit: Path | None) -> Path:
    path = explicit or find_mkdocs_yml(Path.cwd())
    if path is None:
        raise PlannerError("no mkdocs.yml here or above; `planner init` writes one for a content repository")
    if not path.is_file():
        raise PlannerError(f"{path}: no such file")
    return path


def _logging(verbose: bool) -> None:
    """MkDocs reports through logging; show warnings (and progress with -v) on stderr."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the MkDocs 2 banner is noise here: the project pins mkdocs<2
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_planner", False) for h in logger.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        h._planner = True  # type: ignore[attr-defined]
        logger.addHandler(h)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


@cli.command("build")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The mkdocs.yml to use (default: the nearest one at or above the working directory).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the site here instead of mkdocs.yml's site_dir (default ./public).")
@click.option("-s", "--strict", is_flag=True, help="Fail on MkDocs warnings (as `mkdocs build --strict`).")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@click.pass_context
def build_cmd(ctx: click.Context, config_file: Path | None, site_dir: Path | None, strict: bool, verbose: bool) -> None:
    """Build the audit site (same as `mkdocs build` with the planner plugin).

    \b
    Examples:
      planner build                  writes ./public
      planner build -d /tmp/audit    somewhere else
      planner serve                  preview at http://127.0.0.1:8000, rebuilt on every change
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = _config_file(config_file)
    _logging(verbose)
    t0 = time.perf_counter()
    overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    try:
        cfg = load_config(config_file=str(path), strict=strict or None, **overrides)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (MkDocsException, OSError) as exc:
        raise PlannerError(str(exc) or exc.__class__.__name__) from None
    out = Path(cfg.site_dir)
    n, size = _size(out)
    shown = os.path.relpath(out) if not os.path.relpath(out).startswith("..") else str(out)
    click.echo(f"Audit site built in {shown}/ in {time.perf_counter() - t0:.1f}s ({n} files, {size / 1e6:.1f} MB).\n"
               f"Preview it with `planner serve` (http://127.0.0.1:8000), or serve the folder: python3 -m http.server -d {shown}")
    ctx.exit(EXIT_OK)


@cli.command("serve")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The mkdocs.yml to use (default: the nearest one at or above the working directory).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
def serve_cmd(config_file: Path | None, dev_addr: str, open_browser: bool) -> None:
    """Serve the audit site locally, rebuilding when content, planner.yml or the site's
    own pages change (same as `mkdocs serve` with the planner plugin)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    path = _config_file(config_file)
    _logging(True)
    try:
        serve(config_file=str(path), dev_addr=dev_addr, open_in_browser=open_browser)
    except (MkDocsException, OSError) as exc:
        raise PlannerError(str(exc) or exc.__class__.__name__) from None
