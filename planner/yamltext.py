"""YAML text read safely, and the line a key sits on.

planner's own data files (config sections, lexicons, targets) go through
:func:`load_yaml`; a repository's ``planner.yml`` through :func:`safe_yaml`, which also
refuses anchors and deep nesting. :func:`line_of` and :func:`first_non_text_key` find
where in the text a key is, so an error can name the line.
"""
from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster start-up


def load_yaml(text: str) -> Any:
    """Safe YAML for planner's own data files (config sections, lexicons, targets)."""
    return yaml.load(text, Loader=_LOADER)


def safe_yaml(text: str, max_depth: int = 50) -> Any:
    """yaml.safe_load that refuses anchors/aliases (a "billion laughs" file loads as
    shared references and explodes when walked) and absurd nesting, before building."""
    depth = 0
    for ev in yaml.parse(text, Loader=_LOADER):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise yaml.YAMLError(f"line {ev.start_mark.line + 1}: YAML anchors and aliases (&name, *name) are not supported; write the values out")
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise yaml.YAMLError(f"line {ev.start_mark.line + 1}: nested more than {max_depth} levels deep")
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return load_yaml(text)


_last: tuple = (None, None)  # (text, its node): the last planner.yml composed


def _compose(raw: str | None) -> yaml.Node | None:
    """The node tree of ``raw``, composed once per text: a configuration's checks ask
    where several keys are (one per stage, say), and composing is most of a read."""
    global _last
    if not raw:
        return None
    text, node = _last
    if text is not raw and text != raw:
        try:
            node = yaml.compose(raw, Loader=_LOADER)
        except yaml.YAMLError:
            node = None
        _last = (raw, node)
    return node


def line_of(raw: str | None, parts: list) -> int | None:
    """1-based line of the key at ``parts`` in the YAML text, as far as it exists."""
    node = _compose(raw)
    if node is None:
        return None
    line = None
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def first_non_text_key(raw: str | None, parts: tuple) -> tuple[str, int] | None:
    """(the key as written, its 1-based line) of the first key that is not text in the
    mapping at ``parts`` of the YAML text, if it can be found."""
    node = _compose(raw)
    for part in parts:  # down to the mapping that holds the key
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
    if isinstance(node, yaml.MappingNode):
        hit = next((k for k in node.value if isinstance(k[0], yaml.ScalarNode) and not k[0].tag.endswith(":str")), None)
        if hit is not None:
            return hit[0].value or "null", hit[0].start_mark.line + 1
    return None
