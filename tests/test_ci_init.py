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


def test_init_next_step_quotes_the_folder_for_the_shell(tmp_path, cli):
    import shlex

    target = tmp_path / "new dir" / "ünï $(x)"
    r = cli("init", str(target))
    assert r.exit_code == 0
    line = next(l for l in r.output.splitlines() if l.startswith("Next: "))
    assert line.startswith(f"Next: cd {shlex.quote(str(target))} && planner lint")
    assert shlex.split(line[len("Next: "):].split("&&")[0]) == ["cd", str(target)]


def test_init_adds_the_missing_ignore_lines_to_an_existing_gitignore_keeping_the_rest(tmp_path, cli):
    ignore = tmp_path / ".gitignore"
    ignore.write_bytes(b"node_modules\r\n/public\r\n*.log")  # no final newline, CRLF
    r = cli("init", str(tmp_path))
    assert r.exit_code == 0 and "added .planner-cache/ to" in r.output
    assert ignore.read_bytes() == b"node_modules\r\n/public\r\n*.log\r\n# planner: the built site and the cache\r\n.planner-cache/\r\n"
    for args in ((), ("--force",)):  # nothing duplicated, and --force never replaces it
        again = cli("init", str(tmp_path), *args)
        assert "already ignores" in again.output
        assert ignore.read_bytes().count(b".planner-cache/") == 1 and ignore.read_bytes().startswith(b"node_modules")


def test_init_workflow_never_installs_planner_by_its_bare_name(tmp_path, cli):
    """PyPI's "planner" is another project: the workflow installs `planner @ <where>` from a
    repository variable, and fails with a clear message while that is unset."""
    cli("init", str(tmp_path))
    text = (tmp_path / ".github/workflows/planner.yml").read_text()
    assert "planner==" not in text and "someone else's" in text
    steps = yaml.safe_load(text)["jobs"]["planner"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install planner")
    assert install["env"]["PLANNER_REQUIREMENT"] == "${{ vars.PLANNER_REQUIREMENT }}"
    assert 'pip install "$PLANNER_REQUIREMENT"' in install["run"] and "exit 1" in install["run"]


def test_init_workflow_installs_planner_from_the_git_repository_it_came_from(tmp_path, cli, monkeypatch):
    import importlib.metadata
    import json

    class Dist:
        def read_text(self, name):
            assert name == "direct_url.json"
            return json.dumps({"url": "https://user:token@github.com/acme/planner.git",
                               "vcs_info": {"vcs": "git", "commit_id": "0123abcd", "requested_revision": "main"}})

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Dist())
    cli("init", str(tmp_path))
    text = (tmp_path / ".github/workflows/planner.yml").read_text()
    steps = yaml.safe_load(text)["jobs"]["planner"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install planner")
    assert install["env"]["PLANNER_REQUIREMENT"] == "planner @ git+https://github.com/acme/planner.git@0123abcd"
    assert "token" not in text
