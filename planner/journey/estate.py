"""The estate's view: which names are the team's own product.

A page that teaches its field (a testing technique, how schemas work, a framework's
basics) is buyer/awareness even when it is full of steps; a page about using the
team's product is customer content. Telling the two apart needs the product's
names: `product.names` in planner.yml, else the names a trained team model learned,
else names inferred from the estate itself: capitalised words, used as names in
the middle of sentences, that recur across most of the team's documents.
"""
from __future__ import annotations

import re
from pathlib import Path
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from planner.journey.teammodel import model_path, read

# a name-like word: starts upper-case, may carry dots or hyphens inside (Trigger.dev, Node.js)
_WORD = re.compile(r"(?<![\w.\-])([A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*)")
# _WORD's capitalised matches are the matches of this that _word_start allows (one
# starting inside a word ends where the word does, so it never hides one)
_CAPITAL = re.compile(r"[A-Z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*")
# where a capitalised word is so by position ("Once", "However"), not by name: at the
# start of the text, or after a line break or one of these marks (the text's own
# punctuation, a heading's #, a list's "1." or "-", a table's |) and at most two
# more whitespace characters (the match's end is the word's start)
_OPENING = re.compile(r"[.!?:#>*\-|\d)\]\n]\s{0,2}(?=[A-Z])")

MIN_DOCUMENTS = 3  # fewer documents say nothing about what recurs
MIN_SHARE = 0.5  # a product name is on at least half of the team's pages...
NEAR_TOP = 0.6  # ...and near the most widespread candidate
MAX_NAMES = 3
NAME_RATIO = 0.8  # at least this share of the word's uses are capitalised (a name, not a word)


@lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    from planner.yamltext import load_yaml

    path = resources.files("planner") / "data" / "journey" / "common_names.yml"
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(n).lower() for n in data.get("names") or [])


def name_counts(text: str) -> tuple[Counter, Counter]:
    """(mid-sentence capitalised uses of every word in ``text``, every word's uses as
    written). A capitalised word's uses (see :func:`_uses`) are its mid-sentence ones and
    those of its lower-case form."""
    # the words are found and counted in C; Python sees only each capitalised use
    starts = {m.end() for m in _OPENING.finditer(text)}
    if "A" <= text[:1] <= "Z":
        starts.add(0)
    caps = Counter([m.group() for m in _CAPITAL.finditer(text)
                    if m.start() not in starts and _word_start(text, m.start())])
    return caps, Counter(_WORD.findall(text))


def _uses(word: str, caps: Counter, words: Counter) -> int:
    """A capitalised ``word``'s uses in one document, from its :func:`name_counts`."""
    return caps[word] + words[word[0].lower() + word[1:]]


def _word_start(text: str, i: int) -> bool:
    """_WORD's look-behind: no word character, dot or hyphen before ``i``."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.-")


def infer_product_names(texts: Iterable[str]) -> list[str]:
    """The estate's product names, most widespread first (empty when nothing recurs)."""
    return names_from_counts([name_counts(text) for text in texts])


def names_from_counts(counts: list[tuple[Counter, Counter]]) -> list[str]:
    """:func:`infer_product_names` from each document's :func:`name_counts` (planner
    trend keeps those per file version, and sums them for each commit)."""
    n = len(counts)
    if n < MIN_DOCUMENTS:
        return []
    df: Counter = Counter()
    for caps, _ in counts:
        df.update(caps.keys())
    common = common_names()
    cands = []
    for w, d in df.items():
        if d < max(MIN_DOCUMENTS, MIN_SHARE * n) or len(w) < 2 or w.lower() in common:
            continue
        if w.isupper() and len(w) <= 4:
            continue  # an acronym (CI, SDK): a field's vocabulary, rarely the product
        # totals over the estate, for the few words on half its pages
        if sum(caps[w] for caps, _ in counts) < NAME_RATIO * sum(_uses(w, caps, words) for caps, words in counts):
            continue
        cands.append((w, d))
    if not cands:
        return []
    cands.sort(key=lambda c: (-c[1], c[0]))
    top = cands[0][1]
    return [w for w, d in cands if d >= NEAR_TOP * top][:MAX_NAMES]


def configured_names(config) -> list[str] | None:
    """`product.names` from planner.yml, or None when the team did not set it."""
    section = config.get("product") or {}
    names = section.get("names")
    return [str(n) for n in names if str(n).strip()] if names else None


READ_LIMIT = 20_000  # characters of each file read for name inference (a product is named early)
MAX_FILES = 400  # files read for it, at most (bounded time on a large estate)
MEMO_FILE = "estate-names.json"


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
# Linear on any text (a pull request can hand in 400 pages of it): the fence takes its
# whole run of backticks (a shorter closer does not close it, as in CommonMark), and a
# link target, tag or template tag is looked for at most 300 characters on: unbounded,
# every unclosed `<`, `](` or `{%` rescanned its line (20,000 characters: 1-2 s a page).
_FENCE = re.compile(r"^[ \t]*(`{3,}(?!`)|~{3,}(?!~)).*?^[ \t]*\1", re.S | re.M)
_NOISE = re.compile(r"`[^`\n]*`|\]\([^)\n]{0,300}\)|https?://\S+|<[^>\n]{0,300}>|\{[%{<].{0,300}?[%}>]\}")


