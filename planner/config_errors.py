"""How a configuration problem is said: :class:`ConfigError`, and the wording of a
JSON Schema error as one line naming the key, the value read and what was expected
("did you mean" where one fits)."""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


class ConfigError(Exception):
    """A configuration problem, phrased for the user (file, key, what was expected)."""


def dotted(parts) -> str:
    """content.required[1], taxonomy.stages.expansion.phase"""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe_error(err: jsonschema.ValidationError, section: str, schema: dict) -> str:
    """One schema error of ``section`` as the user reads it (no file or line)."""
    path = dotted([section, *err.absolute_path])
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list((err.schema.get("properties") or {}).keys())
        extra = [k for k in err.instance if k not in allowed]
        key = extra[0] if extra else "?"
        hint = did_you_mean(str(key), allowed)
        listed = ", ".join(allowed) if allowed else "none"
        return f"unknown key '{path}.{key}'{hint}; expected one of: {listed}"
    if err.validator == "enum":
        hint = did_you_mean(str(err.instance), [str(x) for x in err.validator_value]) or _bare_bool(err.instance)
        return f"'{path}' is {show(err.instance)}{hint}; expected one of: {', '.join(map(str, err.validator_value))}"
    if err.validator == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        hint = _bare_bool(err.instance) if "string" in want else ""
        return f"'{path}' is {described(err.instance)}{hint}; expected {' or '.join(_TYPE_WORDS.get(w, w) for w in want)}"
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
            return describe_error(best, section, schema)
        return f"'{path}' is {show(err.instance)}; expected a severity (off, suggestion, warning, error) or a mapping with severity/options"
    if err.validator == "minimum":
        return f"'{path}' is {show(err.instance)}; expected at least {err.validator_value}"
    if err.validator == "maximum":
        return f"'{path}' is {show(err.instance)}; expected at most {err.validator_value}"
    if err.validator == "exclusiveMinimum":
        return f"'{path}' is {show(err.instance)}; expected more than {err.validator_value}"
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


def kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "the number", float: "the number"}.get(type(value), type(value).__name__)


def described(value: Any) -> str:
    """"text 'high'", "the number 7", "true": what a value was read as."""
    if value is None:
        return "empty (null)"
    return show(value) if isinstance(value, bool) else f"{kind(value)} {show(value)}"


def show(value: Any) -> str:
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


def non_text_key_message(file: str, written: str, line: int | None, parts: tuple, key: Any) -> str:
    """One line naming the file, the line, the key as written and where it is."""
    where = f"in '{dotted(list(parts))}'" if parts else "at the top level"
    at = f"{file}:{line}" if line else file
    what = ("true/false" if isinstance(key, bool) else "a number" if isinstance(key, (int, float))
            else "null" if key is None else f"a {type(key).__name__}")
    return f"{at}: key '{written}' {where} is read as {what}, not text; quote it (\"{written}\") or rename it"
