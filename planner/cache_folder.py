"""Where the result store lives, and the folders it refuses.

The store is a cache: data planner rebuilds at will, and must never come from a
repository. It lives in ``.planner-cache/`` beside planner.yml (``ci.cache.dir`` or the
``PLANNER_CACHE_DIR`` environment variable choose another folder). planner refuses,
and runs without a store:

- a folder holding files git tracks: a committed cache is something a pull request
  can plant;
- a ``ci.cache.dir`` outside the working tree and outside the user cache directory:
  planner.yml comes from the repository too, and may point anywhere.

``PLANNER_CACHE_DIR`` is set by whoever runs planner (a CI job's own settings), so any
folder it names is accepted, git-tracked ones excepted. A new store folder gets a
``.gitignore`` of ``*``, so it is never committed by accident.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planner"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def tracked_by_git(folder: Path) -> bool:
    """True when git tracks any file in ``folder`` (False outside a repository)."""
    probe = folder if folder.is_dir() else folder.parent
    while not probe.is_dir():
        probe = probe.parent
    try:
        r = subprocess.run(["git", "ls-files", "-z", "--", str(folder)], cwd=probe, capture_output=True,
                           timeout=30, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0 and bool(r.stdout.strip(b"\0"))


def store_folder(config) -> tuple[Path | None, str | None]:
    """(the folder for the result store, None) or (None, why it is refused)."""
    spec = (config.get("ci") or {}).get("cache") or {}
    from_env = os.environ.get("PLANNER_CACHE_DIR")
    named = Path(from_env or spec.get("dir") or ".planner-cache")
    if not named.is_absolute():
        named = Path(config.root) / named
    folder = Path(os.path.realpath(named))
    root = Path(os.path.realpath(config.root))
    if not from_env and not _inside(folder, root) and not _inside(folder, Path(os.path.realpath(user_cache_dir()))):
        # a committed symlink can point the default folder anywhere: say where it leads
        link = f" (a link to {folder})" if folder != Path(os.path.abspath(named)) else ""
        return None, (f"the cache folder {named}{link} (ci.cache.dir) is outside the working tree and the user cache directory "
                      f"({user_cache_dir()}); running without a cache")
    if os.path.lexists(folder) and not folder.is_dir():
        return None, f"the cache folder {folder} is not a folder; running without a cache. Remove it"
    if tracked_by_git(folder):
        return None, (f"{folder} holds files git tracks: a cache must never be committed (a committed one is "
                      f"something a pull request can plant); running without it. Remove it with `git rm -r --cached`")
    return folder, None
