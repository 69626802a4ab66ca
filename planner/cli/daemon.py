"""``planner daemon start|stop|status``: a resident process that answers this project's
``lint``, ``coverage`` and ``plan`` warm (docs/daemon.md). Nothing starts one but
``planner daemon start``."""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import click

from planner.cli.common import EXIT_OK, FormatChoice, PlannerError, SuggestingGroup
from planner.daemon import wire

START_TIMEOUT_S = 180.0  # importing and warming up spaCy: seconds, more on a loaded machine
EXIT_NOT_RUNNING = 1


@click.group("daemon", cls=SuggestingGroup)
def daemon_group() -> None:
    """A resident process that answers lint, coverage and plan warm.

    \b
      planner daemon start          start one for this project (idle exit: 30 min)
      planner daemon status         is it running? pid, started, requests served
      planner daemon stop

    While it runs, `planner lint`, `coverage` and `plan` in this project are answered by
    it, with the same output; `planner --no-daemon ...` or PLANNER_NO_DAEMON=1 runs
    one here instead. Linux only. See docs/daemon.md.
    """


def _where(ctx: click.Context) -> tuple[str, Path]:
    """(the project root, the socket path) for this command's project."""
    if not wire.available():
        raise PlannerError("planner daemon is not available on this platform (it needs Linux with fork)")
    explicit = (ctx.find_root().obj or {}).get("config_path")
    root = wire.project_root(["--config", str(explicit)] if explicit else [], os.getcwd())
    folder = wire.private_dir(create=True)
    if folder is None:
        base = wire.runtime_dir().parent
        if not base.is_dir():  # a stale $XDG_RUNTIME_DIR (a session that ended, a container): say that
            raise PlannerError(f"XDG_RUNTIME_DIR is {base}, which is not a folder; point it at your runtime "
                               "folder, or unset it to use /tmp")
        raise PlannerError(f"{wire.runtime_dir()} is not a private folder of this user (a directory of yours, "
                           "mode 0700, not a symlink); remove it or set XDG_RUNTIME_DIR")
    return root, wire.socket_path(folder, root)


def _ask(path: Path, op: str) -> dict | None:
    """The daemon's answer to ``op``, or None if none is listening."""
    try:
        sock = wire.connect(path)
    except wire.WireError:
        return None
    try:
        wire.send(sock, {"op": op, "identity": wire.identity()})
        reply, _ = wire.receive(sock, within=wire.HANDSHAKE_S)
        return reply
    except wire.WireError:
        return None
    finally:
        sock.close()


@daemon_group.command("start")
@click.option("--idle", "idle_min", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              metavar="MINUTES", help="Exit after this long without a request.")
@click.pass_context
def start(ctx: click.Context, idle_min: float) -> None:
    """Start this project's daemon (detached); report one already running."""
    root, path = _where(ctx)
    with _locked(path.parent):  # two starts at once start one daemon
        running = _ask(path, "status")
        if running is not None and "pid" in running:
            click.echo(f"planner: a daemon already runs for {root} (pid {running['pid']}, socket {path})")
            ctx.exit(EXIT_OK)
        proc = subprocess.Popen([sys.executable, "-m", "planner.daemon.loop", root, str(idle_min * 60)],
                                cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True)
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT_S)
        line = proc.stdout.readline().decode("utf-8", "replace").strip() if ready else ""
        proc.stdout.close()
    word, _, rest = line.partition(" ")
    if word != "ready":
        if proc.poll() is None:
            proc.kill()
        raise PlannerError(f"the daemon did not start: {rest or 'no answer in time'}")
    pid, _, sock = rest.partition(" ")
    click.echo(f"planner: daemon started for {root} (pid {pid}, socket {sock})")
    ctx.exit(EXIT_OK)


@daemon_group.command("stop")
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop this project's daemon."""
    root, path = _where(ctx)
    reply = _ask(path, "stop")
    if reply is None:
        click.echo(f"planner: no daemon runs for {root}")
        ctx.exit(EXIT_OK)
    deadline = time.monotonic() + wire.HANDSHAKE_S
    while path.exists() and time.monotonic() < deadline:  # gone when stop returns: a start may follow
        time.sleep(0.05)
    if "stopped" in reply:
        click.echo(f"planner: daemon stopped (pid {reply['stopped']})")
    else:
        click.echo(f"planner: the daemon for {root} ran other planner code; it stopped")
    ctx.exit(EXIT_OK)


@daemon_group.command("status")
@click.option("-f", "--format", "fmt", default="text", show_default=True, type=FormatChoice(["text", "json"]),
              help="text for people; json: one JSON object (null when no daemon runs), for scripts.")
# the first spelling, kept for the scripts that use it; --format json is the documented one
@click.option("--json", "as_json", is_flag=True, hidden=True, help="The same as --format json.")
@click.pass_context
def status(ctx: click.Context, fmt: str, as_json: bool) -> None:
    """Whether this project's daemon runs: pid, start, requests served, code. Exit 0
    when it runs, 1 when not."""
    as_json = as_json or fmt == "json"
    root, path = _where(ctx)
    reply = _ask(path, "status")
    if reply is None or "pid" not in reply:
        if as_json:
            click.echo("null")
        else:
            why = " (it ran other planner code, and stopped)" if reply else ""
            click.echo(f"planner: no daemon runs for {root}{why}")
        ctx.exit(EXIT_NOT_RUNNING)
    if as_json:
        click.echo(json.dumps({**reply, "socket": str(path)}, sort_keys=True))
        ctx.exit(EXIT_OK)
    started = dt.datetime.fromtimestamp(float(reply["started"]), dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    state = "refreshing its memo" if reply.get("refreshing") else ("busy" if reply.get("busy") else "idle")
    click.echo(f"planner: daemon running for {root}\n"
               f"  pid       {reply['pid']}\n"
               f"  socket    {path}\n"
               f"  started   {started}\n"
               f"  served    {reply['served']} request(s), {reply['runs_cpu_s']:.1f} CPU-s; now {state}\n"
               f"  code      {reply['identity']}\n"
               f"  exits     after {float(reply['idle_s']) / 60:g} min without a request")
    ctx.exit(EXIT_OK)


class _locked:
    """An exclusive lock on the runtime folder (flock on its descriptor)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        self.fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
