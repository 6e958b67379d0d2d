"""Loader for the Zalo WikiQA benchmark (../shared/benchmarks/zalo_wikiqa)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    relevant: tuple[str, ...]
    answers: tuple[str, ...]


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_corpus(folder: Path) -> list[Paragraph]:
    return [Paragraph(r["id"], r["text"]) for r in _jsonl(folder / "corpus.jsonl")]


def load_questions(folder: Path) -> list[Question]:
    return [
        Question(
            r["id"],
            r["question"],
            bool(r["answerable"]),
            tuple(r.get("relevant", [])),
            tuple(r.get("answers", [])),
        )
        for r in _jsonl(folder / "questions.jsonl")
    ]
