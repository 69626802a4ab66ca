"""The command line's options as users of ruff and Vale write them: the same option in
the same place and with the same meaning in every command, and every `--help` complete."""
from __future__ import annotations

import re

import pytest

from planner.daemon import client
from tests.conftest import doc


def test_global_options_are_accepted_after_the_command(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    for command in ("lint", "coverage", "plan", "tone", "rules", "train"):
        before = cli("--no-daemon", command)
        after = cli(command, "--no-daemon")
        assert (after.exit_code, after.output) == (before.exit_code, before.output), command
        assert "no such option" not in after.stderr.lower(), command
    repo.write("other.yml", "content:\n  pathz: [content]\n")
    for args in (("--config", "other.yml", "lint"), ("lint", "--config", "other.yml"), ("lint", "--config=other.yml")):
        r = cli(*args)
        assert r.exit_code == 2 and "other.yml:2: unknown key 'content.pathz'" in r.stderr, args


def test_no_daemon_or_config_after_the_command_runs_it_here():
    assert client.command(["lint", "--no-daemon"]) is None
    assert client.command(["coverage", "--config", "x.yml"]) is None  # may be another project than the daemon's
    assert client.command(["plan", "--config=x.yml"]) is None
    assert client.command(["lint", "--", "--no-daemon"]) == "lint"  # a file of that name


def test_build_and_serve_read_the_planner_yml_named_by_config(repo, cli):
    import pytest
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from planner.site.plugin import use_planner_yml

    assert cli("init").exit_code == 0
    repo.write("other.yml", "content:\n  pathz: [content]\n")
    for args in (("--config", "other.yml", "build", "--pages-only"), ("build", "--pages-only", "--config", "other.yml")):
        r = cli(*args)
        assert r.exit_code == 2 and "other.yml:2: unknown key 'content.pathz'" in r.stderr, args
    assert cli("build", "--pages-only").exit_code == 0  # planner.yml, found as before
    use_planner_yml((repo.root / "other.yml").resolve())  # what `planner serve --config other.yml` does
    try:
        cfg = load_config(config_file=str(repo.root / "mkdocs.yml"))
        with pytest.raises(PluginError, match="other.yml:2: unknown key 'content.pathz'"):
            cfg.plugins.on_config(cfg)
    finally:
        use_planner_yml(None)
    r = cli("serve", "--config", "other.yml", "-a", "127.0.0.1:0")  # fails at the first build, before serving
    assert r.exit_code == 2 and "mkdocs.yml: Aborted with a BuildError (MkDocs' messages above say why)" in r.stderr
    from planner.site import plugin

    assert plugin._explicit is None  # the next build in this process reads its own planner.yml


def test_coverage_plan_and_tone_take_v_and_no_cache_as_lint_does(repo, cli):
    import shutil

    repo.write("content/a.md", doc("awareness"))
    for command in ("lint", "coverage", "plan", "tone"):
        shutil.rmtree(repo.root / ".planner-cache", ignore_errors=True)
        r = cli(command, "-v", "--no-cache")
        assert r.exit_code == 0, (command, r.stderr)
        assert "planner: journey model: shipped" in r.stderr, command
        assert not (repo.root / ".planner-cache").exists(), command  # nothing read or written
        plain = cli(command)
        assert plain.exit_code == 0 and "journey model" not in plain.stderr, command
        assert plain.output == r.output, command
    r = cli("lint", "-v", "--format", "json")  # stderr, whatever the format
    assert "planner: journey model: shipped" in r.stderr and r.json()["schema_version"] == 1


def test_every_help_lists_the_exit_codes_and_the_global_options(cli):
    from planner.cli import COMMANDS

    for command in [*COMMANDS, "daemon start", "daemon status", "daemon stop"]:
        r = cli(*command.split(), "--help")
        assert r.exit_code == 0, command
        text = " ".join(r.output.split())
        assert "Exit codes: 0 " in text and "2 usage, configuration or I/O error, 130 interrupted" in text, command
        options = text[text.index("Options:"):]
        assert ("--config FILE" in options) == (command != "init"), command  # init reads no planner.yml
        assert ("--no-daemon" in options) == (command in ("lint", "coverage", "plan")), command  # what a daemon answers
    assert "1 findings at or above it" in " ".join(cli("lint", "--help").output.split())
    assert "1 the score is under --fail-under" in " ".join(cli("coverage", "--help").output.split())
    assert "1 none runs" in " ".join(cli("daemon", "status", "--help").output.split())


def test_rules_takes_f_for_format_as_every_reporting_command(cli):
    r = cli("rules", "-f", "json")
    assert r.exit_code == 0 and r.json()[0]["id"]


def test_the_command_line_page_lists_every_option_of_every_command():
    import click

    from planner.cli import COMMANDS, cli
    from tests.conftest import REPO

    rows = [line for line in (REPO / "docs" / "cli.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `planner ")]
    ctx = click.Context(cli)
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        [row] = [r for r in rows if r.split("`")[1].split()[1] == name]
        for c in [cmd, *getattr(cmd, "commands", {}).values()]:
            for p in c.params:
                if isinstance(p, click.Option) and p.name not in ("config_path", "no_daemon", "version"):
                    listed = [o for o in p.opts if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row)]
                    assert listed, f"docs/cli.md: `planner {name}` does not list {'/'.join(p.opts)}"


