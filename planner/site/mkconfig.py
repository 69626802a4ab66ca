"""Read a user's mkdocs.yml as data and write the build folder's copy of it.

mkdocs.yml may carry YAML tags (``!ENV``, ``!relative``, ``!!python/name:...``) that
only the builder should interpret: they are kept as :class:`Tagged` values and written
back verbatim, never constructed here (no code is loaded from the repository)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass
class Tagged:
    tag: str
    value: Any  # a scalar, list or dict, as written


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_Dumper.add_representer(Tagged, _represent)


class MkDocsConfigError(ValueError):
    pass


def load(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict (tags kept, not run)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MkDocsConfigError(f"{path}: cannot read it as YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MkDocsConfigError(f"{path}: expected a mapping of settings, found {type(data).__name__}")
    return data


def dump(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def plugin_entries(config: dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, options) of each plugin, from the list or the mapping form."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return list(plugins.items())
    out = []
    for item in plugins:
        if isinstance(item, str):
            out.append((item, {}))
        elif isinstance(item, dict) and len(item) == 1:
            out.append(next(iter(item.items())))
    return out


def without_plugin(config: dict[str, Any], name: str) -> list[Any]:
    return [{k: v} if v else k for k, v in plugin_entries(config) if k != name]


def extension_names(exts: Any) -> list[str]:
    if isinstance(exts, dict):
        return list(exts)
    return [e if isinstance(e, str) else next(iter(e)) for e in exts or [] if isinstance(e, (str, dict)) and e]
