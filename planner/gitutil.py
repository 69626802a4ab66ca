"""The few git questions planner asks: where is the repository root, which Markdown
files changed against a ref (``planner lint --changed``), and, for ``planner trend``, a
branch's first-parent history, a commit's file listing and its blobs' bytes (never a
checkout). Plain ``git`` subprocesses, no library: CI images always have git, and
nothing here runs unless asked."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import NamedTuple


class GitError(Exception):
    """git is missing, this is not a repository, or the ref does not exist."""


def _git(args: list[str], cwd: Path, timeout: int = 60) -> str:
    """git's output as text; bytes that are not UTF-8 (a file name) stay as the
    operating system's escapes, so the name still opens the file."""
    return os.fsdecode(_git_bytes(args, cwd, timeout))


def _git_bytes(args: list[str], cwd: Path, timeout: int = 300) -> bytes:
    """git's raw output (file names in history are bytes, not necessarily UTF-8)."""
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=timeout,
                           env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise GitError("git is not installed (planner needs it for --changed and planner trend)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args[:2])} timed out after {timeout} s") from None
    if r.returncode != 0:
        msg = (r.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
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
    return next((ref for ref in candidates if resolve(cwd, ref)), "HEAD")


def changed_files(base: str | None, cwd: Path | None = None) -> list[Path]:
    """Files changed against ``base`` (committed since the merge base, staged, unstaged,
    and untracked), as absolute paths that still exist. Deleted files are left out."""
    cwd = Path(cwd or Path.cwd())
    top = toplevel(cwd)
    if top is None:
        raise GitError(f"{cwd} is not inside a git repository (needed for --changed)")
    ref = base or default_base(cwd)
    names: set[str] = set()
    if resolve(top, ref) is None:
        if resolve(top, "HEAD") is not None:
            raise GitError(f"unknown git ref '{ref}' (for --base); in CI, fetch it first, "
                           f"e.g. `git fetch origin {ref}`")
        if ref != "HEAD":
            raise GitError(f"unknown git ref '{ref}' (for --base): this repository has no commits yet")
        # the first commit (a pre-commit hook's --base HEAD): everything staged or new is a change
        names.update(_git(["ls-files", "--cached", "--others", "--exclude-standard", "-z"], top).split("\0"))
        return sorted(p for p in (top / n for n in names if n) if p.is_file())
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


def uncommitted(top: Path, paths: list[Path]) -> bool | None:
    """Whether any of ``paths`` differs from the commit checked out (edited, staged, new
    or deleted; ignored files aside), or None when git cannot say in a few seconds."""
    if not paths:
        return None
    try:
        out = _git_bytes(["--literal-pathspecs", "status", "--porcelain", "-z", "--untracked-files=all", "--",
                          *(os.fspath(p) for p in paths)], top, timeout=10)
    except GitError:
        return None
    return bool(out.strip(b"\0"))


# --------------------------------------------------------------------------- history (planner trend)

class Commit(NamedTuple):
    oid: str
    date: dt.datetime  # committer date, in the committer's own time zone
    subject: str


class TreeEntry(NamedTuple):
    mode: str  # "100644", "100755", "120000" (a symbolic link), "160000" (a submodule)
    oid: str
    size: int | None  # None for a submodule
    path: bytes  # as git stores it: any bytes but NUL and '/' per component


def repository(cwd: Path) -> Path:
    """The repository root containing ``cwd``; GitError (with what to do) outside one."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitError as exc:
        if "not a git repository" in str(exc).lower() or "installed" in str(exc):
            raise GitError(f"{cwd} is not inside a git repository: planner trend reads the history of one "
                           "(run it in a clone, not an export or an unpacked archive)") from None
        raise
    return Path(out.strip())


def is_shallow(top: Path) -> bool:
    try:
        return _git(["rev-parse", "--is-shallow-repository"], top).strip() == "true"
    except GitError:
        return False


def resolve(top: Path, ref: str) -> str | None:
    """The commit ``ref`` names, or None when it names none (never an option: a ref that
    starts with '-' is refused)."""
    if not ref or ref.startswith("-"):
        return None
    try:
        return _git(["rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}"], top).strip() or None
    except GitError:
        return None


def log(top: Path, tip: str, stop: str | None = None) -> list[Commit]:
    """The first-parent line of ``tip`` (back to ``stop``, excluded), oldest first. The
    first parent is the branch's own line: a merged pull request is one step of it."""
    spec = [tip, f"^{stop}"] if stop else [tip]
    out = _git_bytes(["log", "--first-parent", "-z", "--format=%H%x1f%cI%x1f%s", "--end-of-options", *spec], top)
    commits = []
    for record in out.split(b"\0"):
        parts = record.strip(b"\n").split(b"\x1f")
        if len(parts) != 3:
            continue
        oid, date, subject = (p.decode("utf-8", "replace") for p in parts)
        commits.append(Commit(oid, dt.datetime.fromisoformat(date), subject))
    commits.reverse()
    return commits


def ancestors(top: Path, ref: str) -> set[str]:
    """Every commit ``ref`` reaches (itself included)."""
    return set(_git(["rev-list", "--end-of-options", ref], top).split())


def merge_base(top: Path, a: str, b: str) -> str | None:
    try:
        return _git(["merge-base", "--end-of-options", a, b], top).strip() or None
    except GitError:
        return None


def tree(top: Path, commit: str, prefixes: list[str]) -> list[TreeEntry]:
    """Every file under ``prefixes`` (repository-relative folders or files, '' for all)
    at ``commit``, as git stores it: names are bytes, nothing is checked out."""
    specs = [p for p in prefixes if p] if all(prefixes) else []
    out = _git_bytes(["--literal-pathspecs", "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *specs], top)
    entries = []
    for record in out.split(b"\0"):
        head, tab, path = record.partition(b"\t")
        fields = head.split()
        if not tab or len(fields) != 4:
            continue
        mode, kind, oid, size = (f.decode("ascii", "replace") for f in fields)
        if kind in ("blob", "commit"):
            entries.append(TreeEntry(mode, oid, int(size) if size.isdigit() else None, path))
    return entries


class Blobs:
    """Blob contents from one long-lived ``git cat-file --batch``: no checkout, no
    temporary working tree, one process for a whole run."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> "Blobs":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def read(self, oid: str) -> bytes:
        """The contents of blob ``oid``; GitError when it is missing or not a blob."""
        kind, data = self._request(oid)
        if kind != "blob":
            raise GitError(f"git cat-file: object {oid} is missing or not a blob"
                           + (" (a shallow or partial clone)" if kind == "missing" else ""))
        return data

    def at(self, commit: str, path: str) -> bytes | None:
        """The contents of ``path`` at ``commit`` when it is a file there (a symbolic link
        gives its target's name, never the target), else None."""
        if "\n" in path:
            return None
        kind, data = self._request(f"{commit}:{path}")
        return data if kind == "blob" else None

    def _request(self, name: str) -> tuple[str, bytes]:
        if self._proc is None:
            try:
                self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE,
                                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
            except FileNotFoundError:
                raise GitError("git is not installed (needed to read the history)") from None
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline().rstrip(b"\n")
        # "<oid> <type> <size>", or "<name> missing" / "<name> ambiguous" (a name may hold spaces)
        parts = line.rsplit(b" ", 2)
        if len(parts) != 3 or not parts[2].isdigit():
            if not line:
                raise GitError("git cat-file stopped answering")
            return "missing", b""
        data = self._proc.stdout.read(int(parts[2]))
        self._proc.stdout.read(1)  # the newline after the contents
        return parts[1].decode("ascii", "replace"), data

    def close(self) -> None:
        if self._proc is not None:
            try:
                self._proc.stdin.close()  # type: ignore[union-attr]
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
            self._proc = None
