"""The command line's options as users of ruff and Vale write them: the same option in
the same place and with the same meaning in every command, and every `--help` complete."""
from __future__ import annotations

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
