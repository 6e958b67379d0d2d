"""The Zalo WikiQA benchmark (../shared/benchmarks/zalo_wikiqa): its loaders, and its corpus
ingested one paragraph a document."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import Ingestor, prepare_text


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
    split: str = ""  # "dev" (fit and choose on it) or "test" (report it)


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
            str(r.get("split", "")),
        )
        for r in _jsonl(folder / "questions.jsonl")
    ]


def ingest_zalo(ingestor: Ingestor, folder: Path) -> dict[str, Any]:
    """Each paragraph as one document under its own id (what the questions' ``relevant``
    name); counts and rates of the run (an unchanged corpus writes no chunk)."""
    corpus = load_corpus(folder)
    documents = [prepare_text(p.id, p.text) for p in corpus]
    started = time.perf_counter()
    report = ingestor.ingest_documents(documents)
    seconds = time.perf_counter() - started
    return {
        "documents": len(corpus),
        "chunks": report.chunks,
        "chunks_written": report.chunks_written,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(report.chunks_written / seconds, 2)
        if report.chunks_written
        else None,
        "mb_per_s": round(sum(len(p.text.encode()) for p in corpus) / 1e6 / seconds, 3)
        if report.chunks_written
        else None,
    }
