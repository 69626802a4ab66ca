"""`planner build`: the audit site as a build folder any MkDocs-compatible builder turns
into the site, and the builders that do it.

The build folder (default ``.planner-cache/site`` next to mkdocs.yml) holds:

- ``docs/``: the hand-written pages (a copy of mkdocs.yml's ``docs_dir``) and every
  generated page as Markdown, with the assets, the downloads and the search index;
- ``mkdocs.yml``: the user's configuration with ``docs_dir: docs``, ``site_dir: site``,
  the generated navigation and the planner's stylesheet and script added, the planner
  plugin taken out (the pages are already there), relative paths made absolute.

``mkdocs build -f <folder>/mkdocs.yml`` or ``zensical build -f <folder>/mkdocs.yml``
builds it; `planner build` does that and moves the result to mkdocs.yml's ``site_dir``.
The folder is written for one builder: links in the generated HTML are relative to the
page's URL for MkDocs, to the Markdown file for Zensical (which rewrites them).
"""
from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.site import mkconfig, sitedir
from planner.site.generate import CSS_URI, JS_URI, SiteSources, generate, site_audit

BUILDERS = ("mkdocs", "zensical")
DEFAULT_BUILD_DIR = ".planner-cache/site"
_STAMP = ".planner-build"  # marks a folder planner may empty
PLUGIN_DEFAULTS = {"config_file": None, "paths": [], "nav": True, "group_size": 100, "nav_documents_max": 300,
                   "builder": "mkdocs", "build_dir": DEFAULT_BUILD_DIR, "trend": True}


class BuildError(Exception):
    """A clear, one-line reason the site could not be built."""


@dataclass
class Built:
    site_dir: Path
    build_dir: Path
    builder: str
    pages: int
    seconds: dict[str, float]  # audit + generation ("generate"), writing the folder ("write"), the builder ("builder")


def load_planner_config(root: Path, config_file: str | None, explicit: Path | None = None) -> Any:
    """The planner.yml for the site of the mkdocs.yml in ``root``: ``explicit`` (the
    command line's ``--config``), else the plugin's ``config_file``, else the nearest."""
    import logging

    from planner.config_checks import load_checked_config

    config = load_checked_config(root, explicit or ((root / config_file) if config_file else None))
    for note in config.notes:  # e.g. a configured journey.model that does not exist
        logging.getLogger("mkdocs.plugins.planner").warning(note)
    return config


def content_paths(pconfig: Any, root: Path, paths: list[str]) -> list[Path]:
    """The content folders: the plugin's ``paths`` (relative to mkdocs.yml), else planner.yml's.
    mkdocs.yml comes from the repository, as planner.yml does: its folders must lie in it."""
    if not paths:
        return [pconfig.root / p for p in pconfig["content"]["paths"]]
    from planner.config import ConfigError
    from planner.discovery import repository_of
    from planner.fsutil import within

    area = os.path.realpath(repository_of(root))
    for p in paths:
        if not within(os.path.join(root, str(p)), area):
            raise ConfigError(f"mkdocs.yml: the planner plugin's paths entry {str(p)!r} is outside the repository "
                              f"({area}): mkdocs.yml may only name folders inside it")
    return [root / p for p in paths]


def edit_base(repo_url: str | None, edit_uri: str | None, root: Path, docs_dir: Path) -> str | None:
    """The URL prefix of a source file's edit page, from repo_url and edit_uri (which name
    the docs folder: `edit/main/site/`); None unless both are set and that holds."""
    if not repo_url or not edit_uri:
        return None
    from planner import gitutil

    top = gitutil.toplevel(root) or root
    try:
        docs_rel = docs_dir.resolve().relative_to(top.resolve()).as_posix()
        root_rel = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    uri = edit_uri.rstrip("/")
    if not uri.endswith(docs_rel):
        return None
    base = uri[: len(uri) - len(docs_rel)]
    base = base if "://" in base else repo_url.rstrip("/") + "/" + base.lstrip("/")
    return base.rstrip("/") + ("/" + root_rel if root_rel not in ("", ".") else "")


