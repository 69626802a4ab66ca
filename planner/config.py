"""`planner.yml`: found by searching upward, merged over built-in defaults, validated.

Each top-level section has its defaults and its JSON Schema in a data file,
``planner/data/config/<section>.yml``, owned by the feature that reads it. Invalid
configuration raises :class:`ConfigError`, which names the file and the key; the CLI
turns it into one line and exit code 2. Checks that need the features reading a section
(rule ids, lexicon patterns, coverage bands) are in :mod:`planner.config_checks`, which
every command's configuration goes through.
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema

CONFIG_NAMES = ("planner.yml", "planner.yaml", ".planner.yml")


class ConfigError(Exception):
    """A configuration problem, phrased for the user (file, key, what was expected)."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster start-up


def load_yaml(text: str) -> Any:
    """Safe YAML for planner's own data files (config sections, lexicons, targets)."""
    return yaml.load(text, Loader=_LOADER)


@lru_cache(maxsize=1)
def _sections() -> dict[str, dict[str, Any]]:
    """{section: {"defaults": ..., "schema": ...}} from the package's data files."""
    out: dict[str, dict[str, Any]] = {}
    folder = resources.files("planner") / "data" / "config"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yml"):
            data = load_yaml(entry.read_text(encoding="utf-8")) or {}
            out[entry.name[:-4]] = {"defaults": data.get("defaults", {}), "schema": data.get("schema", {})}
    return out