def test_a_missing_content_folder_says_where_it_is_configured_and_what_to_do(repo, cli):
    (repo.root / "content").rmdir()
    for command in ("lint", "coverage", "plan", "tone", "train"):
        r = cli(command)
        assert r.exit_code == 2, command
        assert "no such folder: content (the default content.paths; no planner.yml); create it" in r.stderr, command
    repo.config("content:\n  paths: [docs]\n")
    r = cli("lint")
    assert "no such folder: docs (content.paths in planner.yml)" in r.stderr
    assert "no such file or folder: nope" in cli("lint", "nope").stderr


def test_version_answers_the_same_before_or_after_the_command(cli):
    first = cli("--version")
    assert first.exit_code == 0 and first.output.startswith("planner, version ")
    for args in (("lint", "--version"), ("coverage", "--version"), ("daemon", "status", "--version")):
        r = cli(*args)
        assert (r.exit_code, r.output) == (0, first.output), args


def test_a_mistyped_name_is_answered_in_the_same_words_by_every_command(repo, cli):
    assert "unknown stage 'onbording' (did you mean 'onboarding'?); expected one of: awareness" in \
        cli("new", "T", "--stage", "onbording").stderr
    assert "no rule 'tag-mising' (did you mean 'tag-missing'?); `planner rules` lists them" in cli("explain", "tag-mising").stderr
    repo.config("content:\n  pahts: [content]\n")
    assert "unknown key 'content.pahts' (did you mean 'paths'?); expected one of:" in cli("lint").stderr


