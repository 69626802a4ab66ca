"""Every file planner writes (reports, baselines, drafts, `planner init` files) goes
through one helper: atomic for regular files, written through (never renamed over) for
anything else, with the mode a user expects.

Special files are exercised through FIFOs, pipes and symlinks in a temporary folder, so
no test ever touches a real device such as /dev/null.
"""
from __future__ import annotations

import json
import os
import select
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import doc


@pytest.fixture
def small_repo(repo):
    repo.write("content/a.md", doc("onboarding", phase="buyer", title="Set up reports"))
    return repo


@pytest.fixture
def umask():
    """Set the process umask for one test, restoring it after."""
    saved = []

    def set_mask(mask: int) -> None:
        saved.append(os.umask(mask))

    yield set_mask
    if saved:
        os.umask(saved[0])


class FifoReader:
    """Reads a FIFO in a thread without ever blocking the test: the read end is opened
    non-blocking first, so a writer's open() succeeds and nothing hangs if planner
    replaces the FIFO instead of writing to it."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.chunks: list[bytes] = []
        self.writer_seen = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(self.fd, 65536)
            if chunk:
                self.chunks.append(chunk)
                self.writer_seen.set()
            elif self.writer_seen.is_set():
                return  # EOF after a writer came and went
            else:
                select.select([], [], [], 0.05)  # no writer yet: EOF is immediate on an unopened FIFO

    def text(self, timeout: float = 10) -> str:
        self.thread.join(timeout)
        os.close(self.fd)
        return b"".join(self.chunks).decode()


def test_report_to_a_fifo_is_written_through_and_the_fifo_stays(small_repo, cli):
    fifo = small_repo.root / "report.fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    r = cli("lint", "--format", "json", "--fail-on", "none", "-o", str(fifo))
    assert r.exit_code == 0, r.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert [d["path"] for d in json.loads(reader.text())["documents"]] == ["content/a.md"]
    assert not [p for p in small_repo.root.iterdir() if p.name.endswith(".tmp")]  # no temporary file left beside it


def test_report_through_a_symlink_to_a_special_file_keeps_the_link(small_repo, cli):
    """The `-o /dev/stdout` case: a symlink whose target is not a regular file."""
    fifo = small_repo.root / "pipe"
    os.mkfifo(fifo)
    link = small_repo.root / "stdout"
    link.symlink_to(fifo)
    reader = FifoReader(fifo)
    r = cli("lint", "--format", "github", "--fail-on", "none", "-o", str(link))
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "::error file=content/a.md" in reader.text()


def test_report_to_a_descriptor_path_writes_to_that_descriptor(small_repo, cli):
    """Process substitution (`-o >(jq .)`) hands planner a /dev/fd/N path."""
    read_end, write_end = os.pipe()
    try:
        r = cli("lint", "--format", "json", "--fail-on", "none", "-o", f"/dev/fd/{write_end}")
        assert r.exit_code == 0, r.stderr
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        report = json.loads(fh.read())
    assert [d["path"] for d in report["documents"]] == ["content/a.md"]


def test_report_through_a_symlink_to_a_regular_file_updates_the_target(small_repo, cli):
    (small_repo.root / "reports").mkdir()
    target = small_repo.root / "reports" / "latest.json"
    target.write_text("old")
    link = small_repo.root / "report.json"
    link.symlink_to(target)
    assert cli("lint", "--format", "json", "--fail-on", "none", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text())["documents"]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_replacing_a_report_keeps_its_mode(small_repo, cli, umask, mode):
    umask(0o077)  # the old mode must win over the umask
    out = small_repo.root / "report.json"
    out.write_text("old")
    out.chmod(mode)
    assert cli("lint", "--format", "json", "--fail-on", "none", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode and out.read_text() != "old"


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_report_gets_the_mode_the_umask_gives(small_repo, cli, umask, mask, mode):
    umask(mask)
    out = small_repo.root / "report.sarif"
    assert cli("lint", "--format", "sarif", "--fail-on", "none", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.parametrize("command", [
    ["lint", "--format", "json", "--fail-on", "none"],
    ["coverage", "--format", "json"],
    ["plan", "--format", "json"],
    ["tone", "--format", "csv"],
    ["lint", "--update-baseline"],
])
def test_output_into_a_missing_folder_is_a_clear_error_and_creates_nothing(small_repo, capsys, command):
    from planner.cli import main

    out = "reports/2026/out.json"
    argv = [*command, out] if command[-1] == "--update-baseline" else [*command, "-o", out]
    with pytest.raises(SystemExit) as e:
        main(argv)
    err = capsys.readouterr().err
    assert e.value.code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("planner: error:"), err
    assert "reports/2026" in err and "does not exist" in err
    assert not (small_repo.root / "reports").exists()


def test_updating_a_baseline_keeps_its_mode(small_repo, cli, umask):
    umask(0o077)
    base = small_repo.root / ".planner-baseline.json"
    assert cli("lint", "--update-baseline", str(base)).exit_code == 0
    base.chmod(0o644)
    small_repo.write("content/b.md", doc("onboarding", phase="buyer", title="Invite your team"))
    assert cli("lint", "--update-baseline", str(base)).exit_code == 0
    assert stat.S_IMODE(base.stat().st_mode) == 0o644 and "content/b.md" in base.read_text()


def test_drafts_and_init_files_get_the_umask_mode(small_repo, cli, umask):
    umask(0o022)
    assert cli("new", "Invite your team", "--stage", "onboarding").exit_code == 0
    draft = small_repo.root / "content" / "invite-your-team.md"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o644
    assert cli("init", "site-repo").exit_code == 0
    written = [p for p in (small_repo.root / "site-repo").rglob("*") if p.is_file()]
    assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}


def test_init_never_writes_through_an_existing_special_file(small_repo, cli):
    """Without --force an existing path is kept, whatever kind of file it is."""
    target = small_repo.root / "fresh"
    target.mkdir()
    fifo = target / "planner.yml"
    os.mkfifo(fifo)
    r = cli("init", str(target))
    assert r.exit_code == 0 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "kept" in r.output


def test_helper_refuses_to_replace_a_folder(tmp_path):
    from planner.fsutil import atomic_write_text

    (tmp_path / "out").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "out", "x")
    assert (tmp_path / "out").is_dir()
