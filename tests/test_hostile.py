"""Hostile or broken content never crashes a run, never hides other files' findings and
never writes to content.

Every case asserts what a user would see: a finding with the path, the line where one
exists and what to do; the documented exit code; and that the findings of two control
documents linted in the same run are unchanged. Heavy cases run `planner` in a
subprocess under a 1 GB address-space limit (RLIMIT_AS) and a timeout, so a case that
ran away would fail rather than take the machine down.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.rules import registry
from tests.conftest import doc

PLANNER = [sys.executable, "-m", "planner"]
MEMORY_LIMIT = 1 << 30  # bytes of address space per planner process
CONTROLS = {
    "content/control/good.md": doc("onboarding", title="Your first week", roles=["end-user"],
                                   body="Invite your team and create your first project. It takes five minutes.\n"),
    "content/control/conflict.md": doc("onboarding", phase="buyer", title="Set up reports"),
}


def per_document(findings: list[dict], paths) -> list[tuple]:
    """Findings of per-document rules on ``paths`` (corpus rules legitimately depend on
    which other documents are in the run)."""
    scopes = {r.id: r.scope for r in registry().values()}
    return sorted((f["path"], f["rule"], f["line"], f["column"], f["message"]) for f in findings
                  if f["path"] in paths and scopes.get(f["rule"]) != "corpus")


@pytest.fixture
def controlled(repo, cli):
    """A repo holding the two controls; returns a checker for the controls' findings."""
    for rel, text in CONTROLS.items():
        repo.write(rel, text)
    baseline = per_document(cli("lint", "--format", "json", "--fail-on", "none").json()["findings"], CONTROLS)
    assert any(f[1] == "stage-phase-conflict" for f in baseline)

    def check(report: dict) -> None:
        assert per_document(report["findings"], CONTROLS) == baseline

    repo.check_controls = check
    return repo


def lint_json(cli, *args) -> tuple[int, dict]:
    r = cli("lint", "--format", "json", *args)
    assert r.exit_code in (0, 1), r.stderr
    return r.exit_code, r.json()


