"""Load each content file into a Document: bytes -> text -> front matter -> prose.
(Finding the files, and judging symlinks and folders, is :mod:`planner.discovery`.)

Loading never raises for a bad content file: every problem becomes a finding
(``file-unreadable``, ``front-matter-invalid``) on the document, and the rest of the
run goes on. Nothing here writes to content.

Front matter is parsed with PyYAML's safe composer directly rather than through
python-frontmatter, because each of its pitfalls (docs/tagging.md) has to be handled on
purpose: a BOM, a body opening with a thematic break, list or scalar YAML, duplicate
keys, YAML 1.1 booleans and octals, dates, alias bombs, non-UTF-8 bytes. Scalars are
kept as the text the writer typed, so ``stage: no`` stays "no" and ``id: 010`` stays
"010"; ``reviewed`` is parsed as an ISO date by us.
"""
from __future__ import annotations

import codecs
import datetime as dt
import difflib
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO, Iterable

import yaml

from planner.config import Config
from planner.discovery import is_utf8, link_verdict, relpath
from planner.fsutil import special_kind
from planner.markdown import extract, restored
from planner.model import Document, Finding, LineIndex, Tags
from planner.textsafe import visible

try:  # libyaml when available: faster, and never recursive in Python
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_FENCE = re.compile(r"[ \t]*$")
_MAX_DEPTH = 20
LIST_FIELDS = ("roles",)
TEXT_FIELDS = ("id", "title", "phase", "stage", "persona", "format", "owner", "cta", "status", "topic")


# --------------------------------------------------------------------------- front matter

class _FrontMatterError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def split_front_matter(text: str) -> tuple[str | None, int, int, int | None]:
    """(yaml text or None, yaml start offset, body offset, unclosed-at line).

    Front matter is a first line ``---`` and a closing ``---`` or ``...`` line. A
    first-line ``---`` with no closing line is reported by the caller."""
    if not text.startswith("---"):
        return None, 0, 0, None
    first_end = text.find("\n")
    first_line = text[: first_end if first_end != -1 else len(text)]
    if first_line.rstrip() != "---":
        return None, 0, 0, None
    if first_end == -1:
        return None, 0, 0, 1
    pos = first_end + 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        line = text[pos: nl if nl != -1 else len(text)]
        if line.rstrip() in ("---", "..."):
            body = nl + 1 if nl != -1 else len(text)
            return text[first_end + 1: pos], first_end + 1, body, None
        if nl == -1:
            break
        pos = nl + 1
    return None, 0, 0, 1


