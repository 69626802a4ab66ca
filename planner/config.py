"""`planner.yml`: found by searching upward, merged over built-in defaults, validated.

Each top-level section has its defaults and its JSON Schema in a data file,
``planner/data/config/<section>.yml``, owned by the feature that reads it. Invalid
configuration raises :class:`ConfigError`, which names the file and the key; the CLI
turns it into one line and exit code 2. Checks that need the features reading a section
(rule ids, lexicon patterns, coverage bands) are in :mod:`planner.config_checks`, which
every command's configuration goes through. How an error is worded is in
:mod:`planner.config_errors`, the taxonomy's own checks in :mod:`planner.taxonomy`, safe
YAML and the line of a key in :mod:`planner.yamltext`.
"""
from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from planner import taxonomy
from planner.config_errors import ConfigError, describe_error, did_you_mean, dotted, kind, non_text_key_message
from planner.fsutil import special_kind
from planner.yamltext import first_non_text_key, line_of, load_yaml, safe_yaml

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "Note", "build_config", "config_from_bytes", "default_config",
           "find_config", "load_config", "sections"]

CONFIG_NAMES = ("planner.yml", "planner.yaml", ".planner.yml")
# a real planner.yml is a few kB (a large lexicon: tens of kB); a megabyte of it is a
# mistake (a generated or pasted file) or an attack, and reading it costs seconds
MAX_CONFIG_BYTES = 1_000_000


@lru_cache(maxsize=1)
def sections() -> dict[str, dict[str, Any]]:
    """{section: {"defaults": ..., "schema": ...}} from the package's data files."""
    out: dict[str, dict[str, Any]] = {}
    folder = resources.files("planner") / "data" / "config"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yml"):
            data = load_yaml(entry.read_text(encoding="utf-8")) or {}
            out[entry.name[:-4]] = {"defaults": data.get("defaults", {}), "schema": data.get("schema", {})}
    return out


