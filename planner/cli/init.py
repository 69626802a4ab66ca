"""`planner init [DIR]`: scaffold a content repository that passes its own lint.

Writes planner.yml, mkdocs.yml (+ the site folder it names), a GitHub Actions workflow,
a pre-commit configuration and a sample document. Each file is written atomically and
an existing file is never replaced without ``--force``; an existing ``.gitignore`` is
never replaced, it gets the lines it lacks.
"""
from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click

from planner import __version__
from planner.cli.common import PlannerError

PLANNER_YML = """\
# planner configuration: every key is optional; `planner explain RULE` documents each rule.
content:
  paths: [content]            # folders to lint when no PATH is given
  required: [title, stage]    # front-matter fields every document must have

# rules:                       # severity per rule: off | suggestion | warning | error
#   readability: warning
#   unused-suppression: "off"

ci:
  site_url: ""                # where the audit site is published; SARIF and PR tables link rule pages there
  cache:
    dir: .planner-cache       # per-document analysis cache (safe to delete; keep it out of git)
"""

MKDOCS_YML = """\
# The audit site: `planner build` (or `mkdocs build`) writes it to ./public.
site_name: Content audit
docs_dir: site
site_dir: public
use_directory_urls: true

theme:
  name: material
  font: false              # no Google Fonts: nothing leaves the site at view time
  features:
    - navigation.tabs
    - navigation.indexes
    - navigation.prune
    - search.highlight
  palette:                 # light and dark, following the system; the toggle in the header switches
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

plugins:
  - search
  - planner:
      paths: [content]

markdown_extensions:
  - toc
  - tables
  - admonition
"""

SITE_INDEX = """\
# Content audit

The journey audit of this repository's content: what each page is for, where the
buyer and customer journeys are thin, and what to write or fix next.
"""

WORKFLOW = """\
# Content lint on every pull request: annotations on the changed pages, a job summary,
# and the full report in GitHub code scanning.
name: content lint
on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  security-events: write   # upload the SARIF report to code scanning

jobs:
  planner:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # --changed compares with the pull request's base branch
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # planner is not on PyPI: the project called "planner" there is someone else's, so
      # never install it by that name alone. {install_note}
      # `planner @ URL` makes pip check the package it gets is this one.
      - name: Install planner
        env:
          PLANNER_REQUIREMENT: {requirement}
        run: |
          if [ -z "$PLANNER_REQUIREMENT" ]; then
            echo "::error::Set the repository variable PLANNER_REQUIREMENT to where planner is installed from, e.g. planner @ git+https://github.com/<owner>/planner@v0.1.0 (see .github/workflows/planner.yml)"
            exit 1
          fi
          python -m pip install "$PLANNER_REQUIREMENT"
      # Scoped to this ref (a branch, or one pull request): a run restores only what the
      # same ref saved before, so a pull request cannot plant a cache that a run on main
      # reads back. ':' ends the ref: no git ref contains one, so main never matches main-x.
      - uses: actions/cache@v4
        with:
          path: .planner-cache
          key: "planner-${{{{ hashFiles('planner.yml') }}}}-${{{{ github.ref }}}}:${{{{ github.sha }}}}"
          restore-keys: "planner-${{{{ hashFiles('planner.yml') }}}}-${{{{ github.ref }}}}:"
      - name: Lint the changed pages
        if: github.event_name == 'pull_request'
        run: planner lint --changed --base "origin/${{{{ github.base_ref }}}}" --format github
      - name: Lint everything for code scanning
        if: always()
        run: planner lint --format sarif --output planner.sarif --fail-on none
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: planner.sarif
          category: planner
"""

PRE_COMMIT = """\
# `pre-commit install` once; then every commit lints the changed pages.
repos:
  - repo: local
    hooks:
      - id: planner-lint
        name: planner lint
        entry: planner lint --changed --base HEAD
        language: system
        types: [markdown]
        pass_filenames: false
        require_serial: true
"""

SAMPLE = """\
---
id: why-weekly-plans-slip
title: Why weekly plans slip, and how to spot it early
stage: awareness
roles: [end-user]
format: blog
owner: marketing
status: draft
reviewed: {today}
---
# Why weekly plans slip, and how to spot it early

Most teams write a plan on Monday and find it out of date by Wednesday. The work
did not change much; the plan simply stopped matching it. Here are three signs
that your weekly plan is drifting, and what each one tells you.

## Nobody updates the plan after the meeting

If the plan only changes during the planning meeting, it is a record of intentions,
not of work. Ask who would notice first when a task slips, and give them the pen.

## Every task looks urgent

When everything is marked urgent, nothing is. Pick the two tasks that would hurt
most if they slipped, and plan the rest around them.

## Next step

Try one change this week: keep the plan where the work happens, and review it for
five minutes at the end of each day.
"""

GITIGNORE = "public/\n.planner-cache/\n"

