"""The site folder `planner build` writes: which folders it may clear, and its marker.

Building replaces the site folder's contents (MkDocs clears ``site_dir`` before it
builds; the Zensical path swaps the whole folder). So before anything is generated,
`planner build` checks the folder:

- it must not be, hold or sit inside what the build reads: the hand-written pages
  (``docs_dir``), a content folder (unless that is the repository's own folder), the
  build folder; nor be or hold the folder of ``mkdocs.yml`` or ``planner.yml`` or the git
  work tree;
- and it must be one planner may clear: missing, empty (hidden entries aside: neither
  MkDocs nor planner removes them), marked by an earlier `planner build` (the
  :data:`MARKER` file), or a site an earlier version built (before the marker): an
  ``index.html`` beside ``sitemap.xml``, ``404.html`` or ``search/search_index.json``,
  and no Markdown file anywhere.

Anything else is refused with the folder's name and what to do; nothing is deleted.
"""
from __future__ import annotations

import os
from pathlib import Path

MARKER = ".planner-site"
MARKER_TEXT = ("planner audit site: every `planner build` replaces this folder's contents "
               "(hidden files aside). Delete this file and planner will refuse to touch the folder.\n")
_SIGNATURE = "planner audit site:"
_BUILT_SITE_FILES = ("sitemap.xml", "404.html", "search/search_index.json")
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_WALK_LIMIT = 200_000  # entries looked at before a folder counts as not a site


class SiteDirError(Exception):
    """Why a folder cannot be the site folder, in one line."""


def _inside(a: Path, b: Path) -> bool:
    """``a`` is ``b`` or below it (both resolved)."""
    return a == b or a.is_relative_to(b)


def check_overlaps(site: Path, what: str, *, docs_dir: Path | None, content: list[Path],
                   roots: list[Path], build_folder: Path | None) -> None:
    """Refuse a site folder that is, holds or sits inside what the build reads.

    ``what`` names where the folder came from (``mkdocs.yml site_dir`` or ``--site-dir``);
    all paths resolved. ``roots``: the folders of mkdocs.yml and planner.yml and the git
    work tree (the site may sit inside them, never be or hold them)."""
    fix = ("choose another folder for --site-dir" if what.startswith("--") else
           "set site_dir in mkdocs.yml to a folder of its own, such as `site_dir: public` (what planner init writes)")
    for root in roots:
        if _inside(root, site):
            raise SiteDirError(f"{what} {site} {'is' if site == root else 'holds'} the repository folder {root} "
                               f"(mkdocs.yml, planner.yml, .git): building would delete it; {fix}")
    sources = [("docs_dir", docs_dir, "the hand-written pages")] if docs_dir is not None else []
    sources += [("the content folder", c, "the documents") for c in content]
    for name, folder, holds in sources:
        if _inside(folder, site):
            raise SiteDirError(f"{what} {site} {'is' if site == folder else 'holds'} {name} {folder}: "
                               f"building would delete {holds}; {fix}")
        if _inside(site, folder) and folder not in roots:  # a content folder that is the repository may hold the site
            raise SiteDirError(f"{what} {site} is inside {name} {folder}: the site would be written among "
                               f"{holds} it is built from; {fix}")
    if build_folder is not None and (_inside(site, build_folder) or _inside(build_folder, site)):
        raise SiteDirError(f"{what} {site} and the build folder {build_folder} overlap: "
                           f"{fix}, or choose another --build-dir")


def is_marked(site: Path) -> bool:
    """The folder carries the marker an earlier `planner build` wrote."""
    marker = site / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        with marker.open("r", encoding="utf-8", errors="replace") as f:
            return f.read(len(_SIGNATURE)) == _SIGNATURE
    except OSError:
        return False


def _visible(names: list[str]) -> list[str]:
    return [n for n in names if not n.startswith(".")]


def _first_markdown(site: Path) -> str | None:
    """The first Markdown file under ``site`` (hidden folders and links not followed),
    "..." when there are too many entries to look at them all, else None."""
    seen = 0
    for top, dirs, files in os.walk(site):
        dirs[:] = _visible(dirs)
        seen += len(dirs) + len(files)
        found = next((f for f in files if f.lower().endswith(_MARKDOWN)), None)
        if found:
            return (Path(top) / found).relative_to(site).as_posix()
        if seen > _WALK_LIMIT:
            return "..."
    return None


def looks_like_a_built_site(site: Path) -> bool:
    """A site MkDocs (or an earlier planner, before the marker) built: ``index.html`` and
    one of sitemap.xml, 404.html, search/search_index.json at the top, and no Markdown
    source anywhere (a built site holds HTML; a folder of sources holds Markdown)."""
    return _has_site_files(site) and _first_markdown(site) is None


def _has_site_files(site: Path) -> bool:
    return (site / "index.html").is_file() and any((site / f).is_file() for f in _BUILT_SITE_FILES)


def check_clearable(site: Path, what: str) -> None:
    """Refuse a site folder planner may not clear (see the module docstring)."""
    if not os.path.lexists(site):
        return
    if not site.is_dir():
        raise SiteDirError(f"{what} {site} is a file, not a folder: choose another folder")
    try:
        names = _visible(os.listdir(site))
    except OSError as exc:
        raise SiteDirError(f"{what} {site}: cannot list it: {exc.strerror or exc}") from None
    if not names or is_marked(site):
        return
    if _has_site_files(site):
        source = _first_markdown(site)
        if source is None:
            return
        held = f"it looks like a built site but holds Markdown ({source})"
    else:
        held = "it holds " + ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    raise SiteDirError(f"{what} {site} is not a site planner built (no {MARKER} file) and {held}: "
                       f"building replaces the folder's contents, so planner leaves it alone. "
                       f"Choose another folder, or empty it yourself if its contents can go")


def mark(site: Path) -> None:
    """Create the site folder if needed and put the marker in it (before the builder runs,
    so an interrupted build is still recognised next time)."""
    site.mkdir(parents=True, exist_ok=True)
    marker = site / MARKER
    if not is_marked(site):
        if marker.is_symlink():
            marker.unlink()
        marker.write_text(MARKER_TEXT, encoding="utf-8")
