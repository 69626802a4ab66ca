"""A resident planner process the user starts on purpose (``planner daemon start``).

- :mod:`~planner.daemon.client`: the hook in ``planner/__main__.py`` that hands
  ``lint``, ``coverage`` and ``plan`` to this project's daemon, if one runs;
- :mod:`~planner.daemon.wire`: where it listens, who may talk to it, the messages;
- :mod:`~planner.daemon.loop`: the daemon's loop, and the child that runs a request;
- :mod:`~planner.daemon.memo`: the result store's files and results, kept decoded.

Nothing here is imported by a run unless a daemon socket exists (docs/daemon.md).
"""
