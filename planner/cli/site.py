"""`planner build` / `planner serve`: the audit site from the nearest mkdocs.yml.

`planner build` writes the generated pages into a build folder and runs a builder on it
(planner.site.build); `planner serve` is `mkdocs serve` with the planner plugin."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import click

from planner.cli.common import EXIT_OK, PlannerError, shown_path

MKDOCS_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_mkdocs_yml(start: Path) -> Path | None:
    """The nearest mkdocs.yml at or above ``start`` (the nearest name, even when it is not
    a readable file: a folder or a broken link there is reported, not skipped for one
    further up)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        found = [folder / name for name in MKDOCS_NAMES if os.path.lexists(folder / name)]
        if found:
            return next((p for p in found if p.is_file()), found[0])
    return None


def _config_file(explicit: Path | None) -> Path:
    path = explicit or find_mkdocs_yml(Path.cwd())
    if path is None:
        raise PlannerError("no mkdocs.yml here or above; `planner init` writes one for a content repository")
    if not path.is_file():
        why = ("is a folder, not a file" if path.is_dir() else
               "is a broken symbolic link or a link loop" if path.is_symlink() else "no such file")
        raise PlannerError(f"{path}: {why}")
    return path


def _planner_yml(ctx: click.Context) -> Path | None:
    """The planner.yml named by ``--config`` (before or after the command), absolute."""
    explicit = (ctx.find_root().obj or {}).get("config_path")
    return Path(explicit).resolve() if explicit else None


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


@click.command("build")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The mkdocs.yml to use, as `mkdocs build -f` (default: the nearest one at or above the "
                   "working directory). planner.yml is --config.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write the site here instead of mkdocs.yml's site_dir (MkDocs' default: site), as `mkdocs build -d`. "
                   "Only a missing or empty folder, or one planner built, is ever cleared.")
@click.option("-b", "--builder", type=click.Choice(["mkdocs", "zensical"]), default=None,
              help="What turns the build folder into the site (default: the plugin's `builder` option, else mkdocs).")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Where to write the generated pages (default .planner-cache/site next to mkdocs.yml).")
@click.option("--pages-only", is_flag=True, help="Write the build folder and stop: build it with any MkDocs-compatible builder.")
@click.option("-s", "--strict", is_flag=True, help="Fail on builder warnings (as `mkdocs build --strict`).")
@click.option("-v", "--verbose", is_flag=True, help="Show the builder's progress messages and the time of each step.")
@click.pass_context
def build_cmd(ctx: click.Context, config_file: Path | None, site_dir: Path | None, builder: str | None,
              build_dir: Path | None, pages_only: bool, strict: bool, verbose: bool) -> None:
    """Build the audit site: write every generated page as Markdown into a build folder,
    then build it with MkDocs + Material (default) or Zensical.

    \b
    Examples:
      planner build                       writes ./public with MkDocs + Material
      planner build --builder zensical    the same pages, built by Zensical
      planner build --pages-only          only the build folder: build it yourself with
                                          mkdocs build -f .planner-cache/site/mkdocs.yml
      planner serve                       preview at http://127.0.0.1:8000, rebuilt on every change
    """
    from planner.site.build import BuildError, build_site

    path = _config_file(config_file)
    _logging(verbose)
    t0 = time.perf_counter()
    try:
        built = build_site(path, builder=builder, build_dir=build_dir.resolve() if build_dir else None,
                           site_dir=site_dir.resolve() if site_dir else None, strict=strict, write_only=pages_only,
                           planner_yml=_planner_yml(ctx))
    except BuildError as exc:
        raise PlannerError(str(exc)) from None
    except OSError as exc:
        raise PlannerError(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}") from None
    if verbose:
        click.echo("planner: audit and pages {generate:.1f}s, build folder {write:.1f}s, builder {builder:.1f}s".format(**built.seconds),
                   err=True)
    folder = shown_path(built.build_dir)
    if pages_only:
        click.echo(f"Build folder written in {folder}/ ({built.pages} generated pages) in {time.perf_counter() - t0:.1f}s.\n"
                   f"Build it with `mkdocs build -f {folder}/mkdocs.yml` or `zensical build -f {folder}/mkdocs.yml`.")
        ctx.exit(EXIT_OK)
    n, size = _size(built.site_dir)
    shown = shown_path(built.site_dir)
    click.echo(f"Audit site built in {shown}/ with {built.builder} in {time.perf_counter() - t0:.1f}s ({n} files, {size / 1e6:.1f} MB).\n"
               f"Preview it with `planner serve` (http://127.0.0.1:8000), or serve the folder: python3 -m http.server -d {shown}")
    ctx.exit(EXIT_OK)


@click.command("serve")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The mkdocs.yml to use, as `mkdocs build -f` (default: the nearest one at or above the "
                   "working directory). planner.yml is --config.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_context
def serve_cmd(ctx: click.Context, config_file: Path | None, dev_addr: str, open_browser: bool) -> None:
    """Serve the audit site locally, rebuilding when content, planner.yml or the site's
    own pages change (same as `mkdocs serve` with the planner plugin)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, MkDocsException

    from planner.site.plugin import use_planner_yml

    path = _config_file(config_file)
    use_planner_yml(_planner_yml(ctx))
    _logging(True)
    try:
        serve(config_file=str(path), dev_addr=dev_addr, open_in_browser=open_browser)
    except Abort as exc:  # MkDocs logged why above (stderr), as `planner build` says
        raise PlannerError(f"{path}: {str(exc).rstrip('!')} (MkDocs' messages above say why)") from None
    except (MkDocsException, OSError) as exc:
        raise PlannerError(str(exc) or exc.__class__.__name__) from None
    finally:
        use_planner_yml(None)
