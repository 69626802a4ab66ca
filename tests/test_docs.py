"""The documentation stays true to the repository: the README stays a short front door,
links resolve, the reference pages list what the code has, and nothing points outside
the repository. Cheap: no planner run, only files and the rule registry."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
DOC_PAGES = sorted([README, REPO / "CHANGELOG.md", REPO / "benchmarks" / "README.md", *DOCS.rglob("*.md")])
MD = MarkdownIt("commonmark").enable("table")

# folders that hold outputs, environments or caches, never sources
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "public", ".planner-cache", "test-artifacts", "__pycache__",
             ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "build", "dist"}


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _tokens(path: Path):
    return MD.parse(path.read_text(encoding="utf-8"))


def _inline_text(inline) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def github_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings: lower case, punctuation
    dropped, spaces to hyphens, repeated slugs numbered."""
    tokens = _tokens(path)
    seen: dict[str, int] = {}
    anchors = set()
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        slug = re.sub(r"[^\w\- ]", "", _inline_text(tokens[i + 1]).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def relative_links(path: Path) -> list[str]:
    """Targets of the Markdown links and images in a file that point inside the repository
    (code spans and code blocks are not links)."""
    out = []
    for tok in _tokens(path):
        for child in tok.children or []:
            target = child.attrGet("href") if child.type == "link_open" else child.attrGet("src") if child.type == "image" else None
            if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                out.append(target)
    return out


def section(path: Path, heading: str) -> str:
    """The text under a `## ` heading, up to the next `## ` heading."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:] if rows else rows  # the header row


def test_the_readme_is_a_front_door_of_at_most_400_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"README.md has {lines} lines; move reference material into docs/"


@pytest.mark.parametrize("page", DOC_PAGES, ids=_rel)
def test_every_relative_link_resolves_to_a_file_and_anchor_in_the_repository(page):
    broken = []
    for target in relative_links(page):
        file_part, _, anchor = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        if not dest.exists() or REPO not in (dest, *dest.parents):
            broken.append(f"{target} (no such file in the repository)")
        elif anchor and dest.suffix == ".md" and anchor not in github_anchors(dest):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{_rel(page)}: " + "; ".join(broken)


def test_the_anchor_slugs_follow_github():
    page = DOCS / "configuration.md"
    assert "configuration-planneryml" in github_anchors(page)
    assert "environment-variables" in github_anchors(page)


@pytest.mark.parametrize("page", DOC_PAGES, ids=_rel)
def test_every_test_a_page_names_exists(page):
    missing = []
    for file, name in re.findall(r"(tests/[\w/]+\.py)::(\w+)", page.read_text(encoding="utf-8")):
        source = REPO / file
        names = {n.name for n in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))} if source.exists() else set()
        if name not in names:
            missing.append(f"{file}::{name}")
    assert not missing, f"{_rel(page)} names tests that do not exist: {missing}"


@pytest.mark.parametrize("page", [p for p in DOC_PAGES if p.name != "CHANGELOG.md"], ids=_rel)  # history may name the past
def test_every_module_and_file_a_page_names_exists(page):
    """`planner/...` paths and dotted `planner.x.y` names in code spans name real files,
    folders, modules or their attributes (a split or rename must update the docs)."""
    import importlib

    text = page.read_text(encoding="utf-8")
    missing = [p for p in re.findall(r"`(planner/[\w./-]+?)/?`", text)
               if "*" not in p and not (REPO / p).exists()]
    for dotted in re.findall(r"`(planner(?:\.\w+)+)(?:\(.*?\))?`", text):
        parts = dotted.split(".")
        if parts[-1] in ("yml", "yaml", "json", "md"):  # planner.yml, a file name
            continue
        for cut in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attr in parts[cut:]:
                obj = getattr(obj, attr, None)
            if obj is None:
                missing.append(dotted)
            break
    assert not missing, f"{_rel(page)} names modules or files that do not exist: {missing}"


def test_every_environment_variable_planner_reads_is_documented():
    pattern = r"environ(?:\.get)?[\[(]\"([A-Z_0-9]+)\"|getenv\(\"([A-Z_0-9]+)\""
    read = {a or b for source in (REPO / "planner").rglob("*.py")
            for a, b in re.findall(pattern, source.read_text(encoding="utf-8"))}
    # the table, and the command-line page for shell completion's variable
    documented = section(DOCS / "configuration.md", "Environment variables") + (DOCS / "cli.md").read_text(encoding="utf-8")
    undocumented = sorted(v for v in read if v not in documented)
    assert len(read) > 5 and not undocumented, f"docs/configuration.md (Environment variables) does not list: {undocumented}"


def test_the_rules_page_lists_every_rule_with_its_default_severity():
    from planner.rules import registry

    listed = {row[0].strip("`"): row[1] for row in table_rows(section(DOCS / "rules.md", "The rules at a glance"))}
    actual = {rid: rule.severity for rid, rule in registry().items()}
    assert listed == actual, "docs/rules.md's table is out of date with the rule registry"


def test_the_rules_page_lists_every_rule_option_with_its_default_and_what_it_accepts():
    from planner.rules import registry
    from planner.rules.base import describe_option

    listed = {(row[0].strip("`"), row[1].strip("`")): (yaml.safe_load(row[2]), row[3])
              for row in table_rows(section(DOCS / "rules.md", "Options"))}
    actual = {(rid, key): (value, describe_option(rule.option_specs[key]))
              for rid, rule in registry().items() for key, value in rule.options.items()}
    assert listed == actual, "docs/rules.md's options table is out of date with the rules' option declarations"


def _setting_paths(schema: dict, prefix: str = "", depth: int = 2) -> list[str]:
    """Every named key of a configuration section, two levels deep (free-form mappings,
    such as a team's own signals, have no names to list)."""
    out = []
    for key, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}{key}"
        out.append(path)
        if depth > 1 and isinstance(sub, dict):
            out.extend(_setting_paths(sub, f"{path}.", depth - 1))
    return out


@pytest.mark.parametrize("data_file", sorted((REPO / "planner" / "data" / "config").glob("*.yml")), ids=lambda p: p.stem)
def test_the_configuration_page_documents_every_key(data_file):
    name = data_file.stem
    schema = yaml.safe_load(data_file.read_text(encoding="utf-8"))["schema"]
    text = section(DOCS / "configuration.md", f"`{name}`")
    undocumented = [p for p in _setting_paths(schema) if f"`{p}`" not in text and f"`{p.rsplit('.', 1)[-1]}`" not in text]
    assert not undocumented, f"docs/configuration.md, section `{name}`, does not document: {undocumented}"


def test_every_benchmark_has_its_own_section_in_the_benchmarks_readme():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    scripts = re.findall(r"benchmarks/(\w+\.py)", makefile)
    headings = re.findall(r"^## .*$", (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8"), re.M)
    assert scripts
    assert [s for s in scripts if not any(s in h for h in headings)] == []


def _source_files():
    for path in REPO.rglob("*"):
        rel = path.relative_to(REPO)
        if path.is_file() and rel.parts[0] != ".git" and not any(
                part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts[:-1]):
            yield path


# Spelled in pieces so that this file does not match itself.
OUTSIDE = ["DESIGN" + ".md", "DOMAIN" + ".md", "ENVIRONMENT" + ".md", "/" + "work/", ".." + "/shared"]
CORPUS_PATH = ".." + "/shared/corpus/"  # tests and benchmarks may name the corpus beside the checkout


def test_nothing_in_the_repository_refers_to_files_outside_it():
    offenders = []
    for path in _source_files():
        if path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = _rel(path)
        if rel.split("/")[0] in ("tests", "benchmarks"):
            text = text.replace(CORPUS_PATH, "")
        for number, line in enumerate(text.splitlines(), 1):
            hits = [word for word in OUTSIDE if word in line]
            if hits:
                offenders.append(f"{rel}:{number}: {', '.join(hits)}")
    assert not offenders, "references to files outside the repository:\n" + "\n".join(offenders)
