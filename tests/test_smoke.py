from tests.conftest import doc


def test_lint_reports_stage_phase_conflict_with_its_line(repo, cli):
    repo.write("content/a.md", doc("onboarding", phase="buyer"))
    r = cli("lint", "--format", "json")
    assert r.exit_code == 1
    f = r.json()["findings"][0]
    assert f["rule"] == "stage-phase-conflict" and f["line"] == 4
