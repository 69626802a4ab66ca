"""The planner MkDocs plugin's options (``plugins: [planner: {...}]`` in mkdocs.yml): read
by the plugin, and checked by `planner build` before anything is built."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkConfig


class PlannerPluginConfig(MkConfig):
    config_file = c.Optional(c.Type(str))  # planner.yml, relative to mkdocs.yml; default: searched upward
    paths = c.ListOfItems(c.Type(str), default=[])  # content folders, relative to mkdocs.yml; default: planner.yml's
    nav = c.Type(bool, default=True)  # build the navigation (when mkdocs.yml has no `nav`)
    group_size = c.Type(int, default=100)  # documents per navigation section
    nav_documents_max = c.Type(int, default=300)  # above this, the nav lists folders, not every document
    builder = c.Choice(("mkdocs", "zensical"), default="mkdocs")  # what `planner build` runs on the build folder
    build_dir = c.Type(str, default=".planner-cache/site")  # where `planner build` writes the pages, relative to mkdocs.yml
    trend = c.Type(bool, default=True)  # the trend page and the dashboard's deltas, inside a git repository