def find_config(start: Path) -> Path | None:
    """The nearest planner.yml at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


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
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _dotted(parts) -> str:
    """content.required[1], taxonomy.stages.expansion.phase"""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


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


def _line_of(raw: str | None, parts: list) -> int | None:
    """1-based line of the key at ``parts`` in the YAML text, as far as it exists."""
    if not raw:
        return None
    try:
        node = yaml.compose(raw, Loader=_LOADER)
    except yaml.YAMLError:
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


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe_error(err: jsonschema.ValidationError, section: str, schema: dict) -> str:
    path = _dotted([section, *err.absolute_path])
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list((err.schema.get("properties") or {}).keys())
        extra = [k for k in err.instance if k not in allowed]
        key = extra[0] if extra else "?"
        hint = _did_you_mean(str(key), allowed)
        listed = ", ".join(allowed) if allowed else "none"
        return f"unknown key '{path}.{key}'{hint}; expected one of: {listed}"
    if err.validator == "enum":
        hint = _did_you_mean(str(err.instance), [str(x) for x in err.validator_value]) or _bare_bool(err.instance)
        return f"'{path}' is {_show(err.instance)}{hint}; expected one of: {', '.join(map(str, err.validator_value))}"
    if err.validator == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        hint = _bare_bool(err.instance) if "string" in want else ""
        return f"'{path}' is {_described(err.instance)}{hint}; expected {' or '.join(_TYPE_WORDS.get(w, w) for w in want)}"
    if err.validator == "required":
        missing = err.message.split("'")[1] if err.message.count("'") >= 2 else err.message
        return f"'{path}' needs '{missing}'" + (" (buyer or customer, or a phase you added)" if missing == "phase" else "")
    if err.validator in ("oneOf", "anyOf") and err.context:
        # explain the branch the value was evidently meant for (same JSON type), if any
        branches = err.validator_value
        meant = [i for i, b in enumerate(branches) if _fits_type(err.instance, b)]
        candidates = [e for e in err.context if e.relative_schema_path and e.relative_schema_path[0] in meant] or list(err.context)
        best = sorted(candidates, key=lambda e: (-len(list(e.absolute_path)), str(e.validator)))[0]
        if isinstance(err.instance, dict) or best.validator != "enum" or best.absolute_path != err.absolute_path:
            return _describe_error(best, section, schema)
        return f"'{path}' is {_show(err.instance)}; expected a severity (off, suggestion, warning, error) or a mapping with severity/options"
    if err.validator == "minimum":
        return f"'{path}' is {_show(err.instance)}; expected at least {err.validator_value}"
    if err.validator == "maximum":
        return f"'{path}' is {_show(err.instance)}; expected at most {err.validator_value}"
    if err.validator == "exclusiveMinimum":
        return f"'{path}' is {_show(err.instance)}; expected more than {err.validator_value}"
    if err.validator == "minLength" and err.instance == "":
        return f"'{path}' is empty text; expected some text"
    if err.validator == "minItems" and err.instance == []:
        return f"'{path}' is an empty list; expected at least {err.validator_value} item{'s' if err.validator_value != 1 else ''}"
    return f"'{path}': {err.message}"


def _bare_bool(value: Any) -> str:
    """Why a word came out as true/false: YAML 1.1 reads bare yes/no/on/off as booleans."""
    if not isinstance(value, bool):
        return ""
    words = "yes, on or true" if value else "no, off or false"
    return f" (YAML reads a bare {words} as {str(value).lower()}: put the word in quotes)"


_TYPE_WORDS = {"array": "a list", "object": "a mapping (key: value lines)", "string": "text", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "nothing"}


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "the number", float: "the number"}.get(type(value), type(value).__name__)


def _described(value: Any) -> str:
    """"text 'high'", "the number 7", "true": what a value was read as."""
    if value is None:
        return "empty (null)"
    return _show(value) if isinstance(value, bool) else f"{_kind(value)} {_show(value)}"


def _show(value: Any) -> str:
    text = "null" if value is None else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fits_type(value: Any, branch: dict) -> bool:
    t = branch.get("type")
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string" or "enum" in branch:
        return isinstance(value, str) or ("enum" in branch and not isinstance(value, (dict, list)))
    return False


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
        line = _line_of(self.raw, parts)
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
        stages = self.taxonomy["stages"]
        order: list[str] = []
        for name, spec in stages.items():
            if not spec.get("after"):
                order.append(name)
        for name, spec in stages.items():
            after = spec.get("after")
            if after:
                i = order.index(after) + 1 if after in order else len(order)
                order.insert(i, name)
        phases = list(self.taxonomy["phases"])
        return sorted(order, key=lambda s: phases.index(stages[s]["phase"]) if stages[s]["phase"] in phases else 99)

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


def _check_taxonomy(tax: dict[str, Any], user_tax: dict[str, Any], at) -> None:
    """Semantic checks JSON Schema cannot express. ``at(parts)`` is "file:line"."""
    phases = list(tax["phases"])
    stages = tax["stages"]
    defaults = _sections()["taxonomy"]["defaults"]
    for name, spec in (user_tax.get("stages") or {}).items():
        base = defaults["stages"].get(name)
        if base and isinstance(spec, dict) and spec.get("phase") not in (None, base["phase"]):
            raise ConfigError(f"{at(['taxonomy', 'stages', name, 'phase'])}: 'taxonomy.stages.{name}.phase' is {spec['phase']!r}, "
                              f"but {name} is a {base['phase']} stage; a stage cannot be in both phases (add a new stage instead)")
    for name, spec in stages.items():
        where = at(["taxonomy", "stages", name])
        if spec.get("phase") not in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.phase' is {spec.get('phase')!r}{_did_you_mean(str(spec.get('phase')), phases)}; expected one of: {', '.join(phases)}")
        if spec.get("after") and spec["after"] not in stages:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.after' names unknown stage {spec['after']!r}{_did_you_mean(str(spec['after']), list(stages))}")
        if spec.get("after") and stages[spec["after"]].get("phase") != spec.get("phase"):
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is a {spec.get('phase')} stage but comes after {spec['after']!r}, a {stages[spec['after']].get('phase')} stage")
        if name in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is also a phase; a name cannot be both")
    targets = {"stage": list(stages), "phase": phases, "role": list(tax["roles"]), "status": tax["statuses"],
               "format": tax["formats"], "owner": tax["owners"]}
    for kind, table in (user_tax.get("aliases") or {}).items():
        for alias in table or {}:
            if alias in targets.get(kind, []) and table[alias] != alias:
                raise ConfigError(f"{at(['taxonomy', 'aliases', kind, alias])}: 'taxonomy.aliases.{kind}.{alias}' makes the {kind} "
                                  f"'{alias}' mean {table[alias]!r}; a name cannot be both a {kind} and an alias of another")
    for kind, table in tax.get("aliases", {}).items():
        for alias, target in table.items():
            if target not in targets.get(kind, []):
                raise ConfigError(f"{at(['taxonomy', 'aliases', kind, alias])}: 'taxonomy.aliases.{kind}.{alias}' points at unknown {kind} {target!r}"
                                  f"{_did_you_mean(str(target), targets.get(kind, []))}; expected one of: {', '.join(targets.get(kind, []))}")


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
            raise ConfigError(f"{at(parts)}: '{_dotted(parts)}' is true (YAML reads a bare on, yes or true as true); "
                              "write a severity: suggestion, warning, error, or 'off'")
        if severity is False:
            out[rule_id] = "off" if parts[-1] == rule_id else {**value, "severity": "off"}
    return out


def _non_text_key_message(file: str, raw: str | None, parts: tuple, key: Any) -> str:
    """One line naming the file, the line, the key as written and where it is."""
    written, line = str(key), None
    if raw:
        try:
            node = yaml.compose(raw, Loader=_LOADER)
        except yaml.YAMLError:
            node = None
        for part in parts:  # down to the mapping that holds the key
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
        if isinstance(node, yaml.MappingNode):
            hit = next((k for k in node.value if isinstance(k[0], yaml.ScalarNode)
                        and not k[0].tag.endswith(":str")), None)
            if hit is not None:
                written, line = hit[0].value or "null", hit[0].start_mark.line + 1
    where = f"in '{_dotted(list(parts))}'" if parts else "at the top level"
    at = f"{file}:{line}" if line else file
    kind = ("true/false" if isinstance(key, bool) else "a number" if isinstance(key, (int, float))
            else "null" if key is None else f"a {type(key).__name__}")
    return f"{at}: key '{written}' {where} is read as {kind}, not text; quote it (\"{written}\") or rename it"


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration for a run started in ``start`` (default: the working
    directory), or from ``explicit`` when the user named a file."""
    start = start or Path.cwd()
    path = explicit or find_config(start)
    if path is None:
        return build_config({}, root=start.resolve())
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{_display(path)}: cannot read configuration: {exc.strerror or exc}") from None
    return config_from_bytes(data, path)