def generate_for(pconfig: Any, paths: list[Path], root: Path, trend: bool = True, **kw: Any) -> SiteSources:
    """Audit ``paths`` and generate the site (the one path both the plugin and `planner build` take);
    ``trend``: with the history's page and deltas when ``root`` is in a git repository."""
    from planner import gitutil
    from planner.site.generate import log, open_store
    from planner.site.trend_page import history

    from planner.journey.estate import prepare
    from planner.discovery import discover

    existing = [p for p in paths if p.exists()]
    prepare(pconfig, files=discover(existing, pconfig)[0])  # names and team model: part of the store's digest
    store = open_store(pconfig)
    audit = site_audit(existing, pconfig, root, store)
    # the same store: the history's files that did not change are the audit's
    past = history(pconfig, paths, root, store, warn=log.warning) if trend else None
    built_from: dict[str, Any] | None = gitutil.head(root)
    if built_from:
        # the audit reads the working tree: say so when it is not the commit
        watched = existing + ([pconfig.path] if getattr(pconfig, "path", None) else [])
        built_from["uncommitted"] = gitutil.uncommitted(root, watched)
    return generate(audit, built_from=built_from, trend=past, **kw)


def plugin_options(mk: dict[str, Any], where: str = "mkdocs.yml") -> dict[str, Any] | None:
    """The planner plugin's options in mkdocs.yml (defaults filled in), or None without it;
    checked as the plugin checks them (a wrong one is a BuildError naming it)."""
    for name, opts in mkconfig.plugin_entries(mk):
        if name == "planner":
            from planner.site.plugin_options import PlannerPluginConfig

            checked = PlannerPluginConfig()
            checked.load_dict(dict(opts or {}))
            errors, _warnings = checked.validate()
            if errors:
                key, err = errors[0]
                raise BuildError(f"{where}: plugins: planner: {key}: {err}")
            return {**PLUGIN_DEFAULTS, **(opts or {})}
    return None


def _absolute(value: Any, root: Path) -> Any:
    if isinstance(value, str) and value and not os.path.isabs(value):
        return str((root / value).resolve())
    return value


def folder_config(mk: dict[str, Any], root: Path, sources: SiteSources, opts: dict[str, Any]) -> dict[str, Any]:
    """The build folder's mkdocs.yml (see the module docstring)."""
    cfg = dict(mk)
    cfg["docs_dir"], cfg["site_dir"] = "docs", "site"
    if "plugins" in mk:
        cfg["plugins"] = mkconfig.with_search_separator(mkconfig.without_plugin(mk, "planner"))
    else:  # MkDocs' default plugins: search alone
        cfg["plugins"] = mkconfig.with_search_separator(["search"])
    if opts.get("nav", True) and not mk.get("nav"):
        cfg["nav"] = sources.nav
        if sources.omitted_from_nav:
            cfg["validation"] = {**(mk.get("validation") or {}), "nav": {"omitted_files": "info"}}
    cfg["extra_css"] = [*(mk.get("extra_css") or []), CSS_URI]
    cfg["extra_javascript"] = [*(mk.get("extra_javascript") or []), JS_URI]
    exts = mkconfig.extension_list(mk.get("markdown_extensions"))
    names = mkconfig.extension_names(exts)
    cfg["markdown_extensions"] = exts + [e for e in ("toc", "attr_list") if e not in names]
    # a generated page's "edit" button would point into the build folder: the document
    # pages link their source file themselves (and `planner build` restores MkDocs' links)
    if mk.get("edit_uri") or mk.get("repo_url"):
        cfg["edit_uri"] = ""
    theme = mk.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        cfg["theme"] = {**theme, "custom_dir": _absolute(theme["custom_dir"], root)}
    if isinstance(mk.get("hooks"), list):
        cfg["hooks"] = [_absolute(h, root) for h in mk["hooks"]]
    if isinstance(mk.get("watch"), list):
        cfg["watch"] = [_absolute(w, root) for w in mk["watch"]]
    return mkconfig.config_dir_relative(cfg, root)  # INHERIT is already merged in (mkconfig.load)


