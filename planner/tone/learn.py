"""Rebuild the voice profile planner ships (``planner/data/tone/voice.json``).

    python -m planner.tone.learn CORPUS_DIR [--output FILE]

Reads labelled Markdown (front matter ``stage:``), profiles it with the same tone
analyser the linter uses, and writes ``learn_voice``'s profile: the prior an estate's
own voice is shrunk towards when it is small. Run it after editing a lexicon file.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    from planner.analysis import analyse_documents
    from planner.config import default_config
    from planner.fsutil import atomic_write_bytes
    from planner.loader import load_document
    from planner.tone.voice import dumps, learn_voice

    ap = argparse.ArgumentParser(description="Rebuild planner/data/tone/voice.json from a labelled corpus.")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--output", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "tone" / "voice.json")
    args = ap.parse_args(argv)
    config = default_config(args.corpus)
    docs = [load_document(p, config, args.corpus) for p in sorted(args.corpus.glob("*.md")) if p.name != "LABELS.md"]
    analyses = analyse_documents(docs, config)
    atomic_write_bytes(args.output, dumps(learn_voice(docs, analyses, config)).encode("utf-8"))
    print(f"wrote {args.output} from {len(docs)} documents")


if __name__ == "__main__":
    main()
