"""`planner daemon`: a resident process answers lint, coverage and plan with exactly the
output a run without it gives, sees every change, and never answers with other code.

Each test's daemon runs in a project and runtime folder of its own, with a short idle
timeout, and is stopped (by its pid, if need be) when the test ends. No timing is
asserted; waits are generous (a shared 2-core machine)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from planner.daemon import client, wire

from .conftest import CONTENT

pytestmark = pytest.mark.skipif(not wire.available(), reason="planner daemon needs Linux with fork")

WAIT_S = 120  # a daemon's start-up or a run on a loaded machine


class Project:
    """A content repository with its own runtime folder for daemon sockets."""

    def __init__(self, root: Path, rundir: str) -> None:
        self.root = root
        self.env = {**os.environ, "XDG_RUNTIME_DIR": rundir, "NO_COLOR": "1"}
        self.env.pop("PLANNER_NO_DAEMON", None)
        self.pids: list[int] = []

    def run(self, *args: str, served: bool = True, **kw) -> subprocess.CompletedProcess:
        env = dict(self.env) if served else {**self.env, "PLANNER_NO_DAEMON": "1"}
        return subprocess.run([sys.executable, "-m", "planner", *args], cwd=self.root, env=env, capture_output=True,
                              text=True, timeout=WAIT_S, **kw)

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "planner", *args], cwd=self.root, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start(self, idle: str = "2") -> subprocess.CompletedProcess:
        r = self.run("daemon", "start", "--idle", idle)
        assert r.returncode == 0, r.stderr
        if "(pid " in r.stdout:
            self.pids.append(int(r.stdout.split("(pid ")[1].split(",")[0]))
        return r

    def served(self) -> int:
        r = self.run("daemon", "status")
        return int(r.stdout.split("served")[1].split()[0]) if r.returncode == 0 else -1

    def wait_idle(self) -> None:
        """Until the daemon has no request running (and has read what the last one read)."""
        deadline = time.monotonic() + WAIT_S
        while "now idle" not in self.run("daemon", "status").stdout and time.monotonic() < deadline:
            time.sleep(0.2)

    def socket_path(self) -> Path:
        folder = Path(self.env["XDG_RUNTIME_DIR"]) / "planner"
        return wire.socket_path(folder, os.path.realpath(self.root))

    def same(self, *args: str, files: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        """Run ``args`` without and with the daemon: the same stdout, stderr, exit code
        and files; the second run was the daemon's."""
        before = self.served()
        alone = self.run(*args, served=False)
        written = {f: (self.root / f).read_bytes() for f in files}
        served = self.run(*args)
        assert (served.stdout, served.stderr, served.returncode) == (alone.stdout, alone.stderr, alone.returncode)
        for f in files:
            assert (self.root / f).read_bytes() == written[f], f
        assert self.served() == before + 1, "the daemon did not answer"
        return served


@pytest.fixture
def project(tmp_path):
    rundir = tempfile.mkdtemp(prefix="pls-", dir="/tmp")  # short: socket paths are limited to ~107 bytes
    shutil.copytree(CONTENT, tmp_path / "content")
    p = Project(tmp_path, rundir)
    yield p
    p.run("daemon", "stop")
    for pid in p.pids:  # a daemon a failed test left behind
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    shutil.rmtree(rundir, ignore_errors=True)


def test_start_status_stop_and_a_second_start_reports_the_first(project):
    r = project.start()
    assert "daemon started" in r.stdout and ".sock" in r.stdout
    status = project.run("daemon", "status")
    assert status.returncode == 0
    assert f"pid       {project.pids[0]}" in status.stdout and "served    0 request(s)" in status.stdout
    again = project.run("daemon", "start")
    assert again.returncode == 0 and f"already runs for {os.path.realpath(project.root)} (pid {project.pids[0]}" in again.stdout
    stop = project.run("daemon", "stop")
    assert stop.returncode == 0 and f"stopped (pid {project.pids[0]})" in stop.stdout
    assert project.run("daemon", "status").returncode == 1
    assert not project.socket_path().exists()