def check_build_folder(folder: Path, docs_dir: Path, content: list[Path], roots: list[Path]) -> None:
    """Refuse a build folder planner may not empty: one it did not make (no stamp) that
    is not empty, or one inside the hand-written pages or a content folder (other than
    the repository's own folder)."""
    for what, src in (("docs_dir", docs_dir), *(("the content folder", c) for c in content if c not in roots)):
        if folder == src or folder.is_relative_to(src):
            raise BuildError(f"the build folder {folder} is inside {what} {src}: choose another --build-dir")
    if folder.is_file():
        raise BuildError(f"the build folder {folder} is a file: choose another --build-dir")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / _STAMP).is_file():
        raise BuildError(f"{folder} exists and is not a planner build folder: choose another --build-dir")


def _prepare(folder: Path) -> None:
    """An empty build folder (check_build_folder ran first; the stamp is checked again
    here, right before anything is removed)."""
    if folder.is_dir() and any(folder.iterdir()) and not (folder / _STAMP).is_file():
        raise BuildError(f"{folder} exists and is not a planner build folder: choose another --build-dir")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / _STAMP).write_text("planner build folder: rewritten by every `planner build`\n", encoding="utf-8")
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    for sub in ("docs", "site"):
        shutil.rmtree(folder / sub, ignore_errors=True)


def _linked_out(page: Path, docs_dir: Path, config: Any) -> bool:
    """``page`` (under ``docs_dir``) is reached through a link :func:`_copy_pages` leaves out."""
    from planner.discovery import link_verdict

    at = page
    while at != docs_dir and at != at.parent:
        if at.is_symlink() and (link_verdict(at, config) is not None or not at.exists()):
            return True
        at = at.parent
    return False


def _copy_pages(src: Path, dst: Path, config: Any) -> None:
    """Copy the hand-written pages into the build folder, following a symlink only as
    ``content.follow_symlinks`` follows one in the content (by default: to a target
    inside the repository). A link a pull request committed (``site/env.txt ->
    /proc/self/environ``, ``site/keys -> ~/.ssh``) is left out, with a warning: MkDocs
    publishes every file of docs_dir. Loops are walked once; a FIFO or device is never
    opened."""
    import logging

    from planner.discovery import link_verdict
    from planner.fsutil import under

    warn = logging.getLogger("mkdocs.plugins.planner").warning
    seen = {os.path.realpath(src)}

    def ignore(folder: str, names: list[str]) -> set[str]:
        left_out = set()
        here = os.path.realpath(folder)
        for name in names:
            full = os.path.join(folder, name)
            if os.path.islink(full):
                why = link_verdict(Path(full), config) if config is not None else None
                if why is not None or not os.path.exists(full):
                    left_out.add(name)
                    warn("%s: %s; not published in the site", full, why or "a broken symbolic link")
                    continue
                real = os.path.realpath(full)
                if os.path.isdir(real):
                    if real in seen or under(here, real):
                        left_out.add(name)  # a loop, or a folder already copied through another link
                        continue
                    seen.add(real)
            elif not (os.path.isdir(full) or os.path.isfile(full)):
                left_out.add(name)
        return left_out

    shutil.copytree(src, dst, symlinks=False, ignore=ignore)


def write_folder(folder: Path, mk: dict[str, Any], root: Path, sources: SiteSources, opts: dict[str, Any]) -> Path:
    """Write the build folder; returns its mkdocs.yml."""
    from planner.site.markdown import page_markdown

    _prepare(folder)
    docs = folder / "docs"
    src_docs = (root / str(mk.get("docs_dir") or "docs")).resolve()
    if src_docs.is_dir():
        _copy_pages(src_docs, docs, sources.ctx.config if sources.ctx is not None else None)
    else:
        docs.mkdir(parents=True)
    made: set[Path] = set()

    def put(uri: str, data: bytes) -> None:
        target = docs / uri
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)

    for page in sources.pages:
        put(page.src_uri, page_markdown(page).encode("utf-8"))
    for uri, data in sources.files.items():
        put(uri, data)
    config = folder / "mkdocs.yml"
    config.write_text("# Written by `planner build` from ../" + "mkdocs.yml; rewritten on every build.\n"
                      + mkconfig.dump(folder_config(mk, root, sources, opts)), encoding="utf-8")
    return config


