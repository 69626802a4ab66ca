"""Where a planner daemon listens, who may talk to it, and how they talk.

Imported by the client hook before planner's heavy imports: standard library only, and
nothing here is imported until a socket file for the project exists.

- The socket lives in a private runtime folder (``$XDG_RUNTIME_DIR/planner`` or
  ``/tmp/planner-<uid>``), never in the repository or its cache folder: a repository
  could plant a socket there. The folder must be a real directory owned by us and
  closed to others (checked with lstat, so a symlink is refused).
- Its name is a digest of the project root's real path (socket paths are limited to
  ~107 bytes).
- Both ends check that the peer runs as the same user (SO_PEERCRED).
- Messages are a 4-byte length and a JSON object, size-bounded; never pickle.
- A request carries the client's code identity: a digest of every file of the planner
  package plus the version and the interpreter. A daemon of other code refuses it.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import stat
import struct
import sys
import time
from pathlib import Path
from typing import Any

from planner.codefiles import PACKAGE, add_files

MAX_MESSAGE = 1 << 20  # a request is argv + environment: tens of kB
HANDSHAKE_S = 10.0  # bound on every step before the command starts (generous: shared 2-core machines)
CONFIG_NAMES = ("planner.yml", "planner.yaml", ".planner.yml")  # planner.config's, pinned equal by a test


class WireError(Exception):
    """The other end is absent, not ours, too slow, or said something malformed."""


def available() -> bool:
    """Linux with fork, Unix sockets, peer credentials and descriptor passing."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(socket, "AF_UNIX")
            and hasattr(socket, "SO_PEERCRED") and hasattr(socket, "send_fds"))


def runtime_dir() -> Path:
    """The private folder for this user's sockets (not created here)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isabs(base):
        return Path(base) / "planner"
    return Path(f"/tmp/planner-{os.getuid()}")


def private_dir(create: bool = False) -> Path | None:
    """The runtime folder if it is safe to use: a real directory (not a symlink) owned by
    this user with no access for others. ``create`` makes it (0700) when absent."""
    path = runtime_dir()
    if create:
        try:
            path.mkdir(mode=0o700, parents=False)
        except FileExistsError:
            pass
        except FileNotFoundError:  # $XDG_RUNTIME_DIR itself is gone
            return None
    return path if owned_private_dir(path) else None


def owned_private_dir(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def project_root(args: list[str], cwd: str) -> str:
    """The project a command runs in, as planner.config finds it: the folder of
    ``--config FILE`` if given, else of the nearest planner.yml at or above ``cwd``,
    else ``cwd`` (real paths)."""
    explicit = global_option(args, "--config")
    if explicit is not None:
        return os.path.dirname(os.path.realpath(os.path.join(cwd, explicit)))
    start = os.path.realpath(cwd)
    folder = start
    while True:
        # lexists: a planner.yml that is no file is this project's (its commands say it is broken)
        if any(os.path.lexists(os.path.join(folder, name)) for name in CONFIG_NAMES):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


def global_option(args: list[str], name: str) -> str | None:
    """The value of a ``planner`` option given before the command (``--config X`` or
    ``--config=X``)."""
    for i, a in enumerate(args):
        if not a.startswith("-"):
            return None
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return None


def socket_path(folder: Path, root: str) -> Path:
    name = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"{name}.sock"


def identity() -> str:
    """Which planner this is: version, interpreter, and a digest of every file of the
    package (~5 ms). Unlike keys.tool_key, the commands, views and engine count too: a
    daemon must never answer with code the client does not have. The site-packages
    folders are stat-ed too: installing or removing a package changes their mtime."""
    from planner import __version__

    h = hashlib.sha256(f"{__version__}\x00{sys.version}\x00{sys.executable}\x00{PACKAGE}\n".encode())
    for entry in sys.path:
        if not entry.endswith("site-packages"):  # not the script's or working folder: those differ per process
            continue
        try:
            h.update(f"{entry}\x00{os.stat(entry or '.').st_mtime_ns}\n".encode())
        except OSError:
            continue
    add_files(h)
    return h.hexdigest()[:24]


def runtime() -> list:
    """What must match between client and daemon for a run to behave the same beyond the
    code: how text and file names are encoded."""
    import locale

    return [sys.getfilesystemencoding(), sys.flags.utf8_mode, locale.getpreferredencoding(False)]


# --------------------------------------------------------------------------- peers

def peer_uid(sock: socket.socket) -> int:
    _pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return uid


def trusted(peer: int, me: int | None = None) -> bool:
    """Only a process of the same user may hand a command over, or answer one."""
    return peer == (os.getuid() if me is None else me)


def connect(path: Path, timeout: float = HANDSHAKE_S) -> socket.socket:
    """A connection to the daemon at ``path``, checked to run as this user."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path))
        if not trusted(peer_uid(sock)):
            raise WireError("the daemon runs as another user")
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.ENOENT, errno.ECONNREFUSED):
            raise WireError("no daemon is listening") from None
        raise WireError(str(exc)) from None
    except WireError:
        sock.close()
        raise
    return sock


# --------------------------------------------------------------------------- messages

def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    body = json.dumps(message, separators=(",", ":")).encode()
    if len(body) > MAX_MESSAGE:
        raise WireError("message too large")
    data = struct.pack(">I", len(body)) + body
    try:
        sent = socket.send_fds(sock, [data], fds) if fds else 0
        if sent < len(data):  # not an empty send: the daemon may have read it all, answered and closed
            sock.sendall(data[sent:])
    except OSError as exc:
        raise WireError(str(exc)) from None


def receive(sock: socket.socket, max_fds: int = 0, within: float | None = None) -> tuple[dict[str, Any], list[int]]:
    """One message, and the descriptors sent with it (at most ``max_fds``; the caller
    owns them). EOF before a whole message is a WireError. ``within``: seconds for the
    whole message (a socket timeout bounds each read only: a peer sending a byte at a
    time would never run out of it)."""
    fds: list[int] = []
    deadline = None if within is None else time.monotonic() + within
    timeout = sock.gettimeout()
    try:
        if max_fds:
            _budget(sock, deadline)
            first, fds, flags, _ = socket.recv_fds(sock, 65536, max_fds)
            if flags & getattr(socket, "MSG_CTRUNC", 0):
                close_fds(fds)
                raise WireError("too many descriptors")
            buf = bytearray(first)
        else:
            buf = bytearray()
        while len(buf) < 4:
            buf += _chunk(sock, 4 - len(buf), deadline)
        (size,) = struct.unpack(">I", bytes(buf[:4]))
        if size > MAX_MESSAGE:
            raise WireError("message too large")
        while len(buf) < 4 + size:
            buf += _chunk(sock, 4 + size - len(buf), deadline)
        if len(buf) != 4 + size:
            raise WireError("more than one message at once")
        message = json.loads(bytes(buf[4:]))
        if not isinstance(message, dict):
            raise WireError("not a message")
        return message, fds
    except RecursionError:  # JSON nested deeper than the parser recurses
        close_fds(fds)
        raise WireError("not a message") from None
    except (OSError, ValueError, WireError) as exc:
        close_fds(fds)
        raise exc if isinstance(exc, WireError) else WireError(str(exc)) from None
    finally:
        if deadline is not None:
            sock.settimeout(timeout)


def _budget(sock: socket.socket, deadline: float | None) -> None:
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise WireError("timed out")
        sock.settimeout(left)


def _chunk(sock: socket.socket, n: int, deadline: float | None = None) -> bytes:
    _budget(sock, deadline)
    data = sock.recv(n)
    if not data:
        raise WireError("connection closed")
    return data


def close_fds(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
