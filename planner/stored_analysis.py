"""Analyses as the run store keeps them: a compact summary plus the whole analysis as one
compressed blob, decoded only when something asks for more than the summary.

Corpus rules and reporters read a few numbers of every unchanged document (words, tone
scores and counts, readability, the predicted stage); decoding thousands of small
objects per document for that was most of a warm run. :class:`LazyAnalysis` has those
numbers at hand, and its ``tone`` and ``journey`` turn into the whole dicts on any
other access (the evidence of a finding), so rules see exactly what they saw before.
"""
from __future__ import annotations

import json
import marshal
import zlib
from typing import Any

from planner.model import Analysis

# what corpus rules and reporters read (tone "voice": the numbers section-drift and
# tone-drift screen every page with; only the pages that depart are decoded for evidence)
_SUMMARY = {"tone": ("scores", "counts", "voice"), "journey": ("predicted",)}


def pack(analysis: Analysis | dict | None) -> tuple[dict | None, bytes | None]:
    """(compact summary, marshalled full analysis) for the store."""
    if analysis is None:
        return None, None
    if isinstance(analysis, LazyAnalysis):
        return analysis.__dict__["_summary"], analysis.__dict__["_blob"]
    d = analysis.to_dict() if isinstance(analysis, Analysis) else analysis
    try:
        blob = marshal.dumps(d)
    except ValueError:  # an analyser stored a non-plain value: keep it JSON-able
        d = json.loads(json.dumps(d, default=str))
        blob = marshal.dumps(d)
    # compressed (~5x): every warm run reads the whole store, and reading 250 MB for a
    # 10,000-document estate costs more than compressing in workers
    blob = zlib.compress(blob, 1)
    summary = {"words": d.get("words"), "language": d.get("language"), "readability": d.get("readability")}
    for part, keys in _SUMMARY.items():
        value = d.get(part)
        summary[part] = {k: value[k] for k in keys if k in value} if isinstance(value, dict) else value
    return summary, blob


class _Part(dict):
    """``Analysis.tone`` / ``.journey`` of a stored analysis: holds the summary keys and
    turns into the whole dict (in place) on any other access."""

    __slots__ = ("_owner", "_name")

    def __init__(self, *args, **kw) -> None:
        dict.__init__(self, *args, **kw)
        self._owner = None
        self._name = ""

    @classmethod
    def lazy(cls, summary: dict, owner: "LazyAnalysis", name: str) -> "_Part":
        part = cls(summary)
        part._owner, part._name = owner, name
        return part

    def _load(self) -> None:
        owner = self._owner
        if owner is not None:
            self._owner = None
            full = owner._full()[self._name]
            dict.clear(self)
            dict.update(self, full)

    def __getitem__(self, key):
        if self._owner is not None and not dict.__contains__(self, key):
            self._load()
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if self._owner is not None and not dict.__contains__(self, key):
            self._load()
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        self._load()
        return dict.__contains__(self, key)

    def __bool__(self) -> bool:
        if dict.__len__(self):
            return True
        self._load()
        return dict.__len__(self) > 0

    def __reduce_ex__(self, protocol):  # pickles and copies as the plain, whole dict
        self._load()
        return dict, (dict(dict.items(self)),)

    def __copy__(self) -> dict:
        self._load()
        return dict(dict.items(self))

    def __deepcopy__(self, memo) -> dict:
        import copy

        self._load()
        return copy.deepcopy(dict(dict.items(self)), memo)


def _whole(name: str):
    method = getattr(dict, name)

    def call(self, *args, **kw):
        self._load()
        return method(self, *args, **kw)

    call.__name__ = name
    return call


for _name in ("__iter__", "__len__", "__reversed__", "__eq__", "__ne__", "__repr__", "__or__", "__ror__", "__ior__",
              "__setitem__", "__delitem__", "keys", "items", "values", "copy", "pop", "popitem", "setdefault",
              "update", "clear"):
    setattr(_Part, _name, _whole(_name))


class LazyAnalysis(Analysis):
    """An Analysis restored from the run store: words, language, readability, tone
    scores and counts and the predicted stage are at hand; everything else is decoded
    from the stored blob on first access."""

    @classmethod
    def restore(cls, summary: dict, blob: bytes) -> "LazyAnalysis":
        a = cls.__new__(cls)
        d = a.__dict__
        d["_summary"], d["_blob"], d["_decoded"] = summary, blob, None
        d["words"], d["language"], d["readability"] = summary["words"], summary["language"], summary["readability"]
        for part in _SUMMARY:
            value = summary[part]
            d[part] = _Part.lazy(value, a, part) if isinstance(value, dict) else value
        return a

    def _full(self) -> dict:
        d = self.__dict__
        if d["_decoded"] is None:
            d["_decoded"] = marshal.loads(zlib.decompress(d["_blob"]))
        return d["_decoded"]

    @property  # type: ignore[override]
    def sentences(self) -> list:
        d = self.__dict__
        if "_sentences" not in d:
            d["_sentences"] = self._full()["sentences"]
        return d["_sentences"]

    @sentences.setter
    def sentences(self, value: list) -> None:
        self.__dict__["_sentences"] = value

    def to_dict(self) -> dict[str, Any]:
        out = Analysis.to_dict(self)
        for k, v in out.items():
            if isinstance(v, _Part):
                v._load()
                out[k] = dict(dict.items(v))
        return out
