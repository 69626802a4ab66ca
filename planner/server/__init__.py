"""A resident planner process the user starts on purpose (``planner server start``).

- :mod:`~planner.server.client`: the hook in ``planner/__main__.py`` that hands
  ``lint``, ``coverage`` and ``plan`` to this project's server, if one runs;
- :mod:`~planner.server.wire`: where it listens, who may talk to it, the messages;
- :mod:`~planner.server.daemon`: the server's loop, and the child that runs a request;
- :mod:`~planner.server.memo`: the result store's files and results, kept decoded.

Nothing here is imported by a run unless a server socket exists (docs/server.md).
"""