def test_outputs_are_byte_identical_with_and_without_the_daemon(project):
    project.start()
    project.same("lint", "--fail-on", "none")
    project.same("lint", "--format", "json")
    project.same("lint", "--format", "sarif", "-o", "report.sarif", files=("report.sarif",))
    project.same("coverage")
    project.same("coverage", "--format", "json")
    project.same("plan", "--limit", "5")
    project.same("lint", "--no-such-option")  # a usage error: exit 2
    (project.root / "planner.yml").write_text("rules:\n  phase-mismatch: loud\n", encoding="utf-8")
    bad = project.same("lint")  # a configuration error: exit 2, one line
    assert bad.returncode == 2 and bad.stderr.startswith("planner: error:")


def test_verbose_says_the_daemon_answered(project):
    project.start()
    r = project.run("lint", "-v", "--fail-on", "none")
    assert r.stderr.startswith(f"planner: answered by the planner daemon (pid {project.pids[0]})\n")
    assert "--no-daemon" not in r.stderr
    alone = project.run("--no-daemon", "lint", "-v", "--fail-on", "none")
    assert "planner daemon" not in alone.stderr
    assert alone.stdout == r.stdout


def test_an_edited_file_and_a_changed_config_are_seen(project):
    project.start()
    first = project.same("lint", "--format", "json", "--fail-on", "none")
    page = project.root / "content" / "best-practices" / "running-weekly-planning.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence, about the edit.\n", encoding="utf-8")
    project.wait_idle()  # the memo refreshed from the first run: the edit must still be seen
    edited = project.same("lint", "--format", "json", "--fail-on", "none")
    assert edited.stdout != first.stdout
    (project.root / "planner.yml").write_text("rules:\n  phase-mismatch: 'off'\n",
                                              encoding="utf-8")
    configured = project.same("lint", "--format", "json", "--fail-on", "none")
    rules = {f["rule"] for f in json.loads(configured.stdout)["findings"]}
    assert "phase-mismatch" not in rules and configured.stdout != edited.stdout


