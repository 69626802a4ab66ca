"""The trend on the audit site, without a browser: the build folder's pages (the browser
tests check them rendered, on both builders)."""
from __future__ import annotations

import re

import pytest

from tests.site_support import make_estate
from tests.trend_support import make_history


def _build(root, **mk):
    from planner.site.build import build_site

    if mk:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        text = text.replace("  - planner:\n      paths: [content]\n", "  - planner:\n      paths: [content]\n"
                            + "".join(f"      {k}: {str(v).lower()}\n" for k, v in mk.items()))
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    built = build_site(root / "mkdocs.yml", write_only=True)
    return built.build_dir / "docs"


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    root = make_estate(tmp_path_factory.mktemp("trend-site") / "estate")
    return root, make_history(root)


def test_a_site_built_in_a_repository_has_the_trend_page_and_dashboard_deltas(estate):
    root, commits = estate
    docs = _build(root)
    page = (docs / "trend.md").read_text(encoding="utf-8")
    assert page.count('<svg class="pl-chart"') == 2 and 'role="img"' in page
    assert len(re.findall(r"<tr><td data-sort=\"2026-03-\d\d\">", page)) == len(commits)
    assert commits[-1][:7] in page
    dashboard = (docs / "index.md").read_text(encoding="utf-8")
    assert '<span class="pl-figure__delta">+2 since 2026-03-09</span>' in dashboard
    assert dashboard.count('<svg class="pl-spark"') == 7
    assert "Trend: trend.md" in (docs.parent / "mkdocs.yml").read_text(encoding="utf-8")  # in the navigation


def test_trend_false_leaves_the_history_out(estate, tmp_path):
    import shutil

    root, _ = estate
    copy = tmp_path / "estate"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".planner-cache"))
    docs = _build(copy, trend=False)
    assert not (docs / "trend.md").exists()
    assert "pl-figure__delta" not in (docs / "index.md").read_text(encoding="utf-8")


def test_outside_a_repository_there_is_no_trend(tmp_path):
    docs = _build(make_estate(tmp_path / "plain"))
    assert not (docs / "trend.md").exists() and "pl-spark" not in (docs / "index.md").read_text(encoding="utf-8")


def test_a_planner_yml_that_is_not_a_file_costs_the_trend_page_not_the_build(estate, tmp_path):
    # built with an explicit config while the folder's planner.yml is a dangling link:
    # find_config refuses the link (ConfigError), and the site is built without its trend
    import shutil

    from planner.config import load_config
    from planner.site.trend_page import history

    root, _ = estate
    copy = tmp_path / "estate"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".planner-cache"))
    team = copy / "team.yml"
    team.write_text("content:\n  paths: [content]\n", encoding="utf-8")
    config = load_config(copy, explicit=team)
    (copy / "planner.yml").unlink(missing_ok=True)
    (copy / "planner.yml").symlink_to(copy / "gone.yml")
    said = []
    assert history(config, [copy / "content"], copy, None, said.append) is None
    assert len(said) == 1 and said[0].startswith("planner: no trend page:") and "planner.yml" in said[0]