def run_mkdocs(config: Path, site_dir: Path, strict: bool, edit_urls: dict[str, str | None],
               source: Path | None = None) -> None:
    """MkDocs in this process, with the fast path for generated pages; ``source``: the
    user's mkdocs.yml the folder's was derived from, named when MkDocs refuses a setting."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from planner.site.pages_plugin import GeneratedPages

    try:
        cfg = load_config(config_file=str(config), strict=strict or None, site_dir=str(site_dir))
        cfg.plugins["planner-pages"] = GeneratedPages(edit_urls)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except Abort as exc:  # MkDocs logged why above (stderr): each refused setting, or strict mode's warnings
        raise BuildError(f"{source or config}: {str(exc).rstrip('!')} (MkDocs' messages above say why)") from None
    except (MkDocsException, OSError) as exc:
        raise BuildError(str(exc) or exc.__class__.__name__) from None


def run_zensical(config: Path, site_dir: Path, strict: bool) -> None:
    """Zensical in a child process; its site is built inside the build folder (Zensical
    keeps site_dir under the configuration's folder) and moved into place."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise BuildError("the zensical builder is not installed: pip install zensical") from None
    cmd = [sys.executable, "-m", "zensical", "build", "-f", str(config)] + (["--strict"] if strict else [])
    r = subprocess.run(cmd, cwd=config.parent, capture_output=True, text=True)
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()[-5:]
        raise BuildError("zensical build failed: " + " / ".join(tail))
    built = config.parent / "site"
    if not (built / "index.html").is_file():
        raise BuildError(f"zensical build wrote no index.html in {built}")
    replace_dir(built, site_dir)


def replace_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``, the old one removed only once the new one is in
    place; the old folder's hidden entries (a deploy checkout's ``.git``, the site marker)
    move into the new one, as MkDocs keeps them when it clears ``site_dir``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old-planner")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        for entry in os.listdir(target):
            if entry.startswith(".") and not os.path.lexists(new / entry):
                shutil.move(str(target / entry), str(new / entry))
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:  # another file system: copy
        shutil.copytree(new, target)
        shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def _check_folders(site: Path | None, from_cli: bool, mk: dict[str, Any], folder: Path, root: Path,
                   pconfig: Any, docs_dir: Path, paths: list[Path], folder_from_cli: bool = False) -> None:
    """Before anything is generated: the site and build folders are ones planner may clear
    (planner.site.sitedir), so a build never deletes a user's files; and, when mkdocs.yml
    names them, inside the repository (it comes from the repository: a pull request could
    point `site_dir` or a committed `public` symlink at /var/www or ~/.config)."""
    from planner import gitutil

    content = sorted({p.resolve() for p in [*paths, *content_paths(pconfig, root, [])]})
    docs = docs_dir.resolve()
    tree = next((t.resolve() for t in [gitutil.toplevel(root)] if t), root)
    roots = [root, Path(pconfig.root).resolve(), *([tree] if tree != root else [])]
    for named, path, by_cli in (("the plugin's build_dir", folder, folder_from_cli), ("site_dir", site, from_cli),
                                ("docs_dir", docs, False)):  # MkDocs publishes every file of docs_dir
        if path is not None and not by_cli and not (path == tree or path.is_relative_to(tree)):
            raise BuildError(f"mkdocs.yml {named} leads to {path}, outside the repository ({tree}): mkdocs.yml comes "
                             f"from the repository, so it may only build inside it; to build elsewhere, name the "
                             f"folder on the command line ({'--build-dir' if 'build' in named else '--site-dir'})"
                             if named != "docs_dir" else
                             f"mkdocs.yml docs_dir leads to {path}, outside the repository ({tree}): every file in it "
                             "would be published in the site; keep the hand-written pages inside the repository")
    check_build_folder(folder, docs, content, roots)
    if site is None:
        return
    what = "--site-dir" if from_cli else "site_dir" if mk.get("site_dir") else \
        "site_dir (not set in mkdocs.yml: MkDocs' default `site`)"
    try:
        sitedir.check_overlaps(site, what, docs_dir=docs, content=content, roots=roots, build_folder=folder)
        sitedir.check_clearable(site, what)
    except sitedir.SiteDirError as exc:
        raise BuildError(str(exc)) from None


