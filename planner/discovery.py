"""Finding content files: globs, folders that cannot be listed, symlinks, and each
path as text that any output can carry.

Everything here is repository input. A folder that cannot be listed and a symlink that
``content.follow_symlinks`` does not let us follow are still returned by
:func:`discover`, so :func:`planner.loader.load_document` can report each at its path;
a name that is not UTF-8 or holds control characters is shown with visible escapes.
"""
from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from planner.config import Config
from planner.fsutil import tree_of, under, within
from planner.textsafe import visible


def path_matcher(patterns: Iterable[str]) -> Callable[[str], Any]:
    """One compiled test for a list of globs (fnmatchcase's own translation; ``**/x``
    also matches ``x`` at the top), so discovery pays one regex call per file; compiled
    once per list in a run (a run discovers more than once)."""
    return _matcher(tuple(patterns))


@lru_cache(maxsize=8)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], Any]:
    parts = []
    for pat in patterns:
        parts.append(fnmatch.translate(pat))
        if pat.startswith("**/"):
            parts.append(fnmatch.translate(pat[3:]))
    return re.compile("|".join(parts)).match if parts else (lambda rel: None)


def relpath(path: Path, cwd: Path | None = None) -> str:
    """Path relative to the working directory with ``/`` separators (absolute if outside),
    as text any output can carry (see :func:`displayable`): the one name of a file in
    every report, key and page."""
    return displayable(_relpath(path, cwd, os.getcwd()))


def relpaths(paths: Iterable[Path], cwd: Path | None = None) -> list[str]:
    """:func:`relpath` of each path, the working directory asked once (a system call)."""
    here = os.getcwd()
    return [displayable(_relpath(p, cwd, here)) for p in paths]


def _relpath(path: Path, cwd: Path | None, here: str) -> str:
    # the common cases (a clean path under the working directory) without
    # os.path.relpath's two abspath calls: a large estate has tens of thousands of files
    if ".." not in path.parts and (cwd is None or str(cwd) == here):
        if not path.is_absolute():
            return path.as_posix()
        here = here.rstrip(os.sep) + os.sep
        text = str(path)
        if text.startswith(here):
            return text[len(here):].replace(os.sep, "/")
    cwd = cwd or Path.cwd()
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path.as_posix()
    return Path(rel).as_posix()


# Folders planner writes; never content, whatever content.paths and content.exclude say
# (with `paths: ["."]` the audit site's build copies would otherwise be linted as pages).
OWN_FOLDERS = frozenset({".planner-cache", ".planner"})


def discover(paths: list[Path], config: Config) -> tuple[list[Path], list[str]]:
    """Content files under ``paths`` (files named explicitly are always taken), sorted,
    de-duplicated, and the problems met (missing paths) as messages.

    Paths that cannot be content are still returned when a user must hear about them,
    and :func:`load_document` turns each into a finding: a folder that cannot be listed
    (its documents would vanish from the audit unnoticed) and a symlink that
    ``content.follow_symlinks`` does not let us follow."""
    include = path_matcher(config["content"]["include"])
    exclude = path_matcher(config["content"]["exclude"])
    found: dict[str, tuple[str, Path, bool]] = {}  # normalised absolute path -> (sort key, path, reached through a folder link)
    problems: list[str] = []
    cwd = os.getcwd()
    linked = False
    for root in paths:
        root_abs = os.path.normpath(os.path.join(cwd, root))
        if root.is_symlink() and root.is_dir() and link_verdict(root, config) is not None:
            found.setdefault(os.path.normcase(root_abs), (root.as_posix(), root, False))  # reported, not walked
            continue
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            found.setdefault(os.path.normcase(root_abs), (root.as_posix(), root, False))
            continue
        if not root.is_dir():
            problems.append(f"{root}: no such file or folder")
            continue
        unreadable: list[OSError] = []
        through_link = {os.fspath(root): False}
        seen = {os.path.realpath(root)}  # folder links already followed: a loop is walked once
        # links are judged one by one below (os.walk would follow every one, or none)
        for folder, dirs, files in walk(os.fspath(root), onerror=unreadable.append):
            inner = os.path.relpath(folder, root)
            prefix = "" if inner == os.curdir else inner.replace(os.sep, "/") + "/"
            folder_path, folder_abs = Path(folder), os.path.join(root_abs, inner)
            via = through_link.pop(folder, False)
            keep = []
            for name in sorted(dirs):
                if name in OWN_FOLDERS:
                    continue  # planner's own state (the store, the site's build copies, the team model)
                full = os.path.join(folder, name)
                is_link = os.path.islink(full)
                if is_link:
                    if exclude(prefix + name + "/"):
                        continue
                    if link_verdict(Path(full), config) is not None:
                        found.setdefault(os.path.normcase(os.path.join(folder_abs, name)), (Path(full).as_posix(), Path(full), via))
                        continue
                    real, here = os.path.realpath(full), os.path.realpath(folder)
                    if real in seen or under(here, real):
                        continue  # a loop, or a folder already walked through another link
                    seen.add(real)
                    linked = True
                through_link[full] = via or is_link
                keep.append(name)
            dirs[:] = keep
            for name in sorted(files):
                rel = prefix + name
                if include(rel) and not exclude(rel):
                    full = folder_path / name
                    found.setdefault(os.path.normcase(os.path.normpath(os.path.join(folder_abs, name))),
                                     (full.as_posix(), full, via))
        for err in unreadable:
            bad = Path(err.filename) if err.filename else root
            inner = os.path.relpath(bad, root)
            if inner != os.curdir and exclude(inner.replace(os.sep, "/") + "/"):
                continue
            found.setdefault(os.path.normcase(os.path.normpath(os.path.join(root_abs, inner))), (bad.as_posix(), bad, False))
    entries = sorted(found.values(), key=lambda e: e[0])
    if linked:  # a file reached through a folder link and directly is linted once, at its own path
        real = {os.path.realpath(p) for _, p, via in entries if not via}
        kept = []
        for key, p, via in entries:
            if via:
                r = os.path.realpath(p)
                if r in real:
                    continue
                real.add(r)
            kept.append((key, p, via))
        entries = kept
    return [p for _, p, _ in entries], problems


