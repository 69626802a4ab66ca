"""``audit(...)``: the one entry point every command and the site use.

discover the files -> read each one's bytes and key -> the store's result, else the
executor's (:func:`planner.engine.unit.check`) -> corpus rules -> suppressions ->
fingerprints -> the :class:`~planner.model.Audit` every view reads.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

from planner import suppress
from planner.config import Config
from planner.engine.executors import Prestarted, executor_for
from planner.engine.keys import file_key, run_digest
from planner.engine.store import Store
from planner.engine.unit import FileResult, Source, check_one
from planner.fingerprint import assign
from planner.journey.estate import prepare
from planner.journey.teammodel import describe
from planner.discovery import discover, relpaths
from planner.loader import load_source, name_problem, read_source
from planner.model import Analysis, Audit, Document, Finding
from planner.rules import registry, run_corpus_rules


class Progress:
    """A no-op progress sink; the CLI passes a progress bar on a terminal."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


RACY_NS = 2_000_000_000  # a file changed this close to being read is hashed again next run


def read(paths: Iterable[Path], config: Config, cwd: Path, store: Store | None = None,
         overrides: dict[str, bytes | str] | None = None) -> list[Source]:
    """Each file's bytes (or why they cannot be read), as the run's sources. A file the
    store's file index knows unchanged is not read (its data is None): its sha256 is
    all a stored result needs. ``overrides`` (by relpath) are bytes that stand for a
    file's (an editor's buffer): the file is not read, and they are never stored."""
    out = []
    started = time.time_ns()
    if store is not None and store.scratch:  # a store for this run only has no index to consult
        store = None
    paths = list(paths)
    overrides = overrides or {}
    for p, rel in zip(paths, relpaths(paths, cwd)):
        if rel in overrides:
            data = overrides[rel]
            sha = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else None
            out.append(Source(rel, p, data, sha256=sha, transient=True))
            continue
        st = _regular(p) if store is not None else None
        sha = store.known_sha256(rel, st) if store is not None and st is not None else None
        if sha is not None:
            out.append(Source(rel, p, None, sha256=sha))
            continue
        data = read_source(p, config)
        sha = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else None
        if sha is not None and store is not None and st is not None \
                and started - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            store.note_sha256(rel, st, sha)
        out.append(Source(rel, p, data, sha256=sha))
    return out


def _regular(path: Path) -> os.stat_result | None:
    """The stat of a plain file with a UTF-8 name (what the file index may know), else
    None: links, folders and bad names always go through read_source's checks."""
    if name_problem(os.fspath(path)) is not None:
        return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def audit(paths: list[Path], config: Config, *, cwd: Path | None = None, store: Store | None = None,
          full: bool = True, only: set[str] | None = None, as_of: dt.date | None = None,
          progress: Progress | None = None, files: list[Path] | None = None,
          sources: list[Source] | None = None, missing: list[str] | None = None,
          overrides: dict[str, bytes | str] | None = None) -> Audit:
    """Audit the content under ``paths``.

    ``store`` keeps results between runs (None: a throwaway one for this run only).
    ``full`` gives every document and analysis whole (the site, ``planner tone``);
    otherwise the audit holds summaries (lint, coverage, plan), and
    :meth:`Audit.full` loads one file whole when a finding needs its evidence.
    ``only`` (relpaths) limits per-document findings to those files while corpus rules
    still see every document (``lint --changed``). ``as_of`` is "today" for review
    ages (default: the date now). ``files`` saves discovering again (``missing``: the
    problems that discovery met); ``sources`` gives the files' bytes directly (a past
    commit's blobs) instead of reading ``paths``; ``overrides`` (by relpath) gives
    some files' bytes instead of the disk's, never stored (``planner lint -``)."""
    cwd = cwd or Path.cwd()
    progress = progress or Progress()
    missing = list(missing or [])
    if sources is None and files is None:
        files, missing = discover(paths, config)
    if config.estate is None:  # product names and the team model: part of the run's digest
        if sources is None:
            prepare(config, files=files)
        else:
            prepare(config, texts=[s.data.decode("utf-8", "replace") for s in sources if isinstance(s.data, bytes)])
    throwaway = prestarted = None
    if store is None:
        throwaway = Path(tempfile.mkdtemp(prefix="planner-run-"))
        store = Store(throwaway, run_digest(config), scratch=True)
    else:
        if store.digest != run_digest(config):  # opened before the estate was prepared
            store = Store(store.folder, run_digest(config), store.note)
        if sources is None and not overrides and store.results_dir.is_dir() and Prestarted.available():
            # spaCy starts there while we read (a run handed its sources, a past commit's
            # blobs, is planner trend's: it checks what the store lacks beforehand, in one
            # go; an editor's buffer is checked here, where its whole document stays for
            # the corpus rules' evidence, as the store does not keep it)
            prestarted = Prestarted(config, store)
    try:
        run = None if sources is not None else (paths, files, cwd)  # a past commit's sources are its estate
        if sources is None:
            sources = read(files, config, cwd, store, overrides)
        result = _audit(sources, config, cwd, store, full, only, as_of, progress, missing, prestarted)
        # which product names and team model judged it (stale or not: judged on the estate, not only these paths)
        result.extras["journey"] = describe(config, result.analyses, run)
        return result
    finally:
        if prestarted is not None:
            prestarted.close()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)


