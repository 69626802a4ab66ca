"""``planner trend``: the content estate over its git history.

- :mod:`~planner.trend.sampling`: which commits become points;
- :mod:`~planner.trend.history`: a commit's configuration and files, from git objects;
- :mod:`~planner.trend.point`: an audit -> the numbers of one point;
- :mod:`~planner.trend.run`: ``trend(...)``, through the engine and its result store;
- :mod:`~planner.trend.render`: the table, JSON and CSV views;
- :mod:`~planner.trend.delta`: one pull request's change (``planner lint --changed``).
"""
