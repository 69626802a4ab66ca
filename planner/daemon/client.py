"""The client hook: hand a read-only command to this project's planner daemon, if one
runs (``planner daemon start``), before planner's heavy imports.

With no daemon it costs a listing of one private folder (and nothing is imported).
Whatever goes wrong before the command starts there (no socket, refused, other code,
a dead daemon), the caller runs the command itself, as it would have anyway; ``-v``
says why. Once it started, the daemon's child writes straight to this process's
terminal or files (the descriptors are passed over), Ctrl-C is forwarded to it, and
its exit code is this process's.
"""
from __future__ import annotations

import os
import sys

from planner import env_flag

SERVED = frozenset({"lint", "coverage", "plan"})  # read-only commands; nothing else is handed over
_GLOBAL_WITH_VALUE = {"--config"}


def command(args: list[str]) -> str | None:
    """The command ``args`` run, if it may be handed over (None for anything else,
    and for ``--no-daemon`` before or after the command)."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--no-daemon":
            return None
        if a in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if a.startswith("-"):
            if not a.startswith("--config="):
                return None  # --help, --version, or a mistake: the command line answers those
            i += 1
            continue
        if a not in SERVED:
            return None
        rest = args[i + 1:]
        rest = rest[:rest.index("--")] if "--" in rest else rest
        # the same options after the command (`planner lint --no-daemon`): run here; a
        # --config there may name another project than the daemon's, so run here too
        if any(r == "--no-daemon" or r == "--config" or r.startswith("--config=") for r in rest):
            return None
        return a
    return None


def runtime_folder() -> str:
    """wire.runtime_dir(), without importing wire (sockets, JSON, hashing) when no
    daemon runs."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    return os.path.join(base, "planner") if base and os.path.isabs(base) else f"/tmp/planner-{os.getuid()}"


def handoff(args: list[str]) -> int | None:
    """The exit code of ``planner args`` as this project's daemon ran it, or None: no
    daemon took it, run it here."""
    if env_flag("PLANNER_NO_DAEMON") or os.environ.get("_PLANNER_COMPLETE") or not sys.platform.startswith("linux"):
        return None
    name = command(args)
    if name is None:
        return None
    try:
        if not os.listdir(runtime_folder()):
            return None
    except OSError:
        return None  # no daemon has ever run for this user (the common case: one failed syscall)
    verbose = any(a in ("-v", "--verbose") for a in args)  # lint, coverage and plan all take -v
    from planner.daemon import wire

    try:
        return _run(args, verbose)
    except (wire.WireError, OSError) as exc:  # before the run started there: run it here
        if verbose:
            sys.stderr.write(f"planner: the planner daemon did not take this run ({exc}); running it here\n")
            sys.stderr.flush()
        return None


def _run(args: list[str], verbose: bool) -> int | None:
    import io
    import signal

    from planner.daemon import wire

    cwd = os.getcwd()
    folder = wire.private_dir()
    if folder is None:
        raise wire.WireError(f"{wire.runtime_dir()} is not a private folder of this user")
    root = wire.project_root(args, cwd)
    path = wire.socket_path(folder, root)
    if not os.path.exists(path):
        return None  # other projects' daemons only
    streams = [sys.stdin, sys.stdout, sys.stderr]
    if not all(isinstance(s, io.TextIOWrapper) for s in streams):
        raise wire.WireError("a standard stream is closed or replaced")
    sock = wire.connect(path)
    try:
        request = {"op": "run", "identity": wire.identity(), "runtime": wire.runtime(), "root": root,
                   "argv": [sys.argv[0] if sys.argv else "planner", *args], "cwd": cwd,
                   "env": dict(os.environ), "umask": _umask(), "announce": verbose,
                   "streams": [[s.encoding, s.errors, s.line_buffering, getattr(s, "write_through", False)]
                               for s in streams]}
        wire.send(sock, request, [0, 1, 2])
        reply, _ = wire.receive(sock, within=wire.HANDSHAKE_S)
        if not reply.get("started"):
            raise wire.WireError(str(reply.get("refused") or "refused"))
        pid = reply.get("pid")

        def forward(signum: int, frame: object) -> None:
            try:  # the child prints the one line and exits 130, as a run here would
                wire.send(sock, {"signal": "INT"})
            except wire.WireError:
                pass

        # from here on the command runs there: this process only waits for its exit code
        signal.signal(signal.SIGINT, forward)
        wire.send(sock, {"go": True})
        sock.settimeout(None)
        try:
            done, _ = wire.receive(sock)
        except wire.WireError:
            done = {}
        code = done.get("exit")
        if not isinstance(code, int):
            sys.stderr.write(f"planner: error: the planner daemon's run (pid {pid}) ended without an exit code; "
                             "run the command again with --no-daemon\n")
            sys.stderr.flush()
            return 2
        return code
    finally:
        sock.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
