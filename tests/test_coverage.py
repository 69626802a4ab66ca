"""Coverage matrix: cell counts, bands, staleness, health, score, axes, bad input."""
from __future__ import annotations

import datetime as dt

import pytest

from planner.config import load_config
from planner.coverage import coverage_matrix
from planner.model import Finding
from planner import engine
from tests.conftest import doc

TODAY = dt.date(2026, 6, 1)


def audit_of(repo):
    config = load_config(repo.root)
    return engine.audit([repo.root / "content"], config, cwd=repo.root)


def cell(m, stage, column):
    return next(c for c in m["cells"] if c["stage"] == stage and c["column"] == column)


def test_a_document_with_two_roles_counts_in_both_columns_and_one_without_roles_under_none(repo):
    repo.write("content/a.md", doc("awareness", roles=["end-user", "champion"]))
    repo.write("content/b.md", doc("awareness"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["columns"] == ["end-user", "economic-buyer", "champion", "(none)"]
    assert cell(m, "awareness", "end-user")["published"] == 1
    assert cell(m, "awareness", "champion")["published"] == 1
    assert cell(m, "awareness", "economic-buyer")["published"] == 0
    assert cell(m, "awareness", "(none)")["documents"] == ["content/b.md"]


def test_stages_come_in_journey_order_with_their_phase(repo):
    repo.write("content/a.md", doc("advocacy", roles=["champion"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert [s["stage"] for s in m["stages"]] == ["awareness", "consideration", "decision", "onboarding",
                                                 "adoption", "success", "advocacy"]
    assert {s["phase"] for s in m["stages"][:3]} == {"buyer"} and {s["phase"] for s in m["stages"][3:]} == {"customer"}


def test_bands_follow_the_published_count(repo):
    for n, stage in ((1, "consideration"), (3, "decision"), (6, "onboarding")):
        for i in range(n):
            repo.write(f"content/{stage}-{i}.md", doc(stage, roles=["end-user"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    bands = {s: cell(m, s, "end-user")["band"] for s in ("awareness", "consideration", "decision", "onboarding")}
    assert bands == {"awareness": "gap", "consideration": "thin", "decision": "covered", "onboarding": "crowded"}


def test_bands_are_configurable(repo):
    repo.config("coverage:\n  bands: {thin: 1, covered: 2, crowded: 10}\n")
    for i in range(2):
        repo.write(f"content/d{i}.md", doc("decision", roles=["end-user"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert cell(m, "decision", "end-user")["band"] == "covered"


def test_drafts_and_reviews_count_as_in_progress_and_do_not_fill_a_cell(repo):
    repo.write("content/a.md", doc("onboarding", roles=["economic-buyer"], status="draft"))
    repo.write("content/b.md", doc("onboarding", roles=["economic-buyer"], status="review"))
    repo.write("content/c.md", doc("onboarding", roles=["economic-buyer"], status="archived"))
    c = cell(coverage_matrix(audit_of(repo), today=TODAY), "onboarding", "economic-buyer")
    assert (c["published"], c["in_progress"], c["band"]) == (0, 2, "gap")
    assert c["documents"] == ["content/a.md", "content/b.md"]


def test_a_cells_documents_list_published_pages_first_then_the_in_progress_ones(repo, cli):
    repo.write("content/a.md", doc("onboarding", roles=["champion"], status="draft"))
    repo.write("content/b.md", doc("onboarding", roles=["champion"]))
    repo.write("content/c.md", doc("onboarding", roles=["champion"], status="review"))
    c = cell(coverage_matrix(audit_of(repo), today=TODAY), "onboarding", "champion")
    assert (c["published"], c["in_progress"]) == (1, 2)
    assert c["documents"] == ["content/b.md", "content/a.md", "content/c.md"]
    assert c["in_progress_documents"] == c["documents"][c["published"]:]
    rows = cli("coverage", "--format", "csv").output.splitlines()
    assert rows[0].endswith(",documents,in_progress_documents")
    assert any(r.startswith("customer,onboarding,champion,1,2,") and r.endswith(",content/b.md;content/a.md;content/c.md,content/a.md;content/c.md")
               for r in rows)


def test_stale_counts_documents_reviewed_longer_ago_than_the_interval(repo):
    repo.write("content/old.md", doc("adoption", roles=["end-user"], reviewed="2025-05-01"))
    repo.write("content/new.md", doc("adoption", roles=["end-user"], reviewed="2025-07-01"))
    repo.write("content/undated.md", doc("adoption", roles=["end-user"]))
    audit = audit_of(repo)
    c = cell(coverage_matrix(audit, today=TODAY), "adoption", "end-user")
    assert (c["stale"], c["stale_documents"]) == (1, ["content/old.md"])
    # a year later both are stale
    assert cell(coverage_matrix(audit, today=dt.date(2026, 8, 1)), "adoption", "end-user")["stale"] == 2


def test_stale_interval_is_configurable(repo):
    repo.config("coverage:\n  stale_days: 30\n")
    repo.write("content/a.md", doc("adoption", roles=["end-user"], reviewed="2026-04-01"))
    assert coverage_matrix(audit_of(repo), today=TODAY)["totals"]["stale"] == 1


def test_healthy_leaves_out_documents_with_error_or_warning_findings(repo):
    for name in ("a", "b", "c"):
        repo.write(f"content/{name}.md", doc("success", roles=["end-user"]))
    audit = audit_of(repo)
    audit.findings = [Finding(path="content/a.md", rule="phase-mismatch", severity="error", message="x"),
                      Finding(path="content/b.md", rule="hype", severity="suggestion", message="x"),
                      Finding(path="content/c.md", rule="handoff-bridge", severity="warning", message="x")]
    c = cell(coverage_matrix(audit, today=TODAY), "success", "end-user")
    assert (c["published"], c["healthy"], c["unhealthy_documents"]) == (3, 2, ["content/a.md"])


def test_health_counts_a_pages_own_findings_and_says_journey_checks_are_aside(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    audit = audit_of(repo)
    audit.findings.append(Finding(path="content/a.md", rule="stage-empty", severity="warning", message="no consideration"))
    m = coverage_matrix(audit, today=TODAY)
    assert m["totals"]["healthy"] == 1 and any(c["check"] == "stage-empty" for c in m["checks"])
    out = cli("coverage").output
    assert "Health: 1 of 1 published documents have no error or warning findings of their own (journey checks aside)" in out
    assert "stage-empty:" in out.split("Journey checks:")[1]


def test_score_is_the_weighted_share_of_cells_at_min_per_cell(repo):
    repo.config("""
        coverage:
          stage_weights: {decision: 1, onboarding: 1, awareness: 4}
          column_weights: {champion: 0}
    """)
    repo.write("content/a.md", doc("awareness", roles=["end-user", "economic-buyer"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    # weights: awareness 4 x (1 + 1 + 0), six other stages 1 x 2: total 8 + 12 = 20; met 8
    assert m["score"] == 40.0
    assert m["gaps"][0]["weight"] == 1.0 and m["gaps"][-1]["column"] == "champion"


def test_min_per_cell_turns_thin_cells_into_gaps(repo):
    repo.config("coverage:\n  min_per_cell: 2\n")
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["score"] == 0.0
    assert {"stage": "awareness", "column": "end-user", "band": "thin", "weight": 1.0} in m["gaps"]


def test_by_topic_and_by_persona_switch_the_columns(repo):
    repo.write("content/a.md", doc("decision", roles=["economic-buyer"], topic="permissions", persona="it-admin"))
    repo.write("content/b.md", doc("onboarding", roles=["end-user"], topic="reporting"))
    audit = audit_of(repo)
    by_topic = coverage_matrix(audit, "topic", today=TODAY)
    assert by_topic["axis"] == "topic" and by_topic["columns"] == ["permissions", "reporting"]
    assert cell(by_topic, "onboarding", "reporting")["published"] == 1
    by_persona = coverage_matrix(audit, "persona", today=TODAY)
    assert by_persona["columns"] == ["it-admin", "(none)"]
    assert cell(by_persona, "onboarding", "(none)")["documents"] == ["content/b.md"]


def test_unknown_axis_values_get_their_own_column_outside_the_score_and_a_warning(repo):
    repo.write("content/a.md", doc("decision", roles=["champoin"]))
    for i in range(9):
        repo.write(f"content/b{i}.md", doc("decision", roles=["champion"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["columns"][-1] == "champoin" and m["unknown_columns"] == ["champoin"]
    c = cell(m, "decision", "champoin")
    assert c["published"] == 1 and c["scored"] is False
    assert "champoin" in m["warnings"][0] and "content/a.md" in m["warnings"][0]
    assert m["confidence"]["level"] == "medium"  # 1 of 10 documents outside the score


def test_an_unknown_column_is_counted_in_the_table_not_judged_a_gap(repo, cli):
    repo.write("content/a.md", doc("decision", roles=["champoin"]))
    repo.write("content/b.md", doc("awareness", roles=["champion"]))
    out = cli("coverage", "--format", "markdown").output
    row = next(line for line in out.splitlines() if "| awareness |" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    champoin = cells[2 + ["end-user", "economic-buyer", "champion", "champoin"].index("champoin")]
    assert champoin == "0"  # no gap symbol: the column is outside the score
    assert "✗ 0" in row  # the scored columns still show their band


def test_an_estate_without_roles_says_so_and_falls_back_to_a_score_by_stage(repo):
    repo.write("content/a.md", doc("awareness"))
    repo.write("content/b.md", doc("decision"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    # stages weigh 1, decision and onboarding 1.5: awareness + decision = 2.5 of 8
    assert m["axis_missing"] is True and m["score_basis"] == "stage" and m["score"] == 31.2
    assert m["confidence"]["level"] == "low"
    assert m["warnings"][0].startswith("no published document has `roles`: tag roles or view coverage by stage only")
    assert not any(c["scored"] for c in m["cells"])  # the empty role columns are not judged
    assert {g["stage"] for g in m["gaps"]} == {"consideration", "onboarding", "adoption", "success", "advocacy"}
    assert [c for c in m["checks"] if c["check"] == "role-phase-gap"] == []


def test_a_draft_with_roles_does_not_switch_a_role_less_estate_to_cell_scoring(repo):
    repo.write("content/a.md", doc("awareness"))
    repo.write("content/b.md", doc("decision"))
    before = coverage_matrix(audit_of(repo), today=TODAY)
    repo.write("content/wip.md", doc("decision", roles=["economic-buyer"], status="draft"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["axis_missing"] is True and m["score_basis"] == "stage" and m["axis_tagged"] == 0
    assert m["score"] == before["score"] == 31.2


def test_only_published_pages_count_as_tagging_the_axis(repo):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    repo.write("content/b.md", doc("decision"))
    repo.write("content/wip.md", doc("decision", roles=["economic-buyer"], status="review"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["axis_missing"] is False and m["axis_tagged"] == 1


def test_a_partly_tagged_estate_warns_that_the_score_sees_only_the_tagged_pages(repo):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    repo.write("content/b.md", doc("decision"))
    repo.write("content/c.md", doc("onboarding"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["score_basis"] == "cell" and m["axis_tagged"] == 1
    assert "2 of 3 published documents have no `roles`: the score sees only the other 1" in " ".join(m["warnings"])


def test_a_draft_only_estate_without_roles_still_falls_back_to_stages(repo):
    repo.write("content/wip.md", doc("awareness", status="draft"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["axis_missing"] is True and m["score"] == 0.0


def test_the_cli_table_leads_with_the_missing_axis_and_shows_stages_only(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    out = cli("coverage").output
    first = out.index("Warning: no published document has `roles`")
    assert first < out.index("Score:") and "by stage only" in out
    assert "all documents" in out and "end-user" not in out.split("Warning")[0]


def test_stale_is_unknown_without_review_dates_not_zero(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["totals"]["stale"] is None and m["totals"]["dated"] == 0
    assert "stale unknown (no published document has a `reviewed` date)" in cli("coverage").output


def test_untagged_documents_are_listed_and_lower_the_confidence(repo):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    repo.write("content/b.md", doc(None))
    repo.write("content/c.md", doc("awarenes"))
    m = coverage_matrix(audit_of(repo), today=TODAY)
    assert m["untagged"] == [{"path": "content/b.md", "reason": "no stage"},
                             {"path": "content/c.md", "reason": "unknown stage 'awarenes'"}]
    assert m["confidence"]["level"] == "low" and "2 untagged" in m["confidence"]["message"]


def test_the_matrix_is_memoised_so_every_view_shares_it(repo):
    repo.write("content/a.md", doc("awareness"))
    audit = audit_of(repo)
    assert coverage_matrix(audit, today=TODAY) is coverage_matrix(audit, "role", today=TODAY)


def test_json_keeps_the_contract(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user"], reviewed="2020-01-01"))
    r = cli("coverage", "--format", "json")
    assert r.exit_code == 0
    m = r.json()
    assert m["schema_version"] == 1 and m["axis"] == "role"
    assert m["stages"][0] == {"phase": "buyer", "stage": "awareness"}
    c = m["cells"][0]
    assert {k: c[k] for k in ("stage", "column", "published", "in_progress", "healthy", "stale", "band", "documents")} == {
        "stage": "awareness", "column": "end-user", "published": 1, "in_progress": 0, "healthy": c["healthy"],
        "stale": 1, "band": "thin", "documents": ["content/a.md"]}
    assert isinstance(m["score"], float) and m["gaps"][0].keys() == {"stage", "column", "band", "weight"}


def test_fail_under_exits_1_below_the_threshold_and_0_at_or_above(repo, cli):
    for stage in ("awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"):
        repo.write(f"content/{stage}.md", doc(stage, roles=["end-user", "economic-buyer"]))
    score = cli("coverage", "--format", "json").json()["score"]
    assert score == 66.7  # 2 of 3 role columns filled at every stage: 66.67 exactly
    assert cli("coverage", "--fail-under", "66.6").exit_code == 0
    assert cli("coverage", "--fail-under", str(200 / 3)).exit_code == 0
    r = cli("coverage", "--fail-under", str(score + 1))
    assert r.exit_code == 1 and "under --fail-under" in r.stderr


def test_fail_under_compares_the_unrounded_score(repo, cli):
    for stage in ("awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"):
        repo.write(f"content/{stage}.md", doc(stage, roles=["end-user", "economic-buyer"]))
    r = cli("coverage", "--fail-under", "66.7")  # shown as 66.7%, really 66.67%
    assert r.exit_code == 1 and "coverage score 66.67% is under --fail-under 66.7%" in r.stderr


def test_fail_under_takes_a_percent_sign(repo, cli):
    for stage in ("awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"):
        repo.write(f"content/{stage}.md", doc(stage, roles=["end-user", "economic-buyer"]))  # 66.67%
    assert cli("coverage", "--fail-under", "66%").exit_code == 0
    r = cli("coverage", "--fail-under", "67%")
    assert r.exit_code == 1 and "under --fail-under 67%" in r.stderr
    assert cli("coverage", "--fail-under", "101%").exit_code == 2


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "100.5", "%", "nan%"])
def test_fail_under_rejects_a_value_that_is_not_a_percentage(repo, cli, value):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    r = cli("coverage", "--fail-under", value)
    assert r.exit_code == 2 and "--fail-under" in r.stderr


def test_table_shows_a_plain_heatmap_with_legend_score_confidence_and_top_gaps(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    r = cli("coverage")
    assert r.exit_code == 0
    out = r.output
    assert "\x1b[" not in out  # NO_COLOR: symbols only
    assert "~ 1" in out and "✗ 0" in out
    assert "✗ gap 0" in out and "≡ crowded 6+" in out
    assert "Score: 4.2%" in out  # 1 of 24 weighted cells (decision and onboarding weigh 1.5)
    assert "Confidence: high" in out and "Top gaps" in out and "decision × economic-buyer" in out


def test_csv_and_markdown_formats(repo, cli):
    repo.write("content/a.md", doc("awareness", roles=["end-user", "champion"]))
    rows = cli("coverage", "--format", "csv").output.splitlines()
    assert rows[0].startswith("phase,stage,column,published")
    assert "buyer,awareness,champion,1,0," in rows[3]
    md = cli("coverage", "--format", "markdown", "--by", "role").output
    assert "| phase | stage | end-user | economic-buyer | champion |" in md and "| buyer | awareness | ~ 1 | ✗ 0 | ~ 1 |" in md


def test_an_empty_corpus_says_so_and_exits_0_unless_fail_under(repo, cli):
    r = cli("coverage")
    assert r.exit_code == 0 and "No content documents found" in r.output
    assert cli("coverage", "--fail-under", "10").exit_code == 1
    assert cli("coverage", "--format", "json").json()["score"] == 0.0


@pytest.mark.parametrize("text,needle", [
    ("coverage:\n  stage_weights: {onbording: 2}\n", "coverage.stage_weights.onbording"),
    ("coverage:\n  bands: {thin: 0, gap: 0}\n", "same minimum"),
    ("coverage:\n  axis: roles\n", "coverage.axis"),
])
def test_invalid_coverage_settings_are_a_clear_error(repo, cli, text, needle):
    repo.config(text)
    repo.write("content/a.md", doc("awareness"))
    r = cli("coverage")
    assert r.exit_code == 2 and needle in r.stderr


def test_by_switches_the_axis_on_the_command_line(repo, cli):
    repo.write("content/a.md", doc("decision", roles=["economic-buyer"], topic="permissions", format="pricing"))
    m = cli("coverage", "--by", "format", "--format", "json").json()
    assert m["axis"] == "format" and m["columns"] == ["pricing"]
    assert "Coverage by topic" in cli("coverage", "--by", "topic").output


def test_the_heatmap_is_coloured_by_band_on_a_terminal(repo):
    import io

    from planner.cli.coverage import render_table

    repo.write("content/a.md", doc("awareness", roles=["end-user"]))
    out = io.StringIO()
    render_table(coverage_matrix(audit_of(repo), today=TODAY), out, color=True)
    assert "\x1b[" in out.getvalue() and "Score:" in out.getvalue()
