"""The golden set for docs_corpus/ (eval/datasets/golden.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLDEN_PATH = Path(__file__).resolve().parent / "datasets" / "golden.jsonl"


@dataclass(frozen=True)
class GoldenItem:
    id: str
    question: str
    answerable: bool
    reference_answer: str
    key_facts: tuple[str, ...]
    evidence: tuple[dict[str, str], ...]
    type: str
    history: tuple[dict[str, Any], ...]


def load_golden(path: Path = GOLDEN_PATH) -> list[GoldenItem]:
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                r = json.loads(line)
                items.append(
                    GoldenItem(
                        r["id"],
                        r["question"],
                        bool(r["answerable"]),
                        r["reference_answer"],
                        tuple(r["key_facts"]),
                        tuple(r["evidence"]),
                        r["type"],
                        tuple(r["history"]),
                    )
                )
    return items