def config_from_bytes(data: bytes, path: Path) -> Config:
    """The configuration in ``data``, the bytes of the planner.yml at ``path`` (read from
    disk, or from a past commit by ``planner trend``); folders in it are relative to
    ``path``'s folder."""
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
        raise ConfigError(f"{_display(path)}: the configuration must be a mapping of sections (e.g. `content:`), not {_kind(loaded)}")
    return build_config(loaded, path=path, root=path.parent, raw=raw)


def build_config(user: dict[str, Any], path: Path | None = None, root: Path | None = None, raw: str | None = None) -> Config:
    """Validate ``user`` (a parsed planner.yml; ``raw`` its text, for line numbers) and
    merge it over the defaults."""
    file = _display(path) if path else "planner.yml"

    def at(parts: list) -> str:
        line = _line_of(raw, parts)
        return f"{file}:{line}" if line else file

    bad = _non_text_key(user)
    if bad is not None:
        parts, key = bad
        raise ConfigError(_non_text_key_message(file, raw, parts, key))
    sections = _sections()
    for key in user:
        if key not in sections:
            raise ConfigError(f"{at([key])}: unknown key '{key}'{_did_you_mean(str(key), list(sections))}; expected one of: {', '.join(sections)}")
    bad_number = _non_finite(user)
    if bad_number is not None:
        parts, value = bad_number
        written = ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        raise ConfigError(f"{at(parts)}: '{_dotted(parts)}' is {written}; expected a finite number")
    user = dict(user)
    if isinstance(user.get("rules"), dict):
        user["rules"] = _rules_off(user["rules"], at)
    tax_user = user.get("taxonomy")
    if isinstance(tax_user, dict):  # `roles: [a, b]` is the natural way to add names: accept it
        tax_user = dict(tax_user)
        for key in ("phases", "roles"):
            if isinstance(tax_user.get(key), list) and all(isinstance(x, str) for x in tax_user[key]):
                tax_user[key] = {x: {} for x in tax_user[key]}
        user["taxonomy"] = tax_user
    data: dict[str, Any] = {}
    for name, spec in sections.items():
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
                raise ConfigError(f"{at(parts)}: {_describe_error(err, name, spec['schema'])}")
        data[name] = _merge(spec["defaults"], value, unite=(name == "taxonomy")) if value is not None else copy.deepcopy(spec["defaults"])
    tax = data["taxonomy"]
    # a stage a team adds wins over a default alias of the same name (e.g. `expansion`)
    user_aliases = (tax_user or {}).get("aliases") or {} if isinstance(tax_user, dict) else {}
    for kind, names in (("stage", tax["stages"]), ("phase", tax["phases"]), ("role", tax["roles"])):
        for n in names:
            if n not in (user_aliases.get(kind) or {}):
                tax["aliases"].get(kind, {}).pop(n, None)
    _check_taxonomy(tax, tax_user if isinstance(tax_user, dict) else {}, at)
    return Config(data=data, path=path, root=root or Path.cwd(), raw=raw)


def default_config(root: Path | None = None) -> Config:
    return build_config({}, root=root)