_VARIABLE = '"${{ vars.PLANNER_REQUIREMENT }}"'
_UNKNOWN_SOURCE = ("Set the repository variable\n      # PLANNER_REQUIREMENT (Settings > Secrets and variables > Actions > Variables) to\n"
                   "      # where your team installs it from, e.g. `planner @ git+https://github.com/<owner>/planner@v{version}`\n"
                   "      # or a wheel's URL, or write that in place of the variable below.")
_SAFE_URL = re.compile(r"[A-Za-z0-9._~:/@%+=#-]+")


def install_source() -> str | None:
    """``planner @ URL`` for where this copy of planner was installed from, when that is a
    place CI can reach (a git repository or an archive over https, from pip's
    direct_url.json); None for a local folder, an editable install or a package index
    (the public index's "planner" is another project)."""
    import importlib.metadata
    import json

    try:
        info = json.loads(importlib.metadata.distribution("planner").read_text("direct_url.json") or "null")
    except (importlib.metadata.PackageNotFoundError, ValueError, OSError):
        return None
    if not isinstance(info, dict) or not isinstance(info.get("url"), str):
        return None
    url = urlsplit(info["url"])
    if url.scheme != "https" or not url.hostname:
        return None
    url = url._replace(netloc=url.hostname + (f":{url.port}" if url.port else ""))  # never a token into the workflow
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        req = f"git+{urlunsplit(url)}@{vcs['commit_id']}"
    elif isinstance(info.get("archive_info"), dict):
        req = urlunsplit(url)
    else:
        return None
    return f"planner @ {req}" if _SAFE_URL.fullmatch(req) else None


def workflow() -> str:
    source = install_source()
    if source is None:
        return WORKFLOW.format(requirement=_VARIABLE, install_note=_UNKNOWN_SOURCE.format(version=__version__))
    note = "This installs it from where this\n      # copy of planner came from; change PLANNER_REQUIREMENT to install another."
    return WORKFLOW.format(requirement=f'"{source}"', install_note=note)


def scaffold(target: Path) -> dict[str, str]:
    """Relative path -> content of every file ``planner init`` writes."""
    return {
        "planner.yml": PLANNER_YML,
        "mkdocs.yml": MKDOCS_YML,
        "site/index.md": SITE_INDEX,
        ".github/workflows/planner.yml": workflow(),
        ".pre-commit-config.yaml": PRE_COMMIT,
        "content/why-weekly-plans-slip.md": SAMPLE.format(today=dt.date.today().isoformat()),
        ".gitignore": GITIGNORE,
    }


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path),
                metavar="[DIR]")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def init(directory: Path, force: bool) -> None:
    """Scaffold a content repository: planner.yml, mkdocs.yml, a GitHub Actions
    workflow, a pre-commit configuration and a sample document.

    Existing files are never replaced unless --force is given; an existing
    .gitignore gets the lines it lacks (public/, .planner-cache/) and keeps the rest.

    \b
    Examples:
      planner init                 in the current folder
      planner init docs-repo       in a new folder
    """
    from planner.fsutil import atomic_write_text

    files = scaffold(directory)
    kept = 0
    for rel, text in files.items():
        path = directory / rel
        if rel == ".gitignore" and path.exists():
            _merge_gitignore(path, text)
            continue
        if path.exists() and not force:
            click.echo(f"  kept  {path.as_posix()} (exists; --force replaces it)")
            kept += 1
            continue
        try:
            atomic_write_text(path, text, overwrite=force)
        except FileExistsError:
            click.echo(f"  kept  {path.as_posix()} (appeared while writing)")
            kept += 1
            continue
        except OSError as exc:
            raise PlannerError(f"{path}: cannot write: {exc.strerror or exc}") from None
        click.echo(f"  wrote {path.as_posix()}")
    where = "" if directory == Path(".") else f"cd {shlex.quote(str(directory))} && "
    click.echo(f"\nNext: {where}planner lint   (then `pre-commit install`, and push to run the workflow)")


def _merge_gitignore(path: Path, wanted: str) -> None:
    """Add the lines of ``wanted`` an existing .gitignore lacks (``public``, ``/public/``
    count as ``public/``), keeping the rest as it is; never replaced, even with --force."""
    from planner.fsutil import atomic_write_bytes

    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        click.echo(f"  kept  {path.as_posix()} ({why}; add {', '.join(wanted.split())} to it yourself)")
        return
    have = {line.strip().strip("/") for line in text.splitlines()}
    missing = [line for line in wanted.splitlines() if line.strip("/") not in have]
    if not missing:
        click.echo(f"  kept  {path.as_posix()} (already ignores {', '.join(wanted.split())})")
        return
    nl = "\r\n" if "\r\n" in text else "\n"
    lead = "" if not text or text.endswith("\n") else nl
    added = lead + "# planner: the built site and the cache" + nl + nl.join(missing) + nl
    try:
        atomic_write_bytes(path, data + added.encode("utf-8"))
    except OSError as exc:
        raise PlannerError(f"{path}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"  added {', '.join(missing)} to {path.as_posix()}")
