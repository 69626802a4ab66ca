"""The planner daemon's loop: warm once, then fork one child per request.

Started by ``planner daemon start`` as ``python -m planner.daemon.loop ROOT IDLE``
(detached, in its own session). It imports planner, builds the spaCy pipeline and the
lexicons with the project's configuration (the warm-up a worker process does), parks
all of it outside the garbage collector's view (``gc.freeze``), and listens.

Each request that passes the handshake (same user, same planner code and text
encodings, same project) gets a forked child: the child takes the client's stdin,
stdout and stderr, working folder, environment and umask, runs the command line as
the client would have, and sends back its exit code. A fork never leaks one request's
state into the next, and everything the daemon built is shared, not rebuilt.

Between requests the daemon re-reads the result-store files the last request read and
decodes what changed (:mod:`planner.daemon.memo`), one file at a time, checking for a
new request between files. It exits when stopped, after ``IDLE`` seconds without a
request, when a client of other planner code knocks, or on SIGTERM.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import select
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from planner.daemon import wire
from planner.daemon.memo import Memo

REPORT_MAX = 1 << 20  # a child's list of store files read


class Daemon:
    def __init__(self, root: str, idle_s: float) -> None:
        self.root, self.idle_s = root, idle_s
        self.identity, self.runtime = wire.identity(), wire.runtime()
        self.started = time.time()
        self.served = 0
        self.memo = Memo()
        self.children: dict[int, tuple[int, bytearray]] = {}  # report pipe -> (child pid, report so far)
        self.ended: list[int] = []  # children that reported, not yet reaped
        self.last = time.monotonic()
        self.listener: socket.socket | None = None
        self.path: Path | None = None
        self.running = True

    # -- start-up ---------------------------------------------------------------------
    def warm(self) -> None:
        """What every run would pay first: the imports, spaCy and the lexicons."""
        from planner.spacy_import import import_spacy

        import_spacy()
        import planner.cli  # noqa: F401  the command line and the commands served
        import planner.cli.coverage  # noqa: F401
        import planner.cli.lint  # noqa: F401
        from planner.config import ConfigError, default_config, load_config
        from planner.engine import store
        from planner.engine.executors import warm_up
        from planner.reporters import json_report

        try:
            config = load_config(Path(self.root))
        except ConfigError:  # the request reports it; the warm-up needs none of it
            config = default_config(Path(self.root))
        warm_up(config)
        store.memo = json_report.encoded = self.memo

    def listen(self, folder: Path) -> None:
        self.path = wire.socket_path(folder, self.root)
        try:
            wire.connect(self.path, timeout=2.0).close()
            raise RuntimeError("a daemon already answers for this project")
        except wire.WireError:
            pass
        try:  # a socket file left by a daemon that died: nobody answers on it
            self.path.unlink()
        except FileNotFoundError:
            pass
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        sock.listen(16)
        self.listener = sock

    # -- the loop ---------------------------------------------------------------------
    def loop(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # out of select at once, through close()
        gc.collect()
        gc.freeze()
        assert self.listener is not None
        self.last = time.monotonic()  # idle from now: the warm-up may have taken longer than --idle
        try:
            while self.running:
                if self.memo.pending:
                    timeout = 0.0
                elif self.children:
                    timeout = 5.0
                else:
                    timeout = max(0.0, min(5.0, self.last + self.idle_s - time.monotonic()))
                ready, _, _ = select.select([self.listener, *self.children], [], [], timeout)
                for fd in ready:
                    if fd is self.listener:
                        self.accept()
                    else:
                        self.read_report(fd)
                self.reap()
                if not ready and self.memo.pending:
                    self.memo.step()
                    if not self.memo.pending:
                        gc.freeze()  # children do not scan what the memo holds
                if not self.children and time.monotonic() - self.last > self.idle_s:
                    break
        finally:
            self.close()

    def stop(self) -> None:
        self.running = False

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            try:
                if self.path is not None and self.path.is_socket():
                    self.path.unlink()
            except OSError:
                pass

    def accept(self) -> None:
        assert self.listener is not None
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            conn.settimeout(wire.HANDSHAKE_S)
            if not wire.trusted(wire.peer_uid(conn)):
                return
            request, fds = wire.receive(conn, max_fds=3, within=wire.HANDSHAKE_S)
            self.answer(conn, request, fds)
        except wire.WireError:
            pass
        except Exception:  # noqa: BLE001  one malformed request must not end the daemon: its client runs itself
            pass
        finally:
            wire.close_fds(fds)
            conn.close()

    def answer(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        op = request.get("op")
        if request.get("identity") != self.identity:
            # other planner code: never answer with this one; the client runs itself
            wire.send(conn, {"refused": "the daemon runs other planner code; it stops"})
            self.stop()
            return
        if op == "status":
            wire.send(conn, self.status())
        elif op == "stop":
            wire.send(conn, {"stopped": os.getpid()})
            self.stop()
        elif op == "run":
            why = self.refusal(request, fds)
            if why:
                wire.send(conn, {"refused": why})
            else:
                self.fork(conn, request, fds)

    def status(self) -> dict[str, Any]:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the runs that ended
        return {"pid": os.getpid(), "root": self.root, "started": self.started, "served": self.served,
                "identity": self.identity, "idle_s": self.idle_s, "busy": len(self.children),
                "refreshing": self.memo.pending, "runs_cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}

    def refusal(self, request: dict[str, Any], fds: list[int]) -> str | None:
        if request.get("root") != self.root:
            return "the daemon is another project's"
        if request.get("runtime") != self.runtime:
            return "the client encodes text differently"
        streams, argv, env, cwd = request.get("streams"), request.get("argv"), request.get("env"), request.get("cwd")
        if len(fds) != 3 or not (isinstance(streams, list) and len(streams) == 3 and all(map(_stream_spec, streams))):
            return "malformed request"
        if not (isinstance(argv, list) and argv and all(_text(a) for a in argv)):
            return "malformed request"
        if not (isinstance(env, dict) and all(_text(k) and k and "=" not in k and _text(v) for k, v in env.items())):
            return "malformed request"
        umask = request.get("umask")
        if not (_text(cwd) and isinstance(umask, int) and not isinstance(umask, bool) and 0 <= umask <= 0o777):
            return "malformed request"
        return None

    def fork(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        report_r, report_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                os.close(report_r)
                assert self.listener is not None
                self.listener.close()
                for fd in self.children:
                    os.close(fd)
                run_child(conn, request, fds, report_w, self.memo)
                code = 0
            finally:
                os._exit(code)
        os.close(report_w)
        self.children[report_r] = (pid, bytearray())
        self.served += 1
        self.last = time.monotonic()

    def read_report(self, fd: int) -> None:
        """A child's report: one line, the store files its run read (it ends the run:
        the pipe may stay open in the child's own worker processes a moment longer)."""
        pid, report = self.children[fd]
        chunk = os.read(fd, 65536)
        if len(report) < REPORT_MAX:
            report += chunk
        if chunk and not chunk.endswith(b"\n"):
            return
        os.close(fd)
        del self.children[fd]
        self.ended.append(pid)
        self.last = time.monotonic()
        try:
            paths = json.loads(bytes(report))
        except ValueError:
            return
        if isinstance(paths, list):
            self.memo.want([p for p in paths if isinstance(p, str)])

    def reap(self) -> None:
        for pid in list(self.ended):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.ended.remove(pid)


