"""The few git questions planner asks: where is the repository root, and which Markdown
files changed against a ref (``planner lint --changed``). Plain ``git`` subprocesses,
no library: CI images always have git, and nothing here runs unless asked."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, this is not a repository, or the ref does not exist."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise GitError("git is not installed (needed for --changed)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} timed out") from None
    if r.returncode != 0:
        msg = (r.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {' '.join(args)}: {msg}")
    return r.stdout


def toplevel(cwd: Path | None = None) -> Path | None:
    """The repository root containing ``cwd``, or None outside a repository."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], Path(cwd or Path.cwd()))
    except GitError:
        return None
    return Path(out.strip()) if out.strip() else None


def default_base(cwd: Path) -> str:
    """The ref to compare with when --base is not given: the pull request's target
    branch on GitHub Actions, else origin/HEAD's branch, else main/master, else HEAD."""
    gh = os.environ.get("GITHUB_BASE_REF")
    candidates = [f"origin/{gh}"] if gh else []
    try:
        head = _git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"], cwd).strip()
        if head:
            candidates.append(head)
    except GitError:
        pass
    candidates += ["origin/main", "origin/master", "main", "master"]
    for ref in candidates:
        try:
            _git(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], cwd)
            return ref
        except GitError:
            continue
    return "HEAD"


def changed_files(base: str | None, cwd: Path | None = None) -> list[Path]:
    """Files changed against ``base`` (committed since the merge base, staged, unstaged,
    and untracked), as absolute paths that still exist. Deleted files are left out."""
    cwd = Path(cwd or Path.cwd())
    top = toplevel(cwd)
    if top is None:
        raise GitError(f"{cwd} is not inside a git repository (needed for --changed)")
    ref = base or default_base(cwd)
    try:
        _git(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], top)
    except GitError:
        raise GitError(f"unknown git ref '{ref}' (for --base); in CI, fetch it first, e.g. `git fetch origin {ref}`") from None
    names: set[str] = set()
    try:
        merge_base = _git(["merge-base", ref, "HEAD"], top).strip() or ref
    except GitError:
        merge_base = ref
    names.update(_git(["diff", "--name-only", "-z", "--diff-filter=ACMR", merge_base], top).split("\0"))
    names.update(_git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0"))
    return sorted(p for p in (top / n for n in names if n) if p.is_file())


def head(cwd: Path) -> dict[str, str] | None:
    """The commit checked out at ``cwd``: {"commit", "short", "date"} (ISO committer
    date), or None outside a repository or without git."""
    try:
        out = _git(["log", "-1", "--format=%H %h %cI"], cwd).split()
    except GitError:
        return None
    return {"commit": out[0], "short": out[1], "date": out[2]} if len(out) == 3 else None
