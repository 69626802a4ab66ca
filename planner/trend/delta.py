"""One pull request's change, in one line: the coverage score before -> after, the
findings it adds and fixes, the stages it touches (``planner lint --changed``).

"Before" is the merge base with the base ref, audited from git objects with its own
planner.yml; "after" is the working tree. Both go through the engine and its store,
so files the pull request did not change cost nothing. Findings are matched by their
fingerprints (rule, path, evidence; never line numbers), as baselines match them.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from planner import engine, gitutil
from planner.config import Config
from planner.coverage import coverage_matrix
from planner.engine import Store
from planner.gitutil import Commit, GitError
from planner.model import Audit
from planner.trend.estate import EstateNames
from planner.trend.history import History
from planner.trend.run import Stores


@dataclass
class Delta:
    base: str  # the ref as the user named it
    commit: str = ""  # the merge base audited as "before"
    before: float | None = None
    after: float | None = None
    new: int = 0
    fixed: int = 0
    stages: list[str] = field(default_factory=list)
    error: str | None = None  # why there is no "before"

    def text(self) -> str:
        return self._line(f"against {self.base}" + (f" ({self.commit[:7]})" if self.commit else ""),
                          "planner: this change {where}: coverage {before} -> {after} ({change}); {new}, {fixed} fixed; "
                          "stages touched: {touched}", "planner: no change summary {where}: {error}")

    def markdown(self) -> str:
        """The same, for the GitHub job summary."""
        return self._line(f"against `{self.base}`" + (f" (`{self.commit[:7]}`)" if self.commit else ""),
                          "**planner** {where}: coverage **{before} → {after}** ({change}) · {new} · {fixed} fixed · "
                          "stages touched: {touched}", "**planner**: no change summary {where}: {error}")

    def _line(self, where: str, ok: str, failed: str) -> str:
        if self.error or self.before is None or self.after is None:
            return failed.format(where=where, error=self.error)
        return ok.format(where=where, before=f"{self.before:.1f}%", after=f"{self.after:.1f}%",
                         change=f"{self.after - self.before:+.1f}", new=f"{self.new} new finding{'s' if self.new != 1 else ''}",
                         fixed=self.fixed, touched=", ".join(self.stages) if self.stages else "none")


def _fingerprints(audit: Audit) -> Counter:
    return Counter(f.fingerprint for f in audit.findings if not f.baseline)


def _stages_touched(before: Audit, after: Audit, order: list[str]) -> list[str]:
    """Stages of the documents whose bytes differ (added, edited, retagged, deleted),
    on either side: moving a page from awareness to decision touches both."""
    old = {d.relpath: d for d in before.documents}
    new = {d.relpath: d for d in after.documents}
    touched = set()
    for rel in old.keys() | new.keys():
        a, b = old.get(rel), new.get(rel)
        if a is not None and b is not None and a.sha256 == b.sha256:
            continue
        touched.update(d.tags.stage for d in (a, b) if d is not None and d.tags and d.tags.stage)
    return [s for s in order if s in touched] + sorted(touched - set(order))


def pr_delta(config: Config, paths: tuple[str, ...], cwd: Path, base_ref: str | None, store: Store | None,
             files: list[Path], explicit: Path | None = None) -> Delta:
    """The change of the working tree against the merge base with ``base_ref``."""
    top = gitutil.repository(cwd)
    ref = base_ref or gitutil.default_base(cwd)
    delta = Delta(ref)
    base = gitutil.merge_base(top, ref, "HEAD") or gitutil.resolve(top, ref)
    if base is None:
        delta.error = f"unknown git ref '{ref}'"
        return delta
    delta.commit = base
    today = dt.date.today()
    stores = Stores(store.folder if store is not None else None, first=store)
    history = History(top, cwd, config, paths=paths, explicit=explicit, names=EstateNames(stores.folder))
    try:
        when = gitutil.log(top, base)[-1:]
        snap = history.snapshot(when[0] if when else Commit(base, dt.datetime.now(dt.timezone.utc), ""))
        if snap.error or snap.config is None:
            delta.error = f"the base commit cannot be audited: {snap.error}"
            return delta
        before = engine.audit([], snap.config, cwd=cwd, store=stores.for_config(snap.config), full=False,
                              as_of=today, sources=snap.sources)
        targets = [Path(p) for p in paths] if paths else [config.root / p for p in config["content"]["paths"]]
        after = engine.audit(targets, config, cwd=cwd, store=stores.for_config(config), full=False, as_of=today,
                             files=files)
    except GitError as exc:
        delta.error = f"{exc}; in CI, fetch the base's history (actions/checkout with fetch-depth: 0)"
        return delta
    finally:
        history.close()
        stores.close()
    delta.before, delta.after = coverage_matrix(before)["score"], coverage_matrix(after)["score"]
    was, now = _fingerprints(before), _fingerprints(after)
    delta.new, delta.fixed = sum((now - was).values()), sum((was - now).values())
    delta.stages = _stages_touched(before, after, config.stage_order())
    return delta


def report(delta: Delta, fmt: str, out_lines: list[str]) -> None:
    """The line for the reader: in the text report (``out_lines``), else on stderr; and
    in the GitHub job summary when ``GITHUB_STEP_SUMMARY`` names one."""
    import os

    import click

    if fmt == "text":
        out_lines.append(delta.text())
    else:
        click.echo(delta.text(), err=True)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(delta.markdown() + "\n\n")
        except OSError:
            pass  # a summary is a courtesy; the report is the result