def find_config(start: Path) -> Path | None:
    """The nearest planner.yml at or above ``start``. One that is there but is not a
    file (a FIFO, a device, a folder, a link to nothing) is a :class:`ConfigError`:
    skipping it would quietly use a parent folder's configuration instead."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            try:
                st = os.stat(candidate)
            except (FileNotFoundError, NotADirectoryError):
                if os.path.islink(candidate):
                    raise _dangling(candidate) from None
                continue
            except OSError as exc:
                raise ConfigError(f"{_display(candidate)}: cannot read configuration: {exc.strerror or exc}") from None
            if not stat.S_ISREG(st.st_mode):
                raise ConfigError(_not_a_file(candidate, st.st_mode))
            return candidate
    return None


def _dangling(path: Path) -> ConfigError:
    return ConfigError(f"{_display(path)}: a symbolic link to {os.readlink(path)!r}, which does not exist; "
                       "planner.yml must lead to a file (fix or remove the link)")


def _not_a_file(path: Path, mode: int) -> str:
    kind = "a folder" if stat.S_ISDIR(mode) else special_kind(mode)
    if os.path.islink(path):
        kind = f"a symbolic link to {os.readlink(path)!r}, {kind}"
    return (f"{_display(path)}: {kind}, not a file; planner reads its configuration only from a regular file "
            "(reading this one could block or never end). Remove it or replace it with a file")


def read_config_bytes(path: Path) -> bytes:
    """The bytes of the planner.yml at ``path``: a regular file only (opened without
    blocking, so a FIFO swapped in is refused, not waited on), else a
    :class:`ConfigError` saying why; no further than one byte over
    :data:`MAX_CONFIG_BYTES` (a file that grows while read, /dev/zero behind a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            raise _dangling(path) from None
        raise ConfigError(f"{_display(path)}: cannot read configuration: {exc.strerror or exc}") from None
    with open(fd, "rb", closefd=True) as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ConfigError(_not_a_file(path, mode))
        try:
            return fh.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{_display(path)}: cannot read configuration: {exc.strerror or exc}") from None


def _merge(base: Any, override: Any, unite: bool = False) -> Any:
    """Deep merge: mappings merge key by key; with ``unite`` (the taxonomy) lists of
    strings are united, so a team extends the taxonomy rather than replacing it;
    elsewhere a list is replaced (`content.paths: [docs]` means docs only)."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for k, v in override.items():
            out[k] = _merge(base[k], v, unite) if k in base else copy.deepcopy(v)
        return out
    if unite and isinstance(base, list) and isinstance(override, list) and all(isinstance(x, str) for x in base + override):
        return base + [x for x in override if x not in base]
    return copy.deepcopy(override)


def _display(path: Path) -> str:
    """The config path as the user would type it: relative to the working directory
    when it is inside it."""
    try:
        path = Path(path)  # its folder resolved, not the name: a planner.yml that is a link is shown as itself
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


class Note(str):
    """A warning about the configuration ("file:line: ..."), with the dotted ``key`` it is
    about, so a command can leave out one that does not apply to it (`planner train` is
    what writes a missing ``journey.model``)."""

    key: str = ""

    def __new__(cls, text: str, key: str = "") -> Note:
        note = super().__new__(cls, text)
        note.key = key
        return note


@dataclass
class Config:
    """The effective configuration: defaults merged with the user's planner.yml."""

    data: dict[str, Any]
    path: Path | None = None  # the planner.yml it came from, if any
    root: Path = field(default_factory=Path.cwd)  # folder paths in the config are relative to
    # what the run learned about the estate before analysing it (product names, the
    # team model's digest: planner.journey.estate.attach); part of the fingerprint
    estate: dict[str, Any] | None = field(default=None, compare=False)
    raw: str | None = field(default=None, repr=False, compare=False)  # the planner.yml text, for line numbers
    # warnings about the configuration ("file:line: ..."), said once per command on stderr
    notes: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def where(self) -> str:
        """The planner.yml as error messages name it."""
        return _display(self.path) if self.path else "planner.yml"

    def at(self, parts: list) -> str:
        """"file:line" of the key at ``parts`` (e.g. ["rules", "hype"]), as far as it exists."""
        line = line_of(self.raw, parts)
        return f"{self.where}:{line}" if line else self.where

    def __getitem__(self, section: str) -> Any:
        return self.data[section]

    def get(self, section: str, default: Any = None) -> Any:
        return self.data.get(section, default)

    # -- taxonomy helpers used everywhere -------------------------------------------------
    @property
    def taxonomy(self) -> dict[str, Any]:
        return self.data["taxonomy"]

    def stage_order(self) -> list[str]:
        """Stages in journey order: buyer stages first, then customer, honouring ``after``."""
        return taxonomy.stage_order(self.taxonomy)

    def phase_of(self, stage: str | None) -> str | None:
        spec = self.taxonomy["stages"].get(stage or "")
        return spec["phase"] if spec else None

    def stages_of(self, phase: str) -> list[str]:
        return [s for s in self.stage_order() if self.phase_of(s) == phase]

    def roles(self) -> list[str]:
        return list(self.taxonomy["roles"])

    def rule_setting(self, rule_id: str) -> tuple[str | None, dict[str, Any]]:
        """(severity override or None, options) for a rule."""
        raw = self.data.get("rules", {}).get(rule_id)
        if raw is None:
            return None, {}
        if isinstance(raw, str):
            return raw, {}
        return raw.get("severity"), dict(raw.get("options") or {})

    def fingerprint(self) -> str:
        """Hash of the effective configuration (a cache key component)."""
        blob = json.dumps(self.data if self.estate is None else [self.data, self.estate],
                          sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _non_text_key(value: Any, parts: tuple = ()) -> tuple[tuple, Any] | None:
    """(path to the mapping, key) of the first mapping key that YAML did not read as
    text: `1:`, `yes:`, `null:` or a date. Every key planner knows is text; these would
    fail later in places that cannot name the key."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return parts, k
            found = _non_text_key(v, (*parts, k))
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = _non_text_key(v, (*parts, i))
            if found is not None:
                return found
    return None


def _non_finite(value: Any, parts: tuple = ()) -> tuple[list, float] | None:
    """(path, value) of the first .nan or .inf: no setting wants one, and a threshold of
    .nan would switch its check off without a word (every comparison with it is false)."""
    if isinstance(value, float) and not math.isfinite(value):
        return list(parts), value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        found = _non_finite(v, (*parts, k))
        if found is not None:
            return found
    return None


def _rules_off(rules: dict[str, Any], at) -> dict[str, Any]:
    """``rules`` with a severity of false read as "off": YAML 1.1 reads a bare ``off`` (or
    ``no``) as false, and markdownlint users write ``false`` to switch a rule off. A
    severity of true names no severity: that is an error saying which word to write."""
    out = dict(rules)
    for rule_id, value in rules.items():
        parts, severity = ["rules", rule_id], value
        if isinstance(value, dict) and "severity" in value:
            parts, severity = [*parts, "severity"], value["severity"]
        if severity is True:
            raise ConfigError(f"{at(parts)}: '{dotted(parts)}' is true (YAML reads a bare on, yes or true as true); "
                              "write a severity: suggestion, warning, error, or 'off'")
        if severity is False:
            out[rule_id] = "off" if parts[-1] == rule_id else {**value, "severity": "off"}
    return out


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration for a run started in ``start`` (default: the working
    directory), or from ``explicit`` when the user named a file."""
    start = start or Path.cwd()
    path = explicit or find_config(start)
    if path is None:
        return build_config({}, root=start.resolve())
    return config_from_bytes(read_config_bytes(path), path)


def config_from_bytes(data: bytes, path: Path) -> Config:
    """The configuration in ``data``, the bytes of the planner.yml at ``path`` (read from
    disk, or from a past commit by ``planner trend``); folders in it are relative to
    ``path``'s folder."""
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{_display(path)}: configuration over {MAX_CONFIG_BYTES // 1_000_000} MB; a planner.yml is a "
                          "few kB of settings (a large lexicon, tens of kB), so this is not one: check what wrote it")
    try:
        raw = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    except UnicodeDecodeError:
        raise ConfigError(f"{_display(path)}: configuration is not UTF-8 text; re-save it as UTF-8") from None
    try:
        loaded = safe_yaml(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{_display(path)}{at}: invalid YAML: {problem}") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{_display(path)}: the configuration must be a mapping of sections (e.g. `content:`), not {kind(loaded)}")
    return build_config(loaded, path=path, root=path.parent, raw=raw)


def build_config(user: dict[str, Any], path: Path | None = None, root: Path | None = None, raw: str | None = None) -> Config:
    """Validate ``user`` (a parsed planner.yml; ``raw`` its text, for line numbers) and
    merge it over the defaults."""
    file = _display(path) if path else "planner.yml"

    def at(parts: list) -> str:
        line = line_of(raw, parts)
        return f"{file}:{line}" if line else file

    bad = _non_text_key(user)
    if bad is not None:
        parts, key = bad
        written, line = first_non_text_key(raw, parts) or (str(key), None)
        raise ConfigError(non_text_key_message(file, written, line, parts, key))
    known = sections()
    for key in user:
        if key not in known:
            raise ConfigError(f"{at([key])}: unknown key '{key}'{did_you_mean(str(key), list(known))}; expected one of: {', '.join(known)}")
    bad_number = _non_finite(user)
    if bad_number is not None:
        parts, value = bad_number
        written = ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        raise ConfigError(f"{at(parts)}: '{dotted(parts)}' is {written}; expected a finite number")
    user = dict(user)
    if isinstance(user.get("rules"), dict):
        user["rules"] = _rules_off(user["rules"], at)
    tax_user = taxonomy.as_written(user["taxonomy"]) if isinstance(user.get("taxonomy"), dict) else {}
    if tax_user:
        user["taxonomy"] = tax_user
    data: dict[str, Any] = {}
    for name, spec in known.items():
        value = user.get(name)
        if value is not None:
            # imported here: only a section the user wrote needs validating, and the
            # import is ~0.04 s of a start-up (a repository without planner.yml skips it)
            import jsonschema

            validator = jsonschema.Draft202012Validator(spec["schema"])
            errors = sorted(validator.iter_errors(value), key=lambda e: (len(list(e.absolute_path)), str(e.absolute_path)))
            if errors:
                err = errors[0]
                parts = [name, *err.absolute_path]
                if err.validator == "additionalProperties" and isinstance(err.instance, dict):
                    extra = [k for k in err.instance if k not in (err.schema.get("properties") or {})]
                    parts += extra[:1]
                raise ConfigError(f"{at(parts)}: {describe_error(err, name, spec['schema'])}")
        data[name] = _merge(spec["defaults"], value, unite=(name == "taxonomy")) if value is not None else copy.deepcopy(spec["defaults"])
    taxonomy.drop_shadowed_aliases(data["taxonomy"], tax_user)
    taxonomy.check_taxonomy(data["taxonomy"], tax_user, known["taxonomy"]["defaults"], at)
    return Config(data=data, path=path, root=root or Path.cwd(), raw=raw)


def default_config(root: Path | None = None) -> Config:
    return build_config({}, root=root)