def test_text_and_table_both_name_the_format_for_people_in_every_command(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    for command, own in (("lint", "text"), ("coverage", "table"), ("plan", "table"), ("tone", "table"),
                         ("rules", "table")):
        mine = cli(command, "-f", own)
        other = cli(command, "-f", "table" if own == "text" else "text")
        assert mine.exit_code == other.exit_code == 0 and mine.output == other.output, command


def test_shell_completion_offers_commands_options_and_rule_ids(monkeypatch):
    from click.shell_completion import ShellComplete

    from planner.cli import cli

    def complete(*words: str) -> list[str]:
        return [c.value for c in ShellComplete(cli, {}, "planner", "_PLANNER_COMPLETE").get_completions(list(words[:-1]), words[-1])]

    assert "lint" in complete("li")
    assert "--no-daemon" in complete("lint", "--no")
    assert complete("explain", "phase-mis") == ["phase-mismatch"]


def test_output_dash_is_standard_output_not_a_file_named_dash(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    for command in ("lint", "coverage", "plan", "tone"):
        r = cli(command, "-f", "json", "-o", "-")
        assert r.exit_code == 0 and r.json()["schema_version"] == 1, command
        assert not (repo.root / "-").exists(), command


def test_a_mistyped_command_names_the_command_meant(cli):
    r = cli("lnt")
    assert r.exit_code == 2 and "No such command 'lnt' (did you mean 'lint'?)" in r.stderr
    assert "did you mean" not in cli("xyzzy").stderr


def test_daemon_status_takes_format_json_as_every_command_and_keeps_json(cli, monkeypatch, tmp_path):
    (tmp_path / "run").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.chdir(tmp_path)
    for args in (["-f", "json"], ["--format", "json"], ["--json"]):
        r = cli("daemon", "status", *args)
        assert (r.exit_code, r.output) == (1, "null\n"), args
    r = cli("daemon", "status", "--format", "text")
    assert r.exit_code == 1 and "no daemon runs" in r.stderr + r.output
    assert "--json" not in cli("daemon", "status", "--help").output  # the documented spelling is --format


def test_a_mistyped_subcommand_gets_the_one_meant(cli):
    r = cli("daemon", "stat")
    assert r.exit_code == 2 and "No such command 'stat' (did you mean 'status'?)" in r.stderr
    r = cli("daemon", "stpo")
    assert r.exit_code == 2 and "did you mean 'stop'" in r.stderr
    r = cli("cov")
    assert r.exit_code == 2 and "did you mean 'coverage'" in r.stderr  # a prefix names the command
    assert "did you mean 'start' or 'status'?" in cli("daemon", "sta").stderr  # a prefix of two names both


@pytest.mark.parametrize("command, value", [("lint", "json"), ("lint", "JSON"), ("coverage", "csv"), ("plan", "markdown")])
def test_output_naming_a_format_is_a_usage_error_not_a_file_of_that_name(repo, cli, command, value):
    r = cli(command, "-o", value)
    assert r.exit_code == 2 and f"use -f {value.lower()} for the format" in r.stderr
    assert not (repo.root / value).exists()
    assert cli(command, "-o", f"./{value}").exit_code in (0, 1) and (repo.root / value).is_file()


@pytest.mark.parametrize("command", ["lint", "coverage", "plan", "tone", "trend"])
def test_an_empty_path_is_a_usage_error_not_the_working_folder(repo, cli, command):
    repo.write("CHANGELOG.md", "# not content\n")  # what checking the working folder would lint
    r = cli(command, "")
    assert r.exit_code == 2 and "'' is an empty path" in r.stderr and '"$FILES"' in r.stderr


def test_config_naming_a_folder_names_the_planner_yml_in_it(repo, cli):
    repo.write("team/planner.yml", "content:\n  required: [title]\n")
    for args in (["lint", "--config", "team"], ["--config", "team", "lint"]):
        r = cli(*args)
        assert r.exit_code == 2 and "'team' is a folder" in r.stderr
        assert "did you mean --config team/planner.yml?" in r.stderr
    assert "it holds no planner.yml" in cli("lint", "--config", "content").stderr


def test_format_names_are_taken_in_any_case_with_the_same_output(repo, cli):
    repo.write("content/a.md", doc("awareness"))
    assert cli("lint", "-f", "JSON", "--no-cache").output == cli("lint", "-f", "json", "--no-cache").output
    assert cli("coverage", "-f", "Text").output == cli("coverage", "-f", "table").output
    assert cli("rules", "-f", "JSON").json()[0]["id"]


def test_a_stale_xdg_runtime_dir_is_named_as_the_daemon_commands_problem(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "gone"))
    monkeypatch.chdir(tmp_path)
    r = cli("daemon", "start")
    assert r.exit_code == 2 and f"XDG_RUNTIME_DIR is {tmp_path / 'gone'}, which is not a folder" in r.stderr


def test_lint_statistics_counts_findings_per_rule_most_first_with_the_same_exit_code(repo, cli):
    for i in range(3):
        repo.write(f"content/untagged{i}.md", doc(stage=None))
    repo.write("content/typo.md", doc("awarnes"))
    whole = cli("lint", "-f", "json", "--no-cache")
    r = cli("lint", "--statistics", "--no-cache")
    assert r.exit_code == whole.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0].split() == ["3", "error", "tag-missing"] and lines[-1].startswith("✖ 4 problems")
    data = cli("lint", "--statistics", "-f", "json", "--no-cache").json()
    assert sum(s["count"] for s in data["statistics"]) == len(whole.json()["findings"])
    assert data["summary"] == whole.json()["summary"]
    r = cli("lint", "--statistics", "-f", "sarif")
    assert r.exit_code == 2 and "--statistics" in r.stderr


def test_quiet_as_ruff_users_type_it_says_where_the_output_goes(repo, capsys):
    from planner.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["lint", "-q"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "No such option '-q'; planner has no quiet mode" in err and "2>/dev/null" in err


def test_a_mistyped_path_gets_the_one_meant_from_its_folder(repo, cli):
    repo.write("content/blog/post.md", doc("awareness"))
    r = cli("lint", "content/blg")
    assert r.exit_code == 2 and "no such file or folder: content/blg (did you mean content/blog?)" in r.stderr
    r = cli("coverage", "content/blog/pots.md")
    assert r.exit_code == 2 and "(did you mean content/blog/post.md?)" in r.stderr
    assert "did you mean" not in cli("lint", "xyzzy").stderr


def test_every_lint_format_name_is_refused_as_an_output_file():
    from planner.cli.common import FORMAT_NAMES
    from planner.reporters import reporters

    assert set(reporters()) <= FORMAT_NAMES


@pytest.mark.parametrize("value, on", [("1", True), ("yes", True), ("true", True), ("anything", True),
                                       ("", False), ("0", False), ("false", False), ("No", False), (" off ", False)])
def test_on_off_environment_variables_read_0_false_no_off_as_off(value, on, monkeypatch):
    # PLANNER_NO_DAEMON=0 in a CI file means "do use the daemon", not "set, so on"
    from planner import env_flag

    monkeypatch.setenv("PLANNER_NO_DAEMON", value)
    assert env_flag("PLANNER_NO_DAEMON") is on
    monkeypatch.delenv("PLANNER_NO_DAEMON")
    assert env_flag("PLANNER_NO_DAEMON") is False