def configured_content(config: Config) -> Callable[[Path], bool]:
    """A test of whether a walk of the configured ``content.paths`` would take the file
    at a path: under one of them, matching ``content.include``, not ``content.exclude``
    (nor inside a folder it excludes, or planner's own). ``--force-exclude`` keeps a
    file named on the command line only then, as ruff's ``--force-exclude`` does."""
    include = path_matcher(config["content"]["include"])
    exclude = path_matcher(config["content"]["exclude"])
    tops = []
    for entry in config["content"]["paths"]:
        root = config.root / entry
        tops += sorted({os.path.abspath(root), os.path.realpath(root)})

    def taken(path: Path) -> bool:
        for file in dict.fromkeys((os.path.abspath(path), os.path.realpath(path))):  # as named, and where it leads
            for top in tops:
                if file == top:  # content.paths names the file itself
                    return True
                if not under(file, top):
                    continue
                parts = os.path.relpath(file, top).split(os.sep)
                rel = "/".join(parts)
                folders = ("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
                if (not OWN_FOLDERS.intersection(parts[:-1]) and include(rel) and not exclude(rel)
                        and not any(exclude(f) for f in folders)):
                    return True
        return False

    return taken


def walk(top: str, onerror: Callable[[OSError], Any]) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top, followlinks=True)``, top-down (prune by changing ``dirs`` in
    place), in the same order, but with a stack instead of recursion: before Python
    3.12 os.walk recursed once per level, and a committed tree 1,500 folders deep was a
    RecursionError."""
    stack = [top]
    while stack:
        folder = stack.pop()
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()  # follows links, as followlinks=True does
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else files).append(entry.name)
        except OSError as exc:
            onerror(exc)
            continue
        yield folder, dirs, files
        stack.extend(os.path.join(folder, name) for name in reversed(dirs))


# --------------------------------------------------------------------------- symlinks

def repository_of(folder: Path | str) -> str:
    """The repository a folder belongs to: the nearest folder at or above it holding
    ``.git``, else the folder itself (absolute)."""
    folder = os.path.abspath(folder)
    return tree_of(folder) or folder


def link_verdict(path: Path, config: Config) -> str | None:
    """None when the symlink at ``path`` may be followed under ``content.follow_symlinks``;
    else why not, for the finding. ``inside`` (the default) follows a link whose target
    is inside the repository (the folder holding ``.git``, else the one holding
    planner.yml): a link in a pull request must not pull a file from the CI machine
    into reports and a preview site."""
    mode = config["content"].get("follow_symlinks", "inside")
    if mode == "all":
        return None
    try:
        shown = os.readlink(path)  # what the repository holds: no more than the link reveals
    except OSError:
        shown = "?"
    if mode == "none":
        return f"symbolic link to {shown!r}; not followed (content.follow_symlinks: none)"
    absolute = os.path.abspath(path)
    area = tree_of(os.path.dirname(absolute)) or os.fspath(config.root)
    if within(absolute, area):
        return None
    return (f"symbolic link to {shown!r}, outside the repository; not followed, so nothing from it reaches "
            "reports or the site. Copy the file in, or set content.follow_symlinks: all if you trust every link")


def displayable(rel: str) -> str:
    """``rel`` as text any output can carry: bytes of the name that are not UTF-8
    (kept by Python as lone surrogates) and control characters shown as ``\\xff``."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        try:
            rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that no byte stands for
            rel = rel.encode("utf-8", "backslashreplace").decode("ascii")
    return visible(rel)


# what displayable() writes: \xNN for a byte or a control, \u2028 etc. for a layout control
_SHOWN_BYTE = re.compile(r"\\x([0-9a-f]{2})|\\u(202[89a-e]|206[6-9])")


def name_bytes(shown: str) -> bytes:
    """The file name's own bytes back from :func:`displayable` (each ``\\xNN`` it wrote
    is the byte NN, each ``\\u202e`` that character), for outputs that can carry any
    name exactly: a percent-encoded URI, an escaped workflow-command property."""
    out, at = bytearray(), 0
    for m in _SHOWN_BYTE.finditer(shown):
        out += shown[at:m.start()].encode("utf-8", "surrogateescape")
        if m.group(1) is not None:
            out.append(int(m.group(1), 16))
        else:
            out += chr(int(m.group(2), 16)).encode("utf-8")
        at = m.end()
    out += shown[at:].encode("utf-8", "surrogateescape")
    return bytes(out)


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False
