"""`planner init`: a content repository that passes its own lint, never clobbering files."""
from __future__ import annotations

import yaml


def test_init_output_passes_its_own_lint(tmp_path, monkeypatch, cli):
    target = tmp_path / "repo"
    r = cli("init", str(target))
    assert r.exit_code == 0
    for rel in ("planner.yml", "mkdocs.yml", ".github/workflows/planner.yml", ".pre-commit-config.yaml"):
        assert yaml.safe_load((target / rel).read_text())
    assert list((target / "content").glob("*.md"))
    monkeypatch.chdir(target)
    lint = cli("lint", "--fail-on", "suggestion", "--no-cache")
    assert lint.exit_code == 0, lint.output


def test_init_workflow_and_hook_run_the_gate(tmp_path, cli):
    cli("init", str(tmp_path))
    wf = yaml.safe_load((tmp_path / ".github/workflows/planner.yml").read_text())
    runs = " ".join(s.get("run", "") for s in wf["jobs"]["planner"]["steps"])
    assert "planner lint --changed" in runs and "--format sarif" in runs
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["id"] == "planner-lint"


def test_init_never_overwrites_without_force(tmp_path, cli):
    (tmp_path / "planner.yml").write_text("# mine\n")
    r = cli("init", str(tmp_path))
    assert r.exit_code == 0 and "kept" in r.output
    assert (tmp_path / "planner.yml").read_text() == "# mine\n"
    assert (tmp_path / "mkdocs.yml").exists()
    cli("init", str(tmp_path), "--force")
    assert (tmp_path / "planner.yml").read_text() != "# mine\n"


def test_repository_integrations_are_well_formed():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "planner-lint" and hooks[0]["entry"].startswith("planner lint")
    action = yaml.safe_load((root / "action.yml").read_text())
    assert {"paths", "fail-on", "baseline", "format"} <= set(action["inputs"])
    assert action["runs"]["using"] == "composite"


def _cache_steps(steps: list[dict]) -> list[dict]:
    return [s["with"] for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]


def test_shipped_ci_caches_cannot_be_seeded_from_another_ref(tmp_path, cli):
    """The action and the `planner init` workflow restore only caches saved by the same
    ref: no restore-keys prefix reaches a pull request's cache from the base branch."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cli("init", str(tmp_path))
    sources = {
        "action.yml": (root / "action.yml").read_text(),
        "init workflow": (tmp_path / ".github/workflows/planner.yml").read_text(),
    }
    for name, text in sources.items():
        data = yaml.safe_load(text)
        steps = data["runs"]["steps"] if "runs" in data else data["jobs"]["planner"]["steps"]
        caches = _cache_steps(steps)
        assert caches, name
        for c in caches:
            assert c["key"].endswith("${{ github.ref }}:${{ github.sha }}"), (name, c["key"])
            for prefix in str(c.get("restore-keys", "")).split("\n"):
                if prefix.strip():
                    assert prefix.strip().endswith("${{ github.ref }}:"), (name, prefix)
        assert "pull request" in text and "restore" in text  # the comment says why