def file_results(sources: list[Source], config: Config, store: Store, progress: Progress | None = None,
                 prestarted: Prestarted | None = None) -> dict[str, FileResult]:
    """Each source's result (by relpath): the store's, else the executor's, put in the
    store. ``planner trend`` also calls it on the files of many commits at once, so one
    executor checks every version the store lacks."""
    progress = progress or Progress()
    out: dict[str, FileResult] = {}
    todo: list[Source] = []
    for s in sources:
        if s.data is not None and not isinstance(s.data, bytes):  # unreadable: its finding is the result
            todo.append(s)
            continue
        s.sha256 = s.sha256 or hashlib.sha256(s.data).hexdigest()  # type: ignore[arg-type]
        key = file_key(store.digest, s.relpath, s.sha256)
        # an editor's buffer: the result stored for the same bytes serves it (a buffer
        # as saved), but it is never stored itself (no key), nor counted as the file's
        s.key = None if s.transient else key
        hit = store.get(key, s.relpath, str(s.path), s.sha256, peek=s.transient)
        if hit is not None:
            out[s.relpath] = FileResult(s.relpath, key, *hit)
            continue
        if s.data is None:  # the index knew it, the store lost its result: read it after all
            _read_now(s, config)
            s.key = file_key(store.digest, s.relpath, s.sha256) if s.sha256 is not None else None
        todo.append(s)
    progress.start("checking", len(todo))
    for r in executor_for(config, store, len(todo), progress.advance, prestarted).run(todo):
        assign(r.findings)  # a file's own findings' fingerprints: kept with its result
        out[r.relpath] = r
        if r.key is not None:
            store.put(r.key, r.summary, r.findings)
    progress.stop()
    return out


def _audit(sources: list[Source], config: Config, cwd: Path, store: Store, full: bool, only: set[str] | None,
           as_of: dt.date | None, progress: Progress, missing: list[str], prestarted: Prestarted | None) -> Audit:
    results = file_results(sources, config, store, progress, prestarted)

    by_rel = {s.relpath: s for s in sources}

    def whole(rel: str) -> tuple[Document, Analysis | None]:
        r, s = results[rel], by_rel[rel]
        if r.document is not None:
            return r.document, r.analysis
        kept = store.recall(r.key) if r.key is not None else None
        if kept is not None:  # the same bytes at the same path, loaded for an earlier audit in this process
            r.document, r.analysis = kept
            return kept
        known = s.sha256
        if s.data is None:
            _read_now(s, config)
        saved = store.analysis(r.key) if r.key is not None and r.summary.ok and s.sha256 == known else None
        a, extracted = saved or (None, None)
        doc = load_source(s.path, s.relpath, s.data, config, extracted)  # the Markdown is not parsed again
        a = a if doc.ok else None
        if a is None and doc.ok:  # not stored (a throwaway store, or one that failed to read back)
            fresh = check_one(s, config)
            r.document, r.analysis = fresh.document, fresh.analysis
            return r.document, r.analysis
        r.document, r.analysis = doc, a
        if r.key is not None:
            store.remember(r.key, (doc, a))
        return doc, a

    result = Audit(root=cwd, config=config, as_of=as_of or dt.date.today(), loader=whole, judgements=store)
    result.extras["missing_paths"] = missing
    result.extras["only"] = only  # suppressions in other files are not reported as unused
    findings: list[Finding] = []
    for s in sources:
        r = results[s.relpath]
        if full:
            doc, a = whole(s.relpath)
            result.documents.append(doc)
        else:
            result.documents.append(r.summary)
            a = r.summary.analysis
        if a is not None:
            result.analyses[s.relpath] = a
        findings.extend(r.findings)
    result.findings = findings
    result.findings.extend(run_corpus_rules(result, config))
    store.save()  # after the corpus rules: it keeps their verdicts too
    if only is not None:
        result.findings = [f for f in result.findings if f.path in only]
    suppress.apply(result)
    _explain_all(result.findings + result.suppressed)
    result.findings.sort(key=Finding.sort_key)
    assign(result.findings + result.suppressed)  # stable keys for baselines and SARIF
    return result


def _explain_all(findings: list[Finding]) -> None:
    """Every finding says why it matters: those made without a reason of their own (the
    loader's, the suppression pass's) take their rule's."""
    rules = registry()
    for f in findings:
        if not f.why and f.rule in rules:
            f.why = rules[f.rule].why


def _read_now(s: Source, config: Config) -> None:
    """Read a source the file index had spared (it changed since if its hash did)."""
    s.data = read_source(s.path, config)
    s.sha256 = hashlib.sha256(s.data).hexdigest() if isinstance(s.data, bytes) else None


def note_printer(verbose: bool) -> Callable[[str], None]:
    """Where the store's one-line notes go: stderr under -v, nowhere otherwise."""
    import click

    return (lambda msg: click.echo(f"planner: {msg}", err=True)) if verbose else (lambda msg: None)