def light_prose(raw: str) -> str:
    """A file's text without what is not prose (front matter, code, URLs, tags): close
    enough to the parsed prose for counting names, at a fraction of the cost."""
    return _NOISE.sub(" ", _FENCE.sub(" ", _FRONT.sub(" ", raw, count=1)))


def _file_texts(files: Iterable[Any], config) -> Iterable[str]:
    """The start of each file lint would read: a link out of the repository, a FIFO or a
    device is skipped, as the loader skips it (:func:`planner.loader.open_source`)."""
    import io

    from planner.loader import open_source

    for f in files:
        opened = open_source(Path(f), config)
        if isinstance(opened, str):
            continue
        try:
            with io.TextIOWrapper(opened, encoding="utf-8", errors="replace") as fh:
                yield light_prose(fh.read(READ_LIMIT))
        except OSError:
            continue


def _signature(files: list[Any], root: Path | None = None) -> str:
    """A digest of the estate's file list and the commit checked out at ``root``. Names
    are re-inferred when pages are added or removed or another commit is checked out,
    not when a page is edited in place: an edit rarely changes what recurs across most
    pages, and re-reading up to ``MAX_FILES`` pages would cost a warm run a third of a
    second. The commit keeps a memo that another checkout left in a shared cache folder
    (a pull request's job, with the same file list) from naming this one's products."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(str(x) for x in files):
        h.update(f.encode("utf-8", "surrogateescape") + b"\n")
    if root is not None:
        from planner.gitutil import resolve

        h.update(f"commit {resolve(root, 'HEAD')}\n".encode())
    return h.hexdigest()[:32]


def _sample(files: list[Any]) -> list[Any]:
    """At most ``MAX_FILES`` files, evenly spread over the sorted list (a name that
    recurs across most pages recurs across any fair sample of them)."""
    files = sorted(files, key=str)
    if len(files) <= MAX_FILES:
        return files
    step = len(files) / MAX_FILES
    return [files[int(i * step)] for i in range(MAX_FILES)]


def _memo_path(config) -> Any:
    from planner.cache_folder import store_folder

    if not bool(((config.get("ci") or {}).get("cache") or {}).get("enabled", True)):
        return None
    folder, _refused = store_folder(config)  # the result store's folder, and its refusals
    return folder / MEMO_FILE if folder is not None else None


def inferred_names(config, files: Iterable[Any], cached: bool = True) -> list[str]:
    """Names inferred from the estate's ``files``, remembered in the cache folder for an
    unchanged estate (a warm run reads no file for them); ``cached=False`` (``--no-cache``)
    neither reads nor writes it. The memo is untrusted: anything but the expected shape
    is ignored and recomputed."""
    import json

    files = list(files)
    memo = _memo_path(config) if cached else None
    sig = _signature(files, Path(config.root)) if memo is not None else ""
    if memo is not None:
        try:
            data = json.loads(memo.read_text(encoding="utf-8"))
            names = data.get(sig) if isinstance(data, dict) else None
            if isinstance(names, list) and all(isinstance(n, str) and 0 < len(n) <= 60 for n in names) \
                    and len(names) <= MAX_NAMES:
                return names
        except (OSError, ValueError, RecursionError):
            pass
    names = infer_product_names(_file_texts(_sample(files), config))
    if memo is not None and memo.parent.is_dir():  # only beside a cache a run made
        try:
            from planner.fsutil import atomic_write_text

            atomic_write_text(memo, json.dumps({sig: names}) + "\n", durable=False)
        except OSError:
            pass  # a read-only cache folder only costs the next run the reading
    return names


def prepare(config, files: Iterable[Any] | None = None, texts: Iterable[str] | None = None,
            cached: bool = True) -> dict[str, Any]:
    """Resolve the estate's view for this run once (see :func:`attach`), from the
    content ``files`` (paths, read only when names must be inferred) or ``texts``;
    ``cached``: whether inferred names may be remembered in the cache folder.
    Idempotent: a config already prepared is left as it is."""
    if config.estate is not None:
        return config.estate
    if texts is None and files is not None:
        return attach(config, infer=lambda: inferred_names(config, files, cached))
    return attach(config, texts)


def attach(config, texts: Iterable[str] | None = None, infer=None) -> dict[str, Any]:
    """Resolve the estate's view onto ``config.estate`` (product names and where they
    came from, the team model's path and digest) and return it. ``texts`` (the estate's
    document bodies) are read only when neither planner.yml nor a team model names the
    product (or ``infer()`` is called for the names instead). Raises
    :class:`TeamModelError` for a model file that cannot be used."""
    path = model_path(config)
    got = read(path)
    model_info = None
    if got is not None:
        data, digest = got
        model_info = {"path": str(path), "digest": digest, "documents": data["trained_on"]["documents"]}
    names = configured_names(config)
    source = "config"
    if names is None and got is not None and got[0]["journey"].get("product_names"):
        names, source = list(got[0]["journey"]["product_names"]), "model"
    if names is None:
        names = infer() if infer is not None else infer_product_names(texts) if texts is not None else []
        source = "inferred" if names else "none"
    config.estate = {"product_names": names, "names_source": source, "model": model_info}
    return config.estate


def product_names(config) -> list[str]:
    """The product names this run uses (config, team model, or inferred by :func:`attach`)."""
    if config.estate is not None:
        return list(config.estate.get("product_names") or [])
    names = configured_names(config)
    if names is not None:
        return names
    got = read(model_path(config))
    return list(got[0]["journey"].get("product_names") or []) if got else []