def _check_events(yaml_text: str, first_line: int) -> None:
    """Reject anchors/aliases (billion laughs) and absurd nesting before composing."""
    depth = 0
    for ev in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise _FrontMatterError("YAML anchors and aliases are not allowed in front matter (they can expand without bound); write the values out",
                                    first_line + ev.start_mark.line)
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _FrontMatterError(f"front matter is nested more than {_MAX_DEPTH} levels deep", first_line + ev.start_mark.line)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _to_python(node: yaml.Node, first_line: int, problems: list[tuple[str, int]]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null") or (node.style is None and node.value in ("", "~", "null", "Null", "NULL")):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(n, first_line, problems) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k, v in node.value:
            key = _to_python(k, first_line, problems)
            key = str(key) if not isinstance(key, (dict, list)) else repr(key)
            if key in out:
                problems.append((f"duplicate key '{key}': only one value can count; remove the other", first_line + k.start_mark.line))
            out[key] = _to_python(v, first_line, problems)
        return out
    return None  # pragma: no cover


def _deep_flow_line(yaml_text: str) -> int | None:
    """0-based line where ``[``/``{`` brackets (outside quotes) first nest deeper than
    _MAX_DEPTH, or None. Run only when YAML has already failed, to say why in our words."""
    depth, quote, line = 0, None, 0
    for ch in yaml_text:
        if ch == "\n":
            line += 1
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return line
        elif ch in "]}":
            depth -= 1
    return None


def parse_front_matter(yaml_text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int], list[tuple[str, int]]]:
    """(mapping, key -> line, problems). Raises _FrontMatterError when unusable."""
    try:
        _check_events(yaml_text, first_line)
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        last = max(0, yaml_text.count("\n") - 1)
        deep = _deep_flow_line(yaml_text)
        if deep is not None:  # libyaml may stop at its own nesting limit before our check sees the events
            raise _FrontMatterError(f"front matter is nested more than {_MAX_DEPTH} levels deep", first_line + min(deep, last)) from None
        mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        if context_mark is not None and (mark is None or mark.line > last):
            mark = context_mark  # "while parsing a flow sequence" started here: the useful line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        detail = f"{problem} ({context})" if context and context not in problem else problem
        line = min(mark.line, last) if mark is not None else 0
        raise _FrontMatterError(f"front matter is not valid YAML: {detail}; check quotes, brackets and indentation",
                                first_line + line) from None
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise _FrontMatterError(f"front matter is {kind}, not `key: value` lines (write e.g. `stage: awareness`); "
                                "for a horizontal rule at the top of the page, leave a blank line after the first '---'",
                                first_line + node.start_mark.line)
    problems: list[tuple[str, int]] = []
    data = _to_python(node, first_line, problems)
    lines = {str(k.value): first_line + k.start_mark.line for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data, lines, problems


# --------------------------------------------------------------------------- tags

def _resolve(value: str, kind: str, known: Iterable[str], config: Config) -> str:
    v = value.strip().lower().replace("_", "-").replace(" ", "-")
    if v in known:
        return v
    return config.taxonomy.get("aliases", {}).get(kind, {}).get(v, value.strip())


def build_tags(doc: Document, config: Config) -> tuple[Tags, list[tuple]]:
    """Tags from front matter, and type problems as (field, message, line[, severity])."""
    meta, tax = doc.meta, config.taxonomy
    problems: list[tuple] = []

    def text(key: str) -> str | None:
        v = meta.get(key)
        if v is None:
            return None
        if isinstance(v, (list, dict)):
            problems.append((key, f"'{key}' must be text, not a {'list' if isinstance(v, list) else 'mapping'}", doc.meta_lines.get(key, 1)))
            return None
        return visible(str(v).strip()) or None  # a tag is shown everywhere: no control characters

    default_id = re.sub(r"\.(md|markdown)$", "", doc.relpath)
    tags = Tags(id=text("id") or default_id, title=text("title"))
    phase = text("phase")
    stage = text("stage")
    tags.stage = _resolve(stage, "stage", tax["stages"], config) if stage else None
    tags.phase = _resolve(phase, "phase", tax["phases"], config) if phase else None
    if tags.phase is None and tags.stage in tax["stages"]:
        tags.phase, tags.phase_implied = config.phase_of(tags.stage), True
    raw_roles = meta.get("roles", meta.get("role"))
    if isinstance(raw_roles, str) and "roles" in meta:
        # forgiving: read it, but say so (a single string is a common slip for a list)
        words = [r for r in re.split(r"[,\s]+", raw_roles) if r]
        problems.append(("roles", f"'roles' should be a list such as [{', '.join(words) or 'end-user'}], not a single value; read as that list",
                         doc.meta_lines.get("roles", 1), "warning"))
        raw_roles = words
    elif isinstance(raw_roles, str):
        raw_roles = [r for r in re.split(r"[,\s]+", raw_roles) if r]
    if isinstance(raw_roles, list):
        for r in raw_roles:
            if isinstance(r, (list, dict)) or r is None:
                problems.append(("roles", "'roles' must be a list of role names", doc.meta_lines.get("roles", 1)))
                continue
            tags.roles.append(_resolve(visible(str(r)), "role", tax["roles"], config))
    elif raw_roles is not None:
        problems.append(("roles", "'roles' must be a list such as [end-user, champion]", doc.meta_lines.get("roles", 1)))
    for key in ("persona", "format", "owner", "cta", "topic"):
        v = text(key)
        if v is not None:
            kind_known = {"format": tax["formats"], "owner": tax["owners"]}.get(key, [])
            setattr(tags, key, _resolve(v, key, kind_known, config) if kind_known else v)
    status = text("status")
    if status:
        tags.status = _resolve(status, "status", tax["statuses"], config)
    reviewed = meta.get("reviewed")
    if reviewed is not None:
        try:
            tags.reviewed = dt.date.fromisoformat(str(reviewed).strip()[:10])
        except ValueError:
            problems.append(("reviewed", f"'reviewed' is {str(reviewed)!r}; expected a date like 2026-05-01", doc.meta_lines.get("reviewed", 1)))
    return tags, problems


# --------------------------------------------------------------------------- loading

def _problem(doc: Document, rule_id: str, message: str, line: int = 1, column: int = 1, **kw) -> None:
    """A load-time finding; its severity is left empty (the rule's default, resolved with
    the user's settings when the file is checked)."""
    doc.problems.append(Finding(path=doc.relpath, rule=rule_id, severity="", message=message,
                                line=line, column=column, **kw))


# Keys a writer may put in front matter (more are allowed; these make a block "ours").
KNOWN_KEYS = frozenset(TEXT_FIELDS) | {"roles", "role", "reviewed"}
_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


def _read_front_matter(doc: Document, text: str) -> int:
    """Parse the front matter into ``doc`` and return the offset where the body starts.

    A first line ``---`` is ambiguous in Markdown: front matter, or a thematic break
    (python-frontmatter always takes it for front matter). It is front matter when the
    block after it starts straight away (no blank line) or names one of our keys; a
    block that opens with a blank line and holds none of our keys is body text."""
    if text.startswith("+++\n") and re.search(r"^\+\+\+[ \t]*$", text[4:], re.M):
        _problem(doc, "front-matter-invalid", "TOML front matter ('+++') is not supported; write the tags as YAML between '---' lines")
        return 0
    fm, _start, body_offset, unclosed = split_front_matter(text)
    if unclosed:
        rest = text[text.find("\n") + 1:] if "\n" in text else ""
        first = rest.split("\n", 1)[0]
        if not _KEY_LINE.match(first):
            return 0  # a thematic break opening the body, not front matter
        # recover what we can: the key lines up to the first blank line are the tags
        end = rest.find("\n\n")
        block = rest if end == -1 else rest[: end + 1]
        _problem(doc, "front-matter-invalid", "front matter opened with '---' on line 1 is never closed; add a closing '---' line after the last key")
        try:
            doc.meta, doc.meta_lines, _ = parse_front_matter(block, 2)
        except _FrontMatterError:
            pass
        return min(len(text), len(text) - len(rest) + len(block) + 1)
    if fm is None:
        return 0
    blank_first = fm.split("\n", 1)[0].strip() == "" and fm.strip() != ""
    try:
        meta, lines, dups = parse_front_matter(fm, 2)
    except _FrontMatterError as exc:
        if blank_first:
            return 0  # `---`, blank line, text, `---`: thematic breaks around body text
        _problem(doc, "front-matter-invalid", str(exc), line=exc.line)
        return body_offset
    if blank_first and not (KNOWN_KEYS & set(meta)):
        return 0
    doc.meta, doc.meta_lines = meta, lines
    for msg, line in dups:
        _problem(doc, "front-matter-invalid", msg, line=line)
    return body_offset


_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32 (little-endian, with a byte-order mark)"),  # before UTF-16 LE: same start
          (codecs.BOM_UTF32_BE, "UTF-32 (big-endian, with a byte-order mark)"),
          (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)"),
          (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)"))
# without a byte-order mark: (codec, name, width, offsets within each unit that hold 0 for
# the ASCII a Markdown file mostly is)
_UNMARKED = (("utf-32-le", "UTF-32 (little-endian)", 4, (1, 2, 3)), ("utf-32-be", "UTF-32 (big-endian)", 4, (0, 1, 2)),
             ("utf-16-le", "UTF-16 (little-endian)", 2, (1,)), ("utf-16-be", "UTF-16 (big-endian)", 2, (0,)))


def wide_encoding(data: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding ``data`` is in, or None. A byte-order
    mark decides; without one, the first kilobytes must decode and hold the zero bytes
    mostly-ASCII text has in those encodings (binary data does not)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if b"\x00" not in data[:4096]:
        return None
    for codec, name, width, zeros in _UNMARKED:
        sample = data[:4096 - 4096 % width]
        units = len(sample) // width
        if units < 2 or len(data) % width:
            continue
        low = 0 if codec.endswith("le") else width - 1  # where an ASCII character's byte sits
        ascii_units = sum(sample[i + low] != 0 and all(sample[i + z] == 0 for z in zeros)
                          for i in range(0, len(sample), width))
        if ascii_units < units * 0.6:
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if not any(ch < " " and ch not in "\t\n\r\f" for ch in text):
            return name
    return None


def _unlistable(folder: Path) -> str:
    try:
        with os.scandir(folder):
            reason = "it could not be listed while planner looked for content; run again"
    except OSError as exc:
        reason = f"cannot read folder: {exc.strerror or exc}"
    return (f"{reason}; the documents in it are missing from this audit. "
            "Fix its permissions, or add it to content.exclude if it is not content")


def load_document(path: Path, config: Config, cwd: Path | None = None) -> Document:
    """Load one content file from disk. Never raises for content problems."""
    return load_source(path, relpath(path, cwd), read_source(path, config), config)


def too_large(size: int, max_bytes: int) -> str:
    return f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit (content.max_bytes); split it or raise the limit"


def name_problem(name: str) -> str | None:
    """The file-unreadable message for a name that is not UTF-8 (its bytes kept by
    Python as lone surrogates), else None."""
    if is_utf8(name):
        return None
    byte = next((f" (byte 0x{ord(c) - 0xDC00:02x})" for c in name if 0xDC80 <= ord(c) <= 0xDCFF), "")
    return f"file name is not valid UTF-8{byte}; rename it: reports, links and the audit site can only show names in UTF-8"


def read_source(path: Path, config: Config) -> bytes | str:
    """The file's bytes, or why they cannot be read (the file-unreadable message): also
    a name that is not UTF-8, a symlink ``content.follow_symlinks`` does not follow, a
    folder discovery could not list, and anything that is not a regular file."""
    max_bytes = int(config["content"].get("max_bytes", 1_000_000))
    opened = open_source(path, config, max_bytes)
    if isinstance(opened, str):
        return opened
    try:
        with opened as fh:
            data = fh.read(max_bytes + 1)  # a file that grew since the stat is read no further
    except OSError as exc:
        return _cannot_read(exc)
    if len(data) > max_bytes:
        return too_large(len(data), max_bytes)
    return data


def open_source(path: Path, config: Config, max_bytes: int | None = None) -> BinaryIO | str:
    """``path`` opened for reading as a content file, or why it is not read: every
    reader of content goes through here, so a link out of the repository, a FIFO or a
    device is never opened (a FIFO blocks, /dev/zero never ends)."""
    bad_name = name_problem(os.fspath(path))
    if bad_name:
        return bad_name
    if os.path.islink(path):
        verdict = link_verdict(path, config)
        if verdict is not None:
            return verdict
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):  # discovery hands over a folder it could not list
            return _unlistable(path)
        if not stat.S_ISREG(st.st_mode):
            return not_a_file(st.st_mode)
        if max_bytes is not None and st.st_size > max_bytes:
            return too_large(st.st_size, max_bytes)
        # O_NONBLOCK: a FIFO swapped in since the stat opens at once, and fstat refuses it
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return _cannot_read(exc)
    fh = open(fd, "rb", closefd=True)
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        fh.close()
        return _cannot_read(exc)
    if not stat.S_ISREG(mode):
        fh.close()
        return not_a_file(mode)
    return fh


def _cannot_read(exc: OSError) -> str:
    return f"cannot read file: {exc.strerror or exc}; check its permissions or whether it is a broken link"


def not_a_file(mode: int) -> str:
    """The file-unreadable message for a content path that is not a regular file."""
    kind = special_kind(mode)
    return (f"{kind} with a Markdown name, not a file: not read (reading it could block or never end); "
            "remove it or add it to content.exclude")


def load_source(path: Path, rel: str, data: bytes | str, config: Config, extracted: Any = None) -> Document:
    """Load one content file from its bytes (from disk, or a git blob), or from the
    reason they could not be read. Never raises for content problems. ``extracted`` is
    the prose and comments the result store kept for these bytes
    (:func:`planner.markdown.stored`): used instead of parsing the Markdown again when
    it holds against the text."""
    doc = Document(path=path, relpath=rel)
    max_bytes = int(config["content"].get("max_bytes", 1_000_000))
    max_lines = int(config["content"].get("max_lines", 50_000))
    if isinstance(data, str):
        _problem(doc, "file-unreadable", data)
        return doc
    if len(data) > max_bytes:
        _problem(doc, "file-unreadable", too_large(len(data), max_bytes))
        return doc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    wide = wide_encoding(data)
    if wide is not None:
        _problem(doc, "file-unreadable", f"file is {wide} text, not UTF-8; re-save it as UTF-8 "
                                         "(git diffs, GitHub and most Markdown tools cannot show it)")
        return doc
    if b"\x00" in data:  # NUL never occurs in text; markdown-it would turn it into U+FFFD silently
        _problem(doc, "file-unreadable", "binary file with a Markdown name; rename it or add it to content.exclude")
        return doc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        _problem(doc, "file-unreadable", f"not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}); re-save the file as UTF-8",
                 line=line, column=col)
        return doc
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)  # as editors count them
    if n_lines > max_lines:  # parsing and analysis grow with lines: keep a run bounded
        _problem(doc, "file-unreadable", f"file has {n_lines:,} lines, over the {max_lines:,}-line limit (content.max_lines); split it or raise the limit")
        return doc
    text = text.lstrip("\ufeff")  # a BOM would hide the front matter
    if "\r" in text:  # CRLF and lone CR: one \n per line break keeps lines and columns
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc.text = text
    doc.lines = LineIndex(text)

    body_offset = _read_front_matter(doc, text)
    title_pos = None
    doc.body_line = text.count("\n", 0, body_offset) + 1

    title = doc.meta.get("title")
    if isinstance(title, str) and title.strip() and "title" in doc.meta_lines:
        tline = doc.meta_lines["title"]
        start = doc.lines.line_start(tline)
        at = text.find(title.strip(), start, doc.lines.line_start(tline + 1) if tline < doc.lines.lines else len(text))
        if at != -1:
            title_pos = (title.strip(), at, tline)
    kept = restored(extracted, text) if extracted is not None else None
    doc.prose, doc.comments = kept or extract(text, body_offset, doc.body_line, title_pos)

    doc.tags, type_problems = build_tags(doc, config)
    for key, msg, line, *severity in type_problems:
        _problem(doc, "front-matter-invalid", msg, line=line)
        if severity:
            doc.problems[-1].severity = severity[0]
    return doc


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None
