"""Regular expressions from planner.yml, run with a time bound.

A team's patterns (``journey.lexicon.<signal>.regex``, ``re:`` entries in
``tone.lexicons``) come from the repository like its content, and a pattern such as
``(a|aa)+$`` backtracks for longer than any CI job lasts on a 41-character line. They
run on the ``regex`` engine, which takes a timeout and also answers classic nested
quantifiers like ``(a+)+$`` at once. A search that runs out of time yields no matches
for that document and is recorded (see :func:`watch`); the document gets a
``regex-timeout`` finding naming the entry, and the run goes on.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Iterator

# Seconds per search of one document. A sane pattern scans a 50,000-line file in a few
# milliseconds; the engine checks the clock every so often, so a runaway search can
# overshoot this several times, still well under a second.
TIMEOUT = 0.1


class PatternError(ValueError):
    """A user pattern that does not compile; the message is the engine's."""


_timeouts: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("planner_regex_timeouts", default=None)


class UserPattern:
    """One user pattern, compiled once; ``finditer`` has the signature of ``re``'s."""

    __slots__ = ("entry", "_rx")

    def __init__(self, pattern: str, entry: str, *, ignore_case: bool = True, multiline: bool = False) -> None:
        import regex  # only when a team has patterns of its own: most runs never pay the import

        flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0) | (regex.MULTILINE if multiline else 0)
        try:
            self._rx = regex.compile(pattern, flags)
        except regex.error as exc:
            raise PatternError(str(exc)) from None  # the caller names the entry
        self.entry = entry  # e.g. "journey.lexicon.pricing.regex '(a|aa)+$'"

    @property
    def pattern(self) -> str:
        return self._rx.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list:
        """Every match, or none when the search ran out of time (recorded for the
        document being analysed)."""
        try:
            return list(self._rx.finditer(text, pos, len(text) if endpos is None else endpos, timeout=TIMEOUT))
        except TimeoutError:
            sink = _timeouts.get()
            if sink is not None and self.entry not in sink:
                sink.append(self.entry)
            return []


@contextmanager
def watch() -> Iterator[list[str]]:
    """Collect the entries whose search timed out inside the block (one document)."""
    sink: list[str] = []
    token = _timeouts.set(sink)
    try:
        yield sink
    finally:
        _timeouts.reset(token)