def _same_size_same_mtime(path: Path, edit) -> None:
    """Rewrite ``path`` through ``edit`` keeping its size and modification time."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text and len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_edits_that_keep_size_and_mtime_are_seen_in_a_page_the_config_and_the_team_model(project):
    """A daemon must never answer from what it read before: not for a page, planner.yml
    or the team model (.planner/model.json, read once per path, size and mtime)."""
    import re

    assert project.run("train", served=False).returncode == 0
    (project.root / "planner.yml").write_text("rules:\n  phase-mismatch: warning\n", encoding="utf-8")
    project.start()
    before = project.same("lint", "--format", "json", "--fail-on", "none").stdout
    model = project.root / ".planner" / "model.json"

    def swap_digits(text: str) -> str:  # every weight of the journey model, same length
        head, journey = text.split('"journey"', 1)
        journey, voice = journey.split('"voice"', 1)
        return head + '"journey"' + re.sub(r"(?<=[:\[, ])(-?)0\.(\d)(\d)", r"\g<1>0.\3\2", journey) + '"voice"' + voice

    _same_size_same_mtime(model, swap_digits)
    retrained = project.same("lint", "--format", "json", "--fail-on", "none").stdout
    assert retrained != before
    _same_size_same_mtime(project.root / "planner.yml", lambda t: t.replace("warning", "'off'  "))
    configured = project.same("lint", "--format", "json", "--fail-on", "none").stdout
    assert "phase-mismatch" not in {f["rule"] for f in json.loads(configured)["findings"]}
    page = project.root / "content" / "best-practices" / "running-weekly-planning.md"
    _same_size_same_mtime(page, lambda t: t.replace("stage: success", "stage: sucsess", 1))
    edited = project.same("lint", "--format", "json", "--fail-on", "none").stdout
    assert "sucsess" in edited and "sucsess" not in configured


def test_a_client_of_other_planner_code_runs_itself_and_the_daemon_stops(project):
    project.start()
    # a client whose code identity differs, as an upgraded or edited planner's would
    other = ("import sys\nfrom planner.daemon import client, wire\nwire.identity = lambda: '0' * 24\n"
             "sys.exit(0 if client.handoff(['lint', '-v']) is None else 1)\n")
    r = subprocess.run([sys.executable, "-c", other], cwd=project.root, env=project.env, capture_output=True,
                       text=True, timeout=WAIT_S)
    assert r.returncode == 0 and "other planner code" in r.stderr
    deadline = time.monotonic() + WAIT_S
    while project.socket_path().exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert project.run("daemon", "status").returncode == 1


def test_a_dead_daemons_socket_is_ignored_and_replaced_by_start(project):
    path = project.socket_path()
    path.parent.mkdir(mode=0o700, parents=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))  # bound, never listening: as a killed daemon leaves it
    dead.close()
    alone = project.run("lint", "--fail-on", "none", served=False)
    r = project.run("lint", "--fail-on", "none")
    assert (r.stdout, r.stderr, r.returncode) == (alone.stdout, alone.stderr, alone.returncode)
    verbose = project.run("lint", "-v", "--fail-on", "none")
    assert "did not take this run" in verbose.stderr and "answered" not in verbose.stderr
    project.start()
    assert project.run("daemon", "status").returncode == 0
    assert project.run("lint", "-v").stderr.startswith("planner: answered by the planner daemon")


def test_ctrl_c_in_the_client_interrupts_the_daemons_run(project):
    project.start()
    fifo = project.root / "report.fifo"
    os.mkfifo(fifo)  # the run blocks writing its report until someone reads: Ctrl-C comes first
    proc = project.popen("lint", "-v", "-o", str(fifo))
    try:
        assert "answered by the planner daemon" in proc.stderr.readline()
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.strip().endswith("planner: interrupted")
    project.wait_idle()


def test_a_killed_client_ends_its_run_in_the_daemon(project):
    project.start()
    fifo = project.root / "report.fifo"
    os.mkfifo(fifo)
    proc = project.popen("lint", "-v", "-o", str(fifo))
    assert "answered by the planner daemon" in proc.stderr.readline()
    assert "now busy" in project.run("daemon", "status").stdout
    proc.kill()
    proc.wait(timeout=WAIT_S)
    project.wait_idle()  # the child noticed its client is gone, and ended
    assert "now idle" in project.run("daemon", "status").stdout


def test_an_idle_daemon_exits_by_itself(project):
    project.start(idle="0.02")  # 1.2 s
    deadline = time.monotonic() + WAIT_S
    while project.socket_path().exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert project.run("daemon", "status").returncode == 1


def test_the_hook_looks_where_daemons_listen(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert client.runtime_folder() == str(wire.runtime_dir())
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert client.runtime_folder() == str(wire.runtime_dir()) == f"/tmp/planner-{os.getuid()}"


def test_without_a_daemon_nothing_is_handed_over(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("PLANNER_NO_DAEMON", raising=False)
    assert client.handoff(["lint"]) is None


def test_only_read_only_commands_are_handed_over():
    assert client.command(["lint", "-v"]) == "lint"
    assert client.command(["--config", "x.yml", "coverage"]) == "coverage"
    assert client.command(["--config=x.yml", "plan"]) == "plan"
    for args in (["--no-daemon", "lint"], ["build"], ["train"], ["daemon", "stop"], ["--version"], ["-h"], []):
        assert client.command(args) is None, args


def test_the_project_is_found_as_the_configuration_is(tmp_path):
    from planner import config

    assert wire.CONFIG_NAMES == config.CONFIG_NAMES
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    assert wire.project_root([], str(tmp_path / "sub" / "deeper")) == os.path.realpath(tmp_path / "sub" / "deeper")
    (tmp_path / "planner.yml").write_text("{}\n")
    assert wire.project_root([], str(tmp_path / "sub" / "deeper")) == os.path.realpath(tmp_path)
    assert wire.project_root(["--config", "sub/x.yml", "lint"], str(tmp_path)) == os.path.realpath(tmp_path / "sub")


def test_only_the_same_user_is_trusted():
    assert wire.trusted(1000, me=1000)
    assert not wire.trusted(1001, me=1000)
    assert not wire.trusted(0, me=1000)
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        assert wire.peer_uid(a) == os.getuid()


def test_the_runtime_folder_must_be_private_and_real(tmp_path):
    open_dir = tmp_path / "open"
    open_dir.mkdir(mode=0o755)
    open_dir.chmod(0o755)
    assert not wire.owned_private_dir(open_dir)
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    assert wire.owned_private_dir(private)
    link = tmp_path / "link"
    link.symlink_to(private)
    assert not wire.owned_private_dir(link)


def test_messages_are_bounded_json(monkeypatch):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        wire.send(a, {"op": "status"})
        assert wire.receive(b)[0] == {"op": "status"}
        a.sendall((wire.MAX_MESSAGE + 1).to_bytes(4, "big"))
        with pytest.raises(wire.WireError):
            wire.receive(b)
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        a.sendall(len(b"[1]").to_bytes(4, "big") + b"[1]")
        with pytest.raises(wire.WireError):
            wire.receive(b)  # not an object


def test_start_says_when_the_platform_has_no_daemon(cli, monkeypatch):
    monkeypatch.setattr(wire, "available", lambda: False)
    r = cli("daemon", "start")
    assert r.exit_code == 2 and "not available on this platform" in r.stderr


def test_the_daemon_keeps_each_results_report_line_for_those_very_objects(project):
    from planner.daemon.memo import Memo
    from planner.reporters.json_report import document_line

    assert project.run("lint", "--fail-on", "none", served=False).returncode == 0
    memo = Memo()
    memo.want([str(p) for p in (project.root / ".planner-cache" / "results").rglob("*.json")])
    while memo.pending:
        memo.step()
    kept = list(memo._results.values())
    assert len(kept) == 50  # content/'s pages
    for _entry, summary, _findings in kept:
        assert memo.line(summary, summary.analysis) == document_line(summary, summary.analysis)
        other = type(summary)(**vars(summary))  # equal, but not what the line was encoded from
        assert memo.line(other, summary.analysis) is None


# --------------------------------------------------------------------------- hostile peers

def test_a_message_nested_too_deeply_is_refused_and_the_daemon_keeps_serving(project):
    """json's parser recurses once per level: a same-user peer's deep array ended the daemon."""
    project.start()
    deep = b"[" * 100_000 + b"]" * 100_000
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(WAIT_S)
        s.connect(str(project.socket_path()))
        s.sendall(len(deep).to_bytes(4, "big") + deep)
        assert s.recv(16) == b""  # refused: the daemon closed the connection
    project.same("lint", "--fail-on", "none")  # and it still answers


def test_a_peer_that_trickles_its_message_is_cut_off_within_the_bound():
    """A socket timeout bounds each read only; a byte every 0.1 s would never run out of it."""
    import threading

    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        stop = threading.Event()

        def trickle() -> None:
            a.sendall((100).to_bytes(4, "big"))
            while not stop.wait(0.1):
                try:
                    a.sendall(b" ")
                except OSError:
                    return

        threading.Thread(target=trickle, daemon=True).start()
        b.settimeout(5.0)
        started = time.monotonic()
        with pytest.raises(wire.WireError):
            wire.receive(b, within=0.5)
        stop.set()
        assert time.monotonic() - started < 3.0  # 0.5 s and scheduling, not 100 bytes x 0.1 s
        assert b.gettimeout() == 5.0  # the socket's own timeout is left as it was


@pytest.mark.parametrize("change", [
    {"streams": [1, 2, 3]},
    {"streams": [["no-such-codec", "strict", False, False]] * 3},
    {"streams": [["utf-8", "no-such-handler", False, False]] * 3},
    {"umask": 1 << 70},
    {"umask": -1},
    {"argv": ["planner", "lint", "a\0b"]},
    {"env": {"A\0": "b"}},
    {"env": {"A=B": "c"}},
    {"cwd": "/tmp\0x"},
])
def test_a_request_the_child_could_not_honour_is_refused_before_any_fork(change):
    """Refused, the client runs the command itself; started, the child would die
    without an exit code (the client's "ended without an exit code", exit 2)."""
    from planner.daemon.loop import Daemon

    daemon = Daemon("/project", 60.0)
    request = {"op": "run", "identity": daemon.identity, "runtime": daemon.runtime, "root": "/project",
               "argv": ["planner", "lint"], "cwd": "/project", "env": {"HOME": "/root"}, "umask": 0o022,
               "streams": [["utf-8", "strict", False, False]] * 3}
    assert daemon.refusal(request, [0, 1, 2]) is None
    assert daemon.refusal({**request, **change}, [0, 1, 2]) == "malformed request"