def findings_for(report: dict, path: str) -> list[dict]:
    return [f for f in report["findings"] if f["path"] == path]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_planner(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m planner ARGS` in a subprocess under the memory limit and a timeout."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("PLANNER_DEBUG", None)
    return subprocess.run([*PLANNER, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limits, env=env)


# --------------------------------------------------------------------------- light cases, in process

BAD_FILES = [
    # name, bytes, (rule, line, fragment of the advice)
    ("malformed-yaml", b"---\ntitle: T\nstage: [awareness\n---\nBody.\n", ("front-matter-invalid", 3, "check quotes, brackets")),
    ("yaml-list", b"---\n- awareness\n- end-user\n---\nBody.\n", ("front-matter-invalid", 2, "key: value")),
    ("yaml-scalar", b"---\nstage awareness\n---\nBody.\n", ("front-matter-invalid", 2, "key: value")),
    ("unclosed", b"---\ntitle: T\nstage: awareness\n\nBody.\n", ("front-matter-invalid", 1, "add a closing '---'")),
    ("non-utf8", b"---\ntitle: T\nstage: awareness\n---\nna\xefve\n", ("file-unreadable", 5, "re-save the file as UTF-8")),
    ("utf16", "---\ntitle: T\n---\n".encode("utf-16"), ("file-unreadable", 1, "UTF-16")),
    ("binary", bytes(range(256)) * 4, ("file-unreadable", 1, "binary file")),
    ("empty", b"", ("tag-missing", 1, "no front matter")),
    ("only-code", b"```python\nprint('hello')\n```\n", ("tag-missing", 1, "no front matter")),
    # planner's own words whichever YAML library version stops first (PyYAML 6.0.4's libyaml
    # has a nesting limit of its own, worded differently): the test matches only our text
    ("deep-yaml", b"---\ntitle: T\nstage: awareness\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nB.\n", ("front-matter-invalid", 4, "front matter is nested more than")),
    ("deep-block-yaml", b"---\ntitle: T\n" + b"".join(b" " * i + b"k:\n" for i in range(200)) + b"---\nB.\n", ("front-matter-invalid", None, "front matter is nested more than")),
    ("duplicate-keys", b"---\ntitle: T\nstage: awareness\ntitle: U\n---\nB.\n", ("front-matter-invalid", 4, "duplicate key 'title'")),
    ("stage-number", b"---\ntitle: T\nstage: 5\n---\nB.\n", ("tag-unknown", 3, "unknown stage '5'")),
    ("roles-string", b"---\ntitle: T\nstage: awareness\nroles: end-user\n---\nB.\n", ("front-matter-invalid", 4, "should be a list")),
    ("reviewed-yesterday", b"---\ntitle: T\nstage: awareness\nreviewed: yesterday\n---\nB.\n", ("front-matter-invalid", 4, "expected a date like")),
    ("title-list", b"---\ntitle: [a, b]\nstage: awareness\n---\nB.\n", ("front-matter-invalid", 2, "must be text")),
    ("unknown-key", b"---\ntitle: T\nstgae: awareness\n---\nB.\n", ("tag-missing", 3, "did you mean 'stage'")),
    ("tab-indent", b"---\ntitle: T\n\tstage: awareness\n---\nB.\n", ("front-matter-invalid", 3, "not valid YAML")),
    ("null-bytes-late", b"---\ntitle: T\nstage: awareness\n---\n" + b"x" * 9000 + b"\x00", ("file-unreadable", None, "")),
    ("lone-surrogate-escape", b"---\ntitle: T\nstage: awareness\n---\n\xed\xa0\x80\n", ("file-unreadable", 5, "UTF-8")),
]


@pytest.mark.parametrize("name, data, expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_a_clear_finding_and_others_unchanged(controlled, cli, name, data, expected):
    path = f"content/{name}.md"
    controlled.write(path, data)
    code, report = lint_json(cli, "--fail-on", "none")
    rule, line, fragment = expected
    got = [f for f in findings_for(report, path) if f["rule"] == rule]
    assert got, findings_for(report, path)
    if line is not None:
        assert got[0]["line"] == line, got
    assert fragment in got[0]["message"], got[0]["message"]
    assert got[0]["message"].strip() and got[0]["line"] >= 1
    assert path in {d["path"] for d in report["documents"]}
    controlled.check_controls(report)


@pytest.mark.parametrize("name, data", [
    ("bom", "\ufeff---\ntitle: T\nstage: onboarding\nphase: buyer\n---\nBody.\n".encode()),
    ("crlf", b"---\r\ntitle: T\r\nstage: onboarding\r\nphase: buyer\r\n---\r\nBody.\r\n"),
    ("mixed-endings", b"---\r\ntitle: T\nstage: onboarding\rphase: buyer\r\n---\nBody.\r"),
    ("bom-crlf", "\ufeff---\r\ntitle: T\r\nstage: onboarding\r\nphase: buyer\r\n---\r\nBody.\r\n".encode()),
])
def test_bom_and_line_endings_read_like_plain_files(controlled, cli, name, data):
    path = f"content/{name}.md"
    controlled.write(path, data)
    code, report = lint_json(cli, "--fail-on", "none")
    got = [(f["rule"], f["line"]) for f in findings_for(report, path) if f["rule"] in ("stage-phase-conflict", "front-matter-invalid", "tag-missing")]
    assert got == [("stage-phase-conflict", 4)]
    controlled.check_controls(report)


def test_billion_laughs_is_rejected_in_under_100_ms(tmp_path):
    from planner.config import default_config
    from planner.loader import load_document

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    p = tmp_path / "lol.md"
    p.write_text("---\ntitle: T\nstage: awareness\n" + "\n".join(lines) + "\n---\nBody.\n")
    config = default_config()
    load_document(p, config, tmp_path)  # warm up imports
    start = time.perf_counter()
    d = load_document(p, config, tmp_path)
    assert time.perf_counter() - start < 0.1
    assert [(f.rule, f.line) for f in d.problems] == [("front-matter-invalid", 4)]
    assert "anchors and aliases" in d.problems[0].message


def test_billion_laughs_in_the_config_is_exit_2(repo, cli):
    repo.config('a: &a ["x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]\n')
    r = cli("lint")
    assert r.exit_code == 2 and "anchors and aliases" in r.stderr


def test_dangling_symlink_is_file_unreadable(controlled, cli):
    os.symlink("nowhere.md", controlled.root / "content" / "broken.md")
    code, report = lint_json(cli, "--fail-on", "none")
    [f] = findings_for(report, "content/broken.md")
    assert f["rule"] == "file-unreadable" and "broken link" in f["message"]
    controlled.check_controls(report)


def test_symlink_loops_neither_hang_nor_crash(controlled, cli):
    content = controlled.root / "content"
    os.symlink("self.md", content / "self.md")  # a file link to itself
    os.symlink(".", content / "loop")  # a folder link back to its parent
    os.symlink("../content", content / "control" / "up")
    code, report = lint_json(cli, "--fail-on", "none")
    [f] = findings_for(report, "content/self.md")
    assert f["rule"] == "file-unreadable"
    assert sorted(d["path"] for d in report["documents"]) == sorted([*CONTROLS, "content/self.md"])
    controlled.check_controls(report)


def test_a_folder_named_like_markdown_is_not_content(controlled, cli):
    (controlled.root / "content" / "x.md").mkdir()
    code, report = lint_json(cli, "--fail-on", "none")
    assert sorted(d["path"] for d in report["documents"]) == sorted(CONTROLS)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the dangling-symlink case covers unreadable files")
def test_unreadable_file_is_file_unreadable(controlled, cli):
    p = controlled.write("content/secret.md", doc("awareness"))
    p.chmod(0)
    try:
        code, report = lint_json(cli, "--fail-on", "none")
    finally:
        p.chmod(0o644)
    [f] = findings_for(report, "content/secret.md")
    assert f["rule"] == "file-unreadable" and "permission" in f["message"].lower()
    controlled.check_controls(report)


def test_unreadable_file_simulated_by_an_os_error(controlled, cli, monkeypatch):
    """As root, chmod cannot make a file unreadable: make reading it fail instead."""
    target = controlled.write("content/secret.md", doc("awareness"))
    real = os.open

    def os_open(path, flags, *args, **kw):
        if os.path.basename(os.fspath(path)) == target.name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", os_open)
    code, report = lint_json(cli, "--fail-on", "none")
    [f] = findings_for(report, "content/secret.md")
    assert f["rule"] == "file-unreadable" and "Permission denied" in f["message"] and "permissions" in f["message"]
    controlled.check_controls(report)


@pytest.mark.parametrize("name", ["my first week.md", "café ☕ guide.md", "-x.md", "--help.md", "ünïcødé/ß.md"])
def test_awkward_file_names(controlled, cli, name):
    controlled.write(f"content/{name}", doc("onboarding", phase="buyer"))
    code, report = lint_json(cli, "--fail-on", "none")
    [f] = [f for f in findings_for(report, f"content/{name}") if f["rule"] == "stage-phase-conflict"]
    assert f["line"] == 4
    controlled.check_controls(report)


def test_leading_dash_file_named_after_double_dash(repo, cli, monkeypatch):
    repo.write("content/-x.md", doc(None))
    monkeypatch.chdir(repo.root / "content")
    r = cli("lint", "--format", "json", "--", "-x.md")
    assert r.exit_code == 1
    assert [(f["path"], f["rule"]) for f in r.json()["findings"]] == [("-x.md", "tag-missing")]


def test_control_characters_from_content_are_shown_not_obeyed_in_text_output(repo, cli):
    repo.write("content/a.md", "---\ntitle: T\nstage: \"aware\\nness\\x1b[31m\"\n---\nB.\n")
    r = cli("lint")
    finding_lines = [ln for ln in r.output.splitlines() if "tag-unknown" in ln]
    assert len(finding_lines) == 1
    assert "\x1b" not in r.output  # a value from the file cannot colour or move the terminal


# --------------------------------------------------------------------------- heavy cases, in a subprocess

@pytest.fixture
def heavy_repo(tmp_path):
    (tmp_path / "content" / "control").mkdir(parents=True)
    for rel, text in CONTROLS.items():
        (tmp_path / rel).write_text(text)
    return tmp_path


def _json_run(root: Path, *args: str, timeout: float = 60) -> dict:
    p = run_planner(root, "lint", "--format", "json", "--fail-on", "none", "--no-cache", *args, timeout=timeout)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)


def _controls_of(report: dict) -> list[tuple]:
    return per_document(report["findings"], CONTROLS)


@pytest.fixture(scope="module")
def control_baseline(tmp_path_factory) -> list[tuple]:
    root = tmp_path_factory.mktemp("baseline")
    (root / "content" / "control").mkdir(parents=True)
    for rel, text in CONTROLS.items():
        (root / rel).write_text(text)
    return _controls_of(_json_run(root))


def test_20_mb_document_is_reported_not_read(heavy_repo, control_baseline):
    with open(heavy_repo / "content" / "huge.md", "w") as fh:
        fh.write("---\ntitle: Huge\nstage: adoption\n---\n")
        para = "Plan the week with your team and share the board with everyone. " * 30 + "\n\n"
        while fh.tell() < 20_000_000:
            fh.write(para * 100)
    report = _json_run(heavy_repo)
    [f] = findings_for(report, "content/huge.md")
    assert f["rule"] == "file-unreadable" and "content.max_bytes" in f["message"] and "split it" in f["message"]
    assert _controls_of(report) == control_baseline


def test_200000_line_document_is_reported_not_analysed(heavy_repo, control_baseline):
    (heavy_repo / "content" / "long.md").write_text(
        "---\ntitle: Long\nstage: adoption\n---\n" + "- a\n" * 200_000)  # 800 KB: under the size limit
    report = _json_run(heavy_repo)
    [f] = findings_for(report, "content/long.md")
    assert f["rule"] == "file-unreadable" and "200,004 lines" in f["message"] and "content.max_lines" in f["message"]
    assert _controls_of(report) == control_baseline


def test_document_just_under_the_limits_is_analysed_within_bounds(heavy_repo, control_baseline):
    """50,000 lines of list items: parsed, analysed and checked under the memory limit."""
    (heavy_repo / "content" / "list.md").write_text(
        "---\ntitle: Long list\nstage: adoption\n---\n" + "".join(f"- step {i}\n" for i in range(49_990)))
    report = _json_run(heavy_repo, timeout=120)
    assert findings_for(report, "content/list.md") == [] or all(
        f["rule"] not in ("file-unreadable", "front-matter-invalid") for f in findings_for(report, "content/list.md"))
    assert any(d["path"] == "content/list.md" and d["words"] > 50_000 for d in report["documents"])
    assert _controls_of(report) == control_baseline


@pytest.mark.slow
def test_10000_file_tree(heavy_repo, control_baseline):
    for i in range(10_000):
        folder = heavy_repo / "content" / f"part{i // 500:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"note-{i}.md").write_text(f"---\ntitle: Note {i}\nstage: adoption\n---\nA short note.\n")
    (heavy_repo / "content" / "part00" / "broken.md").write_bytes(b"\xff\xfe")
    report = _json_run(heavy_repo, timeout=300)
    assert report["summary"]["documents"] == 10_003
    assert [f["rule"] for f in findings_for(report, "content/part00/broken.md")] == ["file-unreadable"]
    assert _controls_of(report) == control_baseline


# --------------------------------------------------------------------------- interrupts, pipes, concurrency

def _big_tree(root: Path, n: int, repeat: int = 30) -> None:
    body = "Teams keep missing deadlines because planning lives in spreadsheets. " * repeat
    for i in range(n):
        folder = root / "content" / f"p{i // 200}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"d{i}.md").write_text(f"---\ntitle: Doc {i}\nstage: awareness\n---\n{body}\n")


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path):
    _big_tree(tmp_path, 8000, repeat=120)  # a run of ~20 s here: Ctrl-C lands mid-analysis on a fast machine too
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen([*PLANNER, "lint", "--no-cache"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_limits, env=env)
    time.sleep(3)
    assert proc.poll() is None, "the run finished before it could be interrupted; make the tree bigger"
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "planner: interrupted\n"
    # the workers are stopped, not waited for (the rest of the run would take several seconds)
    assert time.monotonic() - sent < 5


def test_ctrl_c_swallowed_by_a_finaliser_is_raised_again_at_the_next_checkpoint(capsys):
    """Python drops a KeyboardInterrupt raised inside ``__del__`` ("Exception ignored"):
    the interrupt must still end the run, without that traceback."""
    from planner import interrupts

    old_handler, old_hook, old_pending = signal.getsignal(signal.SIGINT), sys.unraisablehook, interrupts._pending
    try:
        interrupts.install()

        class Finaliser:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(10_000):  # the handler runs here, inside the finaliser
                    pass

        Finaliser()
        assert interrupts.interrupted()
        with pytest.raises(KeyboardInterrupt):
            interrupts.raise_if_interrupted()
        assert capsys.readouterr().err == ""
    finally:
        signal.signal(signal.SIGINT, old_handler)
        sys.unraisablehook, interrupts._pending = old_hook, old_pending


def test_a_run_whose_ctrl_c_was_swallowed_still_exits_130(tmp_path, monkeypatch, capsys):
    from planner import interrupts
    from planner.cli import main

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(doc("awareness"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(interrupts, "_pending", True)
    with pytest.raises(SystemExit) as exit_:
        main(["lint", "--no-cache", "--fail-on", "none"])
    assert exit_.value.code == 130
    assert capsys.readouterr().err.endswith("planner: interrupted\n")


@pytest.mark.parametrize("delay", [0.25, 0.5, 0.8])
def test_ctrl_c_to_the_whole_process_group_never_shows_a_traceback(tmp_path, delay):
    """A terminal's Ctrl-C reaches the pre-started worker too, at any moment of its start-up."""
    _big_tree(tmp_path, 300)
    env = dict(os.environ, NO_COLOR="1")
    subprocess.run([*PLANNER, "lint", "--fail-on", "none"], cwd=tmp_path, capture_output=True, env=env, timeout=120)
    (tmp_path / "content" / "p0" / "d7.md").write_text("---\ntitle: Edited\nstage: awareness\n---\nNew words.\n")
    proc = subprocess.Popen([*PLANNER, "lint", "--fail-on", "none"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    if proc.returncode == 130:
        assert err == "planner: interrupted\n"
    elif proc.returncode == -signal.SIGINT:
        # on a loaded machine the signal can come before the interpreter has installed any
        # handler: the kernel ends the process, which has printed nothing at all
        assert err == ""
    else:  # the run was over before the signal came
        assert proc.returncode == 0 and err == ""


def test_closed_pipe_exits_quietly(tmp_path):
    for i in range(1500):  # about 200 KB of text findings: more than a pipe buffer holds
        (tmp_path / "content").mkdir(exist_ok=True)
        (tmp_path / "content" / f"d{i:04d}.md").write_text("---\ntitle: T\n---\nBody.\n")
    p = subprocess.run(["bash", "-c", f"{sys.executable} -m planner lint --no-cache | head -1; exit ${{PIPESTATUS[0]}}"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120, env=dict(os.environ, NO_COLOR="1"))
    assert p.stdout == "content/d0000.md\n"
    assert p.stderr == ""  # no BrokenPipeError trace, no "Exception ignored"
    assert p.returncode in (0, 1)  # the lint verdict, or 0 when the closed pipe cut it short


def test_two_concurrent_runs_both_succeed_with_the_same_result(tmp_path):
    _big_tree(tmp_path, 60)
    (tmp_path / "content" / "bad.md").write_text(doc("onboarding", phase="buyer"))
    env = dict(os.environ, NO_COLOR="1")
    procs = [subprocess.Popen([*PLANNER, "lint", "--format", "json"], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [e for _, e in outs]
    reports = [json.loads(o) for o, _ in outs]
    assert reports[0]["findings"] == reports[1]["findings"]
    # and a third run, reading whatever cache the two left behind, agrees
    third = run_planner(tmp_path, "lint", "--format", "json")
    assert json.loads(third.stdout)["findings"] == reports[0]["findings"]


def test_lint_leaves_content_byte_for_byte_unchanged_in_a_subprocess(heavy_repo):
    (heavy_repo / "content" / "crlf.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\nstage: awareness\r\n---\r\nBody.\r\n")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (heavy_repo / "content").rglob("*.md")}
    run_planner(heavy_repo, "lint", "--format", "sarif")
    run_planner(heavy_repo, "lint")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (heavy_repo / "content").rglob("*.md")}
    assert after == before
    assert sorted(p.name for p in (heavy_repo / "content").rglob("*")) == sorted(
        ["control", "good.md", "conflict.md", "crlf.md"])


def test_a_run_killed_mid_way_leaves_a_cache_the_next_run_can_use(tmp_path):
    _big_tree(tmp_path, 700)
    (tmp_path / "content" / "bad.md").write_text(doc("onboarding", phase="buyer"))
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen([*PLANNER, "lint", "--format", "json"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, preexec_fn=_limits)
    time.sleep(4)
    assert proc.poll() is None, "the run finished before it could be killed; make the tree bigger"
    proc.kill()  # SIGKILL to the planner only: no handler runs, writes stop wherever they are
    proc.communicate(timeout=60)  # returns once the orphaned workers have ended themselves too
    after_kill = run_planner(tmp_path, "lint", "--format", "json", timeout=180)
    fresh = run_planner(tmp_path, "lint", "--format", "json", "--no-cache", timeout=180)
    assert after_kill.returncode == fresh.returncode == 1, after_kill.stderr[-2000:]
    assert json.loads(after_kill.stdout)["findings"] == json.loads(fresh.stdout)["findings"]


def test_atomic_write_killed_mid_way_leaves_the_old_or_the_new_file(tmp_path):
    """SIGKILL a process that keeps rewriting a report: the file is always whole."""
    target = tmp_path / "baseline.json"
    old, new = "old\n" * 100_000, "new\n" * 100_000
    target.write_text(old)
    code = ("import sys\nfrom pathlib import Path\nfrom planner.fsutil import atomic_write_text\n"
            "p = Path(sys.argv[1])\nwhile True:\n    atomic_write_text(p, sys.argv[2] * 100_000)\n")
    for delay in (0.3, 0.5, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", code, str(target), "new\n"])
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=30)
        assert target.read_text() in (old, new)


def test_lint_works_with_the_network_disabled(cli, monkeypatch, tmp_path):
    """Offline operation: a whole lint of the example content opens no socket."""
    import socket

    from tests.conftest import CONTENT

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.chdir(tmp_path)
    r = cli("lint", str(CONTENT), "--format", "json", "--fail-on", "none", "--no-cache")
    assert r.exit_code == 0 and r.json()["summary"]["documents"] >= 45
    assert cli("schema").exit_code == 0 and cli("explain", "phase-mismatch").exit_code == 0
