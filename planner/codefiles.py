"""planner's own files, as a digest: what the result store's tool key and a resident
daemon's code identity are made of. Standard library only (the daemon's client hook
imports it before anything heavy)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def add_files(h: "hashlib._Hash", leave_out: frozenset[str] | set[str] = frozenset()) -> None:
    """Add each file of the package to ``h``: its path and a digest of its content (not
    its mtime: a checkout that changes nothing keeps the digest), in a fixed order;
    top-level folders in ``leave_out`` and compiled files are left out."""
    for folder, dirs, files in os.walk(PACKAGE):
        top = folder == str(PACKAGE)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not (top and d in leave_out))
        for name in sorted(files):
            if name.endswith((".pyc", ".tmp")):
                continue
            try:
                with open(os.path.join(folder, name), "rb") as fh:
                    digest = hashlib.blake2b(fh.read(), digest_size=8).hexdigest()
            except OSError:
                continue
            h.update(f"{os.path.relpath(os.path.join(folder, name), PACKAGE)}\x00{digest}\n".encode())
