"""Read a user's mkdocs.yml as data and write the build folder's copy of it.

mkdocs.yml may carry YAML tags (``!ENV``, ``!relative``, ``!!python/name:...``) that
only the builder should interpret: they are kept as :class:`Tagged` values and written
back verbatim, never constructed here (no code is loaded from the repository)."""
from __future__ import annotations

import os
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


_INHERIT_DEPTH = 10


def load(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict: tags kept, not run (``!ENV`` resolved in the few settings
    planner reads itself), ``INHERIT`` merged in as MkDocs does, the shape of every
    setting planner reads checked: a wrong one is a :class:`MkDocsConfigError` naming
    the file, line and key."""
    return _load(path, [])


def _load(path: Path, chain: list[Path]) -> dict[str, Any]:
    data, lines = _read(path)
    check(data, lines, path)
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    where = f"{path}:{lines.get('INHERIT', 1)}: INHERIT"
    parent_path = (path.parent / parent).resolve()
    if parent_path in chain or len(chain) >= _INHERIT_DEPTH:
        raise MkDocsConfigError(f"{where}: {parent} inherits back into itself (or nests more than {_INHERIT_DEPTH} deep)")
    if not parent_path.is_file():
        raise MkDocsConfigError(f"{where}: {parent_path} is not a file")
    return _merge(_load(parent_path, [*chain, path.resolve()]), data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT merge: mappings merged key by key, anything else replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping and the line of each top-level key."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MkDocsConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise MkDocsConfigError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise MkDocsConfigError(f"{path}{line}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise MkDocsConfigError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise MkDocsConfigError(f"{path}: invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise MkDocsConfigError(f"{path}: expected a mapping of settings (`site_name: ...`), found {_kind(data)}")
    keys = node.value if isinstance(node, yaml.MappingNode) else []
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in keys if isinstance(k, yaml.ScalarNode)}
    return data, lines


def _kind(value: Any) -> str:
    if isinstance(value, Tagged):
        return f"a {value.tag} tag"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    return {list: "a list", dict: "a mapping", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def _env(value: Tagged) -> Any:
    """``!ENV VAR`` / ``!ENV [VAR, ..., default]`` as MkDocs resolves it."""
    names, default = (value.value[:-1], value.value[-1]) if isinstance(value.value, list) and len(value.value) > 1 \
        else (value.value if isinstance(value.value, list) else [value.value], None)
    for name in names:
        if str(name) in os.environ:
            text = os.environ[str(name)]
            try:
                parsed = yaml.safe_load(text)
            except yaml.YAMLError:
                return text
            return parsed if parsed is None or isinstance(parsed, (bool, int, float)) else text
    return default


_SCALARS: dict[str, tuple[type, ...]] = {  # settings planner reads as one value
    "site_name": (str,), "docs_dir": (str,), "site_dir": (str,), "repo_url": (str,), "edit_uri": (str,),
    "INHERIT": (str,), "use_directory_urls": (bool,), "strict": (bool,),
}
_LEFT_TO_THE_BUILDER = {"site_name", "strict"}  # planner does not read them: an !ENV there stays as written
_LISTS: dict[str, tuple[type, ...]] = {  # settings planner extends or reads item by item
    "nav": (str, dict), "extra_css": (str,), "extra_javascript": (str, dict), "hooks": (str,), "watch": (str,),
}


def check(data: dict[str, Any], lines: dict[str, int], path: Path) -> None:
    """Refuse a setting planner reads in a shape MkDocs would not accept either."""
    def fail(key: str, expected: str, found: Any) -> None:
        raise MkDocsConfigError(f"{path}:{lines.get(key, 1)}: {key}: expected {expected}, found {_kind(found)}")

    for key, types in _SCALARS.items():
        value = data.get(key)
        if isinstance(value, Tagged) and value.tag == "!ENV":
            if key in _LEFT_TO_THE_BUILDER:
                continue
            data[key] = value = _env(value)
        if value is not None and not isinstance(value, types):
            fail(key, "true or false" if types == (bool,) else "a string", value)
    for key, types in _LISTS.items():
        value = data.get(key)
        if value is not None and not isinstance(value, list):
            fail(key, "a list", value)
        for item in value or []:
            if not isinstance(item, types):
                fail(key, "a list of " + ("strings" if types == (str,) else "strings or mappings"), item)
    for key in ("extra", "validation"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            fail(key, "a mapping", data[key])
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, (str, dict)):
        fail("theme", "a theme name or a mapping (`name: material`)", theme)
    if isinstance(theme, dict):
        for sub in ("name", "custom_dir"):
            if isinstance(theme.get(sub), Tagged) and theme[sub].tag == "!ENV":
                theme[sub] = _env(theme[sub])
            if theme.get(sub) is not None and not isinstance(theme[sub], str):
                fail("theme", f"theme.{sub} to be a string", theme[sub])
    for key, what, example in (("plugins", "plugin", "search"), ("markdown_extensions", "extension", "toc")):
        value = data.get(key)
        if value is not None and not isinstance(value, (list, dict)):
            fail(key, f"a list of {what} names (`- {example}`) or a mapping", value)
        entries = value.items() if isinstance(value, dict) else [_entry(item) for item in value or []]
        for name, options in entries:
            if not isinstance(name, str) or not name:
                fail(key, f"each {what} a name, or a name with its options (`- name: {{...}}`)", name)
            if options is not None and not isinstance(options, dict):
                fail(key, f"the options of {what} {name!r} to be a mapping", options)


def _entry(item: Any) -> tuple[Any, Any]:
    """(name, options) of one list item of plugins or markdown_extensions."""
    return next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)


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


# Words are split on paths' slashes and dots too, and on hyphens: a document page shows
# its path ("content/pricing/loyalty-discount.md"), so "loyalty" finds it. Material's
# suggested separator (its default splits on whitespace and hyphens only).
SEARCH_SEPARATOR = r'[\s\-,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


SEARCH_PLUGINS = ("search", "material/search")


def sets_search_separator(config: dict[str, Any]) -> bool:
    """Whether mkdocs.yml gives the search plugin a ``separator`` of its own."""
    return any(name in SEARCH_PLUGINS and isinstance(opts, dict) and "separator" in opts
               for name, opts in plugin_entries(config))


def with_search_separator(plugins: list[Any]) -> list[Any]:
    """``plugins`` (list form) with the search plugin splitting words on
    :data:`SEARCH_SEPARATOR`, unless mkdocs.yml sets its own ``separator``."""
    out = []
    for item in plugins:
        name, opts = _entry(item)
        if name in SEARCH_PLUGINS and (opts is None or isinstance(opts, dict)) and "separator" not in (opts or {}):
            item = {name: {**(opts or {}), "separator": SEARCH_SEPARATOR}}
        out.append(item)
    return out


def extension_list(exts: Any) -> list[Any]:
    """markdown_extensions as a list, from the list or the mapping form (options kept)."""
    if isinstance(exts, dict):
        return [{k: v} if v else k for k, v in exts.items()]
    return list(exts or [])


def extension_names(exts: Any) -> list[str]:
    return [e if isinstance(e, str) else next(iter(e)) for e in extension_list(exts) if isinstance(e, (str, dict)) and e]


def config_dir_relative(value: Any, config_dir: Path) -> Any:
    """``value`` with each ``!relative $config_dir[/...]`` made the absolute path it names:
    the build folder's mkdocs.yml sits in another folder, so MkDocs would resolve it there."""
    if isinstance(value, Tagged) and value.tag == "!relative" and isinstance(value.value, str) \
            and (value.value == "$config_dir" or value.value.startswith("$config_dir/")):
        return str(config_dir / value.value[len("$config_dir"):].lstrip("/"))
    if isinstance(value, dict):
        return {k: config_dir_relative(v, config_dir) for k, v in value.items()}
    if isinstance(value, list):
        return [config_dir_relative(v, config_dir) for v in value]
    return value
