"""Helpers shared by the site tests: a copy of the example estate plus a hostile
document, built with the committed mkdocs.yml through the MkDocs API."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

EVIL = """\
---
title: "<script>alert(1)</script>"
stage: awareness
roles: [end-user]
format: blog
owner: marketing
status: published
reviewed: 2026-09-01
topic: "{{ config.site_name }}"
persona: "[x](javascript:alert(1))"
---
# Why <script>window.__pwned = 1; alert(1)</script> teams miss deadlines

Teams that miss deadlines rarely lack effort. Click [x](javascript:alert(1)) to read why,
or see {{ config.site_name }} and {% include "base.html" %} for more. Most plans fail because
nobody can see the work that is already committed. <img src=x onerror="alert(1)"> Before you
compare tools, list what your team does every week and how long each thing takes.

```
--8<-- "/etc/passwd"
```

<!-- planner-disable-file hype -- quoting a <b>rival</b> on purpose {{ x }} -->

Buy now <script>alert(2)</script> and start your free trial today: {{ 7*7 }} plans, compare plans, book a demo.

Overloaded teams say yes to everything, so the real work hides behind the urgent work.
A simple list of commitments, reviewed every week, shows where the time goes.
"""

EVIL_REL = "content/blog/evil-injection.md"


def make_estate(root: Path) -> Path:
    """The example content, the site folder and mkdocs.yml copied under ``root``, plus
    the injected-script document."""
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(REPO / "site", root / "site")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / EVIL_REL).write_text(EVIL, encoding="utf-8")
    return root


def build_site(root: Path, builder: str = "mkdocs") -> Path:
    """Build ``root``/mkdocs.yml the way `planner build` does (build folder, then
    ``builder``), strict; returns the site folder."""
    from planner.site.build import build_site as build

    return build(root / "mkdocs.yml", builder=builder, strict=builder == "mkdocs").site_dir


NO_ROLES = """\
---
title: {title}
stage: {stage}
owner: marketing
status: published
---
# {title}

{body}
"""


def make_roleless_estate(root: Path) -> Path:
    """An estate that tags stages but never roles, with no review dates: the case where a
    missing field must be said, not scored as 0%."""
    shutil.copytree(REPO / "site", root / "site")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    stages = ["awareness", "awareness", "consideration", "decision", "onboarding", "adoption", "success"]
    for i, stage in enumerate(stages):
        p = root / "content" / f"page-{i}.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        body = ("Teams that plan their week in one place miss fewer deadlines. " * 6).strip()
        p.write_text(NO_ROLES.format(title=f"A {stage} page number {i}", stage=stage, body=body), encoding="utf-8")
    return root
