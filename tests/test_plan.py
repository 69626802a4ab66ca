"""The content plan: ranking, grouping, suggestions and ready `planner new` commands."""
from __future__ import annotations

import datetime as dt
import shlex

import pytest

from planner.config import load_config
from planner.draftnames import names_for
from planner.model import Finding
from planner import engine
from planner.plan import build_plan
from tests.conftest import doc

TODAY = dt.date(2026, 6, 1)
STAGES = ("awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy")
ROLES = ["end-user", "economic-buyer", "champion"]


def audit_of(repo):
    return engine.audit([repo.root / "content"], load_config(repo.root), cwd=repo.root)


def covered_estate(repo, missing: dict[str, list[str]] | None = None):
    """Three published pages per stage for each role, minus ``missing`` {stage: [roles]}."""
    missing = missing or {}
    for stage in STAGES:
        roles = [r for r in ROLES if r not in missing.get(stage, [])]
        for i in range(3):
            if roles:
                repo.write(f"content/{stage}-{i}.md", doc(stage, roles=roles, reviewed="2026-05-01"))


def plan_of(repo, **kw):
    audit = audit_of(repo)
    audit.findings = []  # rank on coverage alone: other rules' findings come and go
    return build_plan(audit, today=TODAY, **kw)


def test_a_gap_at_a_heavier_stage_ranks_first(repo):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"], "awareness": ["economic-buyer"]})
    gaps = [i for i in plan_of(repo) if i["kind"] == "gap"]
    assert [(i["stage"], i["column"]) for i in gaps] == [("onboarding", "economic-buyer"), ("awareness", "economic-buyer")]
    assert gaps[0]["rank"] < gaps[1]["rank"] and "onboarding 1.5" in gaps[0]["why"]


def test_column_weights_raise_a_gap(repo):
    repo.config("coverage:\n  column_weights: {champion: 3}\n")
    covered_estate(repo, missing={"adoption": ["economic-buyer", "champion"]})
    gaps = [(i["stage"], i["column"]) for i in plan_of(repo) if i["kind"] == "gap"]
    assert gaps == [("adoption", "champion"), ("adoption", "economic-buyer")]


def test_an_empty_neighbourhood_ranks_a_gap_higher(repo):
    # success x champion sits among gaps; awareness x champion among covered cells
    covered_estate(repo, missing={"awareness": ["champion"], "success": ["champion", "economic-buyer"],
                                  "adoption": ["champion"]})
    items = plan_of(repo)
    rank = {(i["stage"], i["column"]): i["rank"] for i in items if i["kind"] == "gap"}
    assert rank[("success", "champion")] < rank[("awareness", "champion")]
    why = next(i["why"] for i in items if (i["stage"], i["column"]) == ("success", "champion"))
    assert "2 of 4 neighbouring cells are below covered" in why


def test_gap_priority_uses_the_share_of_neighbours_below_covered_as_its_why_line_says(repo):
    covered_estate(repo, missing={"onboarding": ["economic-buyer", "champion"]})
    repo.write("content/extra.md", doc("onboarding", roles=["champion"]))  # a thin neighbour: 1 of 3
    gap = next(i for i in plan_of(repo) if (i["stage"], i["column"]) == ("onboarding", "economic-buyer"))
    assert "1 of 4 neighbouring cells are below covered" in gap["why"]
    # plan.gap 10 x onboarding 1.5 x column 1 x deficit 1 x (1 + 1/4) / 2
    assert gap["priority"] == 9.38 and round(10 * 1.5 * 1 * 1 * (1 + 1 / 4) / 2, 2) == 9.38


def test_gaps_rank_above_thin_cells_and_come_with_a_format_owner_and_command(repo):
    covered_estate(repo, missing={"advocacy": ["economic-buyer"]})
    repo.write("content/extra.md", doc("onboarding", roles=["champion"]))
    items = plan_of(repo)
    gap = items[0]
    assert (gap["kind"], gap["stage"], gap["column"]) == ("gap", "advocacy", "economic-buyer")
    assert gap["suggested"] == {"format": "case-study", "owner": "customer-success"}
    assert gap["command"].startswith('planner new "') and "--stage advocacy --role economic-buyer" in gap["command"]