def build_site(mkdocs_yml: Path, *, builder: str | None = None, build_dir: Path | None = None,
               site_dir: Path | None = None, strict: bool = False, write_only: bool = False,
               planner_yml: Path | None = None) -> Built:
    """Audit, write the build folder, run the builder (unless ``write_only``);
    ``planner_yml``: the configuration named on the command line (``--config``)."""
    from planner.config import ConfigError

    root = mkdocs_yml.resolve().parent
    try:
        mk = mkconfig.load(mkdocs_yml)
    except mkconfig.MkDocsConfigError as exc:
        raise BuildError(str(exc)) from None
    opts = plugin_options(mk, str(mkdocs_yml)) or dict(PLUGIN_DEFAULTS)
    builder = builder or str(opts.get("builder") or "mkdocs")
    if builder not in BUILDERS:
        raise BuildError(f"unknown builder {builder!r}; expected one of: {', '.join(BUILDERS)}")
    folder = (build_dir or root / str(opts.get("build_dir") or DEFAULT_BUILD_DIR)).resolve()
    site = (site_dir or root / str(mk.get("site_dir") or "site")).resolve()
    try:
        pconfig = load_planner_config(root, opts.get("config_file"), planner_yml)
        paths = content_paths(pconfig, root, list(opts.get("paths") or []))
    except ConfigError as exc:
        raise BuildError(str(exc)) from None
    docs_dir = root / str(mk.get("docs_dir") or "docs")
    _check_folders(site if not write_only else None, site_dir is not None, mk, folder, root, pconfig, docs_dir, paths,
                   folder_from_cli=build_dir is not None)
    handwritten = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
                         if not _linked_out(p, docs_dir, pconfig)) if docs_dir.is_dir() else []
    t0 = time.perf_counter()
    edit = edit_base(mk.get("repo_url"), mk.get("edit_uri"), root, docs_dir)
    from planner.journey.teammodel import TeamModelError

    try:
        sources = generate_for(pconfig, paths, root,
                               use_directory_urls=bool(mk.get("use_directory_urls", True)), handwritten=handwritten,
                               group_size=int(opts["group_size"]), nav_documents_max=int(opts["nav_documents_max"]),
                               edit_url=edit, trend=bool(opts.get("trend", True)),
                               # Zensical rewrites relative links in raw HTML as relative to the Markdown file
                               links_relative_to="source" if builder == "zensical" else "page")
    except TeamModelError as exc:  # a corrupt or foreign .planner/model.json: one line, exit 2
        raise BuildError(str(exc)) from None
    t1 = time.perf_counter()
    config = write_folder(folder, mk, root, sources, opts)
    t2 = time.perf_counter()
    if not write_only:
        sitedir.mark(site)  # before the builder: an interrupted build is still recognised as planner's
        if builder == "mkdocs":
            ctx = sources.ctx
            edit_urls: dict[str, str | None] = {p.src_uri: None for p in sources.pages}
            edit_urls.update({ctx.doc_uri(d.relpath): ctx.source_url(d.relpath) for d in ctx.audit.documents})
            if mk.get("repo_url") and mk.get("edit_uri"):  # hand-written pages keep MkDocs' own edit link
                base = posixpath.join(str(mk["repo_url"]), str(mk["edit_uri"])) if "://" not in str(mk["edit_uri"]) else str(mk["edit_uri"])
                edit_urls.update({h: base.rstrip("/") + "/" + h for h in handwritten if h not in edit_urls})
            run_mkdocs(config, site, strict, edit_urls, source=mkdocs_yml)
        else:
            run_zensical(config, site, strict)
    return Built(site, folder, builder, len(sources.pages),
                 {"generate": t1 - t0, "write": t2 - t1, "builder": time.perf_counter() - t2})
