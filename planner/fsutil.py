"""Every file planner writes goes through here.

A regular file is replaced atomically (a temporary file beside it, then a rename), so a
crash or a concurrent run never leaves a half-written file behind. Anything else is
written through and never renamed over: a FIFO, a terminal, ``/dev/null``, a process
substitution (``/dev/fd/63``) or ``/dev/stdout`` keep being what they are, which matters
most as root, where a rename would happily turn ``/dev/null`` into a regular file.

A replaced file keeps its mode (and, where allowed, its owner); a new file gets the mode
the umask gives (0644 typically), as any editor or shell redirection would.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
from functools import lru_cache
from pathlib import Path

# paths naming one of this process's open descriptors: written to that descriptor, so
# `-o /dev/stdout >> log` appends like stdout would rather than truncating the log
_DESCRIPTOR = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/self/fd/(\d+)")


def _descriptor(path: Path) -> int | None:
    m = _DESCRIPTOR.fullmatch(os.path.abspath(path))
    if m is None:
        return None
    fd = 1 if m.group(1) else 2 if m.group(2) else int(m.group(3) or m.group(4))
    try:
        os.fstat(fd)
    except OSError:
        return None  # not open here: let the path itself answer
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _exists_error(path: Path) -> FileExistsError:
    return FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def _write_through(path: Path, data: bytes) -> None:
    """Open the special file as it is (no O_CREAT, no rename) and write."""
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


class LinkOutOfRepository(PermissionError):
    """The path is in a git work tree but a symlink in it leads out: not written."""


def work_tree(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` (an absolute path, links not followed)
    holding ``.git``: the repository a path belongs to (:data:`tree_of` caches it)."""
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str:
    """What a path that is not a regular file (nor a folder) is, in words: "a named pipe
    (FIFO)", "a character device", ...; for the messages that refuse to read one."""
    return next((name for test, name in _SPECIAL if test(mode)), "a special file")


tree_of = lru_cache(maxsize=1024)(work_tree)  # a cold run writes thousands of files into a few folders


def under(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or below it, both already resolved."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or below it, both resolved (links followed)."""
    return under(os.path.realpath(path), os.path.realpath(folder))


def _check_contained(path: Path) -> None:
    """Refuse a path inside a git work tree that a symlink leads out of it.

    The repository is untrusted: a pull request can commit ``report.sarif`` (or the
    ``reports`` folder) as a symlink to ``~/.bashrc``, ``/dev/sda`` or any file the CI
    user may write, and CI's ``-o report.sarif`` would replace it with a report whose
    lines the pull request partly chose. A link that stays inside the work tree is
    followed as before, and so is any path outside a work tree (the caller's own)."""
    where = os.path.abspath(path)
    tree = tree_of(os.path.dirname(where))
    if tree is None:
        return
    if within(where, tree):
        return
    real = os.path.realpath(where)
    raise LinkOutOfRepository(errno.EPERM, f"a symbolic link leads out of the repository ({tree}) to {real}; "
                                           "planner does not write through it: remove the link or write elsewhere",
                              str(path))


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target. Created with mode 0666, so the kernel applies the
    umask (or the folder's default ACL) exactly as it would to the file itself."""
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
    raise _exists_error(folder / f".{name}.tmp")  # pragma: no cover


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True, durable: bool = True,
                       parents: bool = True) -> None:
    """Write ``data`` to ``path``: atomically when it is (or will be) a regular file,
    straight through when it is a FIFO, a device or a descriptor path.

    ``overwrite=False``: an existing path, of whatever kind, is never written to
    (FileExistsError), even if it appears while we write. ``parents=False``: a missing
    folder is an error (FileNotFoundError naming the folder) instead of being created.
    ``durable=False`` skips the fsync: for caches and reports, where readers still see
    all or nothing but losing the newest one to a power cut only costs a re-run (and
    an fsync of a 10 MB report can cost more than the warm run that wrote it)."""
    path = Path(path)
    _check_contained(path)
    fd = _descriptor(path)
    if fd is not None:
        if not overwrite:
            raise _exists_error(path)
        for stream in (sys.stdout, sys.stderr):  # keep what was printed before in order
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        _write_all(fd, data)
        return
    try:
        st = os.stat(path)  # follows symlinks: what a write would reach
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not overwrite:
            raise _exists_error(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        _write_through(path, data)
        return
    # a symlink (even a dangling one) stays a link: the file it points at is replaced
    target = Path(os.path.realpath(path)) if overwrite and path.is_symlink() else path
    folder = target.parent
    if not folder.is_dir():
        if not parents:
            raise FileNotFoundError(errno.ENOENT, "folder does not exist (create it first)", str(folder))
        folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if st is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
                if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                    try:  # root rewriting a user's report: it stays the user's
                        os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                    except OSError:
                        pass
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails with FileExistsError instead of replacing
            os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True, durable: bool = True,
                      parents: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite, durable=durable, parents=parents)
