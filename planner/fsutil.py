"""Atomic writes: every file planner writes goes through here (temporary file + rename),
so a crash or a concurrent run never leaves a half-written file behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically. With ``overwrite=False`` an existing file
    is never replaced (FileExistsError), even if it appears while we write.

    ``durable=False`` skips the fsync: for caches and reports, where readers still see
    all or nothing but losing the newest one to a power cut only costs a re-run (and
    an fsync of a 10 MB report can cost more than the warm run that wrote it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails with FileExistsError instead of replacing
            os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite, durable=durable)