def test_the_new_command_scaffolds_a_draft_that_fills_the_gap(repo, cli):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"]})
    cmd = plan_of(repo)[0]["command"]
    r = cli(*shlex.split(cmd)[1:])
    assert r.exit_code == 0, r.output
    audit = audit_of(repo)
    cell = next(c for c in __import__("planner.coverage").coverage.coverage_matrix(audit, today=TODAY)["cells"]
                if (c["stage"], c["column"]) == ("onboarding", "economic-buyer"))
    assert cell["in_progress"] == 1


def test_a_gap_with_a_draft_in_it_asks_to_finish_the_draft(repo):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"]})
    repo.write("content/wip.md", doc("onboarding", roles=["economic-buyer"], status="draft"))
    gap = next(i for i in plan_of(repo) if i["stage"] == "onboarding" and i["column"] == "economic-buyer")
    assert gap["title"].startswith("Finish") and gap["command"] == "planner lint content/wip.md -v"


def test_a_documents_findings_are_grouped_into_one_fix_item(repo):
    covered_estate(repo)
    audit = audit_of(repo)
    audit.findings = [
        Finding(path="content/decision-0.md", rule="phase-mismatch", severity="error", message="a", line=7,
                fix={"phase": "customer", "stage": "success"}),
        Finding(path="content/decision-0.md", rule="cta-mismatch", severity="warning", message="b", line=9),
        Finding(path="content/awareness-0.md", rule="hype", severity="suggestion", message="c"),
        Finding(path="content/awareness-1.md", rule="tag-unknown", severity="suggestion", message="d"),
    ]
    fixes = [i for i in build_plan(audit, today=TODAY) if i["kind"] == "fix"]
    assert [i["path"] for i in fixes] == ["content/decision-0.md", "content/awareness-1.md"]
    assert [f["rule"] for f in fixes[0]["findings"]] == ["phase-mismatch", "cta-mismatch"]
    assert "1 error, 1 warning" in fixes[0]["why"] and "mis-tagged" in fixes[1]["why"]
    assert "retag as phase: customer, stage: success (or rewrite it" in fixes[0]["why"]


def test_stale_documents_become_review_items_oldest_first(repo):
    covered_estate(repo)
    repo.write("content/old.md", doc("adoption", roles=["end-user"], reviewed="2024-01-01"))
    repo.write("content/older.md", doc("adoption", roles=["end-user"], reviewed="2023-01-01"))
    repo.write("content/recent.md", doc("adoption", roles=["end-user"], reviewed="2025-03-01"))
    reviews = [i for i in plan_of(repo) if i["kind"] == "review"]
    assert [i["path"] for i in reviews] == ["content/older.md", "content/old.md", "content/recent.md"]
    assert "days ago (stale after 365)" in reviews[0]["why"]