def _text(value: Any) -> bool:
    """Text the child can hand to the system (argv, environment, a path): no NUL."""
    return isinstance(value, str) and "\0" not in value


def _stream_spec(spec: Any) -> bool:
    """[encoding, errors, line_buffering, write_through] that a text stream accepts."""
    import codecs

    if not (isinstance(spec, list) and len(spec) == 4 and _text(spec[0]) and _text(spec[1])
            and all(isinstance(flag, bool) for flag in spec[2:])):
        return False
    try:
        codecs.lookup(spec[0])
        codecs.lookup_error(spec[1])
    except LookupError:
        return False
    return True


# --------------------------------------------------------------------------- the child

def run_child(conn: socket.socket, request: dict[str, Any], fds: list[int], report: int, memo: Memo) -> None:
    """Become the client's command: its streams, folder, environment, umask, argv; run
    the command line; send the exit code back; tell the daemon which store files the
    run read."""
    from planner import interrupts
    from planner.cli import main as cli_main

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    interrupts.install()
    conn.settimeout(wire.HANDSHAKE_S)
    try:
        os.chdir(request["cwd"])
    except OSError as exc:  # before anything started: the client runs itself (and says why)
        wire.send(conn, {"refused": f"cannot enter {request['cwd']}: {exc.strerror}"})
        return
    wire.send(conn, {"started": True, "pid": os.getpid()})
    go, _ = wire.receive(conn, within=wire.HANDSHAKE_S)  # the client may have given up waiting: then it runs itself
    if not go.get("go"):
        return
    conn.settimeout(None)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    _streams(request["streams"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.umask(request["umask"])
    sys.argv = list(request["argv"])
    finished = threading.Event()
    threading.Thread(target=_watch_client, args=(conn, finished), name="planner-client-watch", daemon=True).start()
    if request.get("announce"):
        sys.stderr.write(f"planner: answered by the planner daemon (pid {os.getppid()})\n")
    gc.enable()
    try:
        cli_main(sys.argv[1:])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    finished.set()
    try:
        wire.send(conn, {"exit": code})
    except wire.WireError:
        pass
    try:
        os.write(report, json.dumps(memo.asked).encode() + b"\n")
    except OSError:
        pass


def _streams(specs: list) -> None:
    """The client's text streams on descriptors 0-2, with its encodings and buffering
    (terminal detection, colour and widths then see the client's terminal)."""
    import io

    made = []
    for fd, spec in enumerate(specs):
        encoding, errors, line_buffering, write_through = spec
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        made.append(io.TextIOWrapper(buffered, encoding=encoding, errors=errors, line_buffering=bool(line_buffering),
                                     write_through=bool(write_through)))
    sys.stdin, sys.stdout, sys.stderr = made
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = made


def _watch_client(conn: socket.socket, finished: threading.Event) -> None:
    """Ctrl-C from the client becomes SIGINT here; a client that went away ends the run."""
    while True:
        try:
            message, _ = wire.receive(conn)
        except wire.WireError:
            if finished.is_set():  # the client has its exit code and left: the run reports to the daemon
                return
            os._exit(1)  # nobody is waiting for this run any more
        if message.get("signal") == "INT":
            os.kill(os.getpid(), signal.SIGINT)


# --------------------------------------------------------------------------- entry

def main(argv: list[str]) -> None:
    """``python -m planner.daemon.loop ROOT IDLE_SECONDS``: prints one line on stdout
    (``ready PID SOCKET`` or ``error WHY``) for ``planner daemon start``, then serves."""
    root, idle_s = argv[0], float(argv[1])
    gc.disable()  # the warm-up and the memo make no cyclic garbage worth a pass
    folder = wire.private_dir(create=True)
    if folder is None:
        print(f"error {wire.runtime_dir()} is not a private folder of this user", flush=True)
        return
    daemon = Daemon(root, idle_s)
    try:
        daemon.warm()
        daemon.listen(folder)
    except Exception as exc:  # said to `planner daemon start`, which says it to the user
        print(f"error {type(exc).__name__}: {exc}", flush=True)
        return
    print(f"ready {os.getpid()} {daemon.path}", flush=True)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    daemon.loop()


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
