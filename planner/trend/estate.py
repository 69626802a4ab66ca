"""The estate's view at a past commit (product names, the team model), resolved as
``planner lint`` resolves it in a checkout of that commit: ``product.names`` of the
commit's planner.yml, else the team model's names, else names inferred from the same
sample of pages lint reads (:mod:`planner.journey.estate`). It is part of the store's
digest, so each commit is resolved before anything is checked.

Inference reads up to 400 pages a commit. Here each file version's name counts are
worked out once a run, and each commit's names are remembered in the store folder by
the content of its sample, so a second run infers nothing. The memo is untrusted data:
anything but its expected shape is ignored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from pathlib import Path

from planner.config import Config
from planner.engine import Source
from planner.journey.estate import READ_LIMIT, _sample, light_prose, name_counts, names_from_counts

MEMO = "trend-names.json"
FORMAT, VERSION = "planner-trend-names", 1
MAX_ENTRIES = 4096
MAX_BYTES = 16 << 20


def _text(data: bytes) -> str:
    """What lint's inference reads of a file: its first characters, decoded with
    replacement and newlines as text mode reads them."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return light_prose(text[:READ_LIMIT])


class EstateNames:
    """Product names per commit, for one run; ``folder`` keeps them between runs (None: not kept)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / MEMO if folder is not None else None
        self._memo: dict[str, list[str]] = self._load()
        self._used: set[str] = set()
        self._dirty = False
        self._counts: dict[str, tuple[Counter, Counter]] = {}  # file version -> its name counts

    def prepared(self, config: Config, sources: list[Source]) -> Config:
        """A copy of ``config`` with the estate's view of these ``sources`` resolved."""
        from planner.journey.teammodel import attach

        copy = dataclasses.replace(config, estate=None)
        attach(copy, infer=lambda: self.infer(sources))
        return copy

    def infer(self, sources: list[Source]) -> list[str]:
        readable = {str(s.path): s for s in sources if isinstance(s.data, bytes)}
        sample = [readable[str(p)] for p in _sample([s.path for s in readable.values()])]
        digests = [hashlib.sha256(s.data).hexdigest() for s in sample]  # type: ignore[arg-type]
        key = hashlib.sha256("\n".join(f"{s.relpath}\0{d}" for s, d in zip(sample, digests)).encode(
            "utf-8", "surrogateescape")).hexdigest()
        self._used.add(key)
        if key not in self._memo:
            counts = []
            for s, d in zip(sample, digests):
                if d not in self._counts:
                    self._counts[d] = name_counts(_text(s.data))  # type: ignore[arg-type]
                counts.append(self._counts[d])
            self._memo[key] = names_from_counts(counts)
            self._dirty = True
        return list(self._memo[key])

    def _load(self) -> dict[str, list[str]]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as fh:
                data = json.loads(fh.read(MAX_BYTES + 1))
            if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") == VERSION
                    and isinstance(data.get("names"), dict)):
                return {}
            return {k: v for k, v in data["names"].items() if isinstance(k, str) and len(k) == 64 and isinstance(v, list)
                    and len(v) <= 3 and all(isinstance(n, str) and 0 < len(n) <= 60 for n in v)}
        except (OSError, ValueError, RecursionError):
            return {}

    def save(self) -> None:
        """Keep this run's entries, and older ones up to :data:`MAX_ENTRIES`."""
        if self.path is None or not self._dirty:
            return
        kept = {k: self._memo[k] for k in self._used}
        for k, v in self._memo.items():
            if len(kept) >= MAX_ENTRIES:
                break
            kept.setdefault(k, v)
        try:
            from planner.fsutil import atomic_write_text

            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps({"format": FORMAT, "version": VERSION, "names": kept}) + "\n",
                              durable=False)
        except OSError:
            pass  # a read-only cache folder only costs the next run the inferring