def test_a_missing_bridge_is_one_item_with_a_topic_command(repo):
    covered_estate(repo)
    repo.write("content/auto-1.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    repo.write("content/auto-2.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    bridges = [i for i in plan_of(repo) if i["kind"] == "bridge"]
    assert len(bridges) == 1 and bridges[0]["documents"] == ["content/auto-1.md", "content/auto-2.md"]
    assert "--stage onboarding --topic automation --role economic-buyer" in bridges[0]["command"]


def test_a_bridge_with_a_follow_up_draft_asks_to_finish_the_draft(repo, cli):
    covered_estate(repo)
    repo.write("content/auto-1.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    cmd = next(i for i in plan_of(repo) if i["kind"] == "bridge")["command"]
    assert cli(*shlex.split(cmd)[1:]).exit_code == 0
    bridge = next(i for i in plan_of(repo) if i["kind"] == "bridge")
    draft = "content/getting-started-with-automation-your-first-steps-after-the-decision.md"
    assert bridge["title"] == f"Finish the onboarding draft for topic 'automation': {draft}"
    assert bridge["command"] == f"planner lint {draft} -v" and "1 in progress already" in bridge["why"]


def test_a_suggested_draft_never_targets_a_file_that_exists(repo, cli):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"]})
    first = plan_of(repo)[0]["command"]
    # the same title, archived: not in the cell, but its file is taken
    slug = names_for(shlex.split(first)[2])[0]
    repo.write(f"content/{slug}.md", doc("onboarding", roles=["economic-buyer"], status="archived"))
    again = plan_of(repo)[0]["command"]
    assert again != first and "(2)" in again
    assert cli(*shlex.split(again)[1:]).exit_code == 0


def test_crowded_cells_are_flagged_for_overlap(repo):
    covered_estate(repo)
    for i in range(4):
        repo.write(f"content/more-{i}.md", doc("awareness", roles=["end-user"]))
    crowded = [i for i in plan_of(repo) if i["kind"] == "crowded"]
    assert [(i["stage"], i["column"]) for i in crowded] == [("awareness", "end-user")]


def test_a_crowded_cell_goes_to_the_owner_of_most_of_its_pages(repo, cli):
    covered_estate(repo)
    for i in range(4):
        repo.write(f"content/more-{i}.md", doc("awareness", roles=["end-user"], owner="sales" if i else "product"))
    crowded = next(i for i in plan_of(repo) if i["kind"] == "crowded")
    assert crowded["suggested"]["owner"] == "sales"  # 3 of the cell's pages; the rest have no owner
    assert "owner: sales" in cli("plan").output


def test_every_plan_item_but_tag_has_an_owner(repo):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"]})
    for i in range(4):
        repo.write(f"content/more-{i}.md", doc("awareness", roles=["end-user"]))
    repo.write("content/auto.md", doc("decision", roles=["economic-buyer"], topic="automation"))
    repo.write("content/untagged.md", doc("adoption"))
    items = plan_of(repo)
    assert {i["kind"] for i in items} >= {"tag", "gap", "bridge", "crowded"}
    assert [i["kind"] for i in items if not i["suggested"]["owner"]] == ["tag"]


def test_limit_keeps_the_top_items_in_rank_order(repo):
    covered_estate(repo, missing={"onboarding": ROLES, "advocacy": ["champion"]})
    every = plan_of(repo)
    assert [i["rank"] for i in every] == list(range(1, len(every) + 1))
    audit = audit_of(repo)
    audit.findings = []
    assert build_plan(audit, limit=2, today=TODAY) == every[:2]


def test_plan_formats(repo, cli):
    covered_estate(repo, missing={"onboarding": ["economic-buyer"], "advocacy": ["champion"]})
    text = cli("plan").output
    assert "[gap]" in text and "why:" in text and "suggest:" in text and "$ planner new" in text
    short = cli("plan", "--limit", "1").output
    assert "  1. [" in short and "  2. [" not in short and "items shown" in short
    data = cli("plan", "--format", "json").json()
    assert data["schema_version"] == 1 and data["items"][0]["rank"] == 1 and data["total"] == len(data["items"])
    assert any(i["kind"] == "gap" and i["command"] for i in data["items"])
    rows = cli("plan", "--format", "csv", "--limit", "2").output.splitlines()
    assert rows[0].startswith("rank,kind,priority") and len(rows) == 3
    md = cli("plan", "--format", "markdown").output
    assert md.startswith("## Content plan") and "`planner new" in md


def test_plan_on_an_empty_corpus_says_so(repo, cli):
    r = cli("plan")
    assert r.exit_code == 0 and "No content documents found" in r.output
    assert cli("plan", "--format", "json").json()["items"] == []


def test_plan_by_persona_suggests_a_persona_draft(repo):
    repo.write("content/a.md", doc("decision", persona="it-admin"))
    repo.write("content/b.md", doc("onboarding", persona="it-admin"))
    repo.write("content/c.md", doc("awareness", persona="team-lead"))
    gaps = [i for i in plan_of(repo, axis="persona") if i["kind"] == "gap"]
    assert gaps[0]["axis"] == "persona" and "--persona" in gaps[0]["command"]
    assert {(i["stage"], i["column"]) for i in gaps} >= {("onboarding", "team-lead"), ("decision", "team-lead")}


@pytest.mark.parametrize("axis", ["format", "owner"])
def test_plan_by_format_or_owner_suggests_one_title_per_column(repo, axis):
    covered_estate(repo)
    repo.write("content/f1.md", doc("decision", roles=["end-user"], format="pricing", owner="sales"))
    repo.write("content/f2.md", doc("awareness", roles=["end-user"], format="blog", owner="marketing"))
    repo.write("content/f3.md", doc("onboarding", roles=["end-user"], format="guide", owner="support"))
    titles = [shlex.split(i["command"])[2] for i in plan_of(repo, axis=axis) if (i["command"] or "").startswith("planner new")]
    assert len(titles) > 6 and len(set(titles)) == len(titles)
    assert len({names_for(t)[0] for t in titles}) == len(titles)  # one file each
    assert any(t.endswith(" (guide)") if axis == "format" else t.endswith(", from the support team") for t in titles)


def test_an_estate_without_roles_ranks_tagging_above_writing_pages(repo):
    for i, stage in enumerate(["awareness", "decision", "onboarding"]):
        repo.write(f"content/p{i}.md", doc(stage))
    items = build_plan(audit_of(repo), today=TODAY)
    assert items[0]["kind"] == "tag" and "`roles`" in items[0]["title"]
    assert items[0]["priority"] > max(i["priority"] for i in items[1:])
    gaps = [i for i in items if i["kind"] in ("gap", "thin")]
    assert gaps and all(i["column"] == "(none)" for i in gaps)  # whole stages, not stage x role cells
    assert not any("end-user" in i["title"] for i in items)


def test_pages_without_roles_in_a_tagged_estate_get_one_tag_item_weighed_by_their_share(repo):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    repo.write("content/b.md", doc("awareness"))
    item = next(i for i in build_plan(audit_of(repo), today=TODAY) if i["kind"] == "tag")
    # 2 x plan.gap x the heaviest stage weight (1.5), scaled by the share untagged (1 of 2)
    assert item["documents"] == ["content/b.md"] and item["priority"] == 15.0


def test_the_tag_item_names_the_pages_to_edit_instead_of_a_command(repo, cli):
    for i, stage in enumerate(["awareness", "decision", "onboarding"]):
        repo.write(f"content/p{i}.md", doc(stage))
    item = build_plan(audit_of(repo), today=TODAY)[0]
    assert item["kind"] == "tag" and item["command"] is None
    text = cli("plan", "--limit", "1").output
    assert "pages: content/p0.md, content/p1.md, content/p2.md" in text and "$ planner coverage" not in text
    assert "edit content/p0.md, content/p1.md, content/p2.md |" in cli("plan", "--format", "markdown").output


def test_tagging_the_first_page_keeps_the_tag_item_on_top(repo):
    for i, stage in enumerate(["awareness", "consideration", "decision", "onboarding", "adoption"]):
        repo.write(f"content/p{i}.md", doc(stage))
    repo.write("content/p9.md", doc("success", roles=["end-user"]))
    items = build_plan(audit_of(repo), today=TODAY)
    assert items[0]["kind"] == "tag" and items[0]["documents"] == [f"content/p{i}.md" for i in range(5)]
    assert items[0]["priority"] == 25.0  # 30 when nothing is tagged, x 5 of 6 still untagged


def test_a_draft_with_roles_keeps_the_tag_item_of_a_role_less_estate(repo):
    for i, stage in enumerate(["awareness", "decision", "onboarding"]):
        repo.write(f"content/p{i}.md", doc(stage))
    repo.write("content/wip.md", doc("decision", roles=["economic-buyer"], status="draft"))
    items = build_plan(audit_of(repo), today=TODAY)
    assert items[0]["kind"] == "tag" and items[0]["priority"] == 30.0
    assert all(i["column"] in ("(none)", None) for i in items if i["kind"] in ("gap", "thin"))
    decision = next(i for i in items if i["stage"] == "decision" and i["kind"] in ("gap", "thin"))
    assert decision["title"] == "Finish the decision draft: content/wip.md"  # by stage, as by cell
    assert decision["command"] == "planner lint content/wip.md -v"
