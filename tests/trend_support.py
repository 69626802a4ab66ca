"""Git repositories with dated commits, for the trend tests (CLI, site, lint deltas)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e",
           "HOME": str(root), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    r = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    return r.stdout.decode("utf-8", "replace")


def commit(root: Path, message: str, date: str) -> str:
    """Commit everything in the working tree at ``date`` (ISO 8601); returns the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()


def init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")


def make_history(root: Path, held: tuple[str, ...] = ("content/blog", "content/customers")) -> list[str]:
    """Commit the estate under ``root`` in weekly steps that end with it exactly as it
    is: first without the ``held`` folders, then adding one a week."""
    init(root)
    away = root.parent / f"{root.name}-held"
    for rel in held:
        (away / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(root / rel), str(away / rel))
    ids = [commit(root, "the estate, without " + " and ".join(held), "2026-03-02T10:00:00+00:00")]
    for i, rel in enumerate(held):
        shutil.move(str(away / rel), str(root / rel))
        ids.append(commit(root, f"add {rel}", f"2026-03-{9 + 7 * i:02d}T10:00:00+00:00"))
    shutil.rmtree(away, ignore_errors=True)
    return ids
