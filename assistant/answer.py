"""The one value the assistant returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from index import Hit


@dataclass(frozen=True)
class Citation:
    """Passage ``n`` of an answer; ``support`` is the supporting sentence's span in ``text``."""

    n: int
    doc_id: str
    title: str
    date: str
    chunk_id: str
    text: str
    char_start: int
    char_end: int
    support_start: int
    support_end: int
    page: int | None = None
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["support"] = {"start": data.pop("support_start"), "end": data.pop("support_end")}
        return data


@dataclass
class Timings:
    retrieve_ms: float = 0.0
    generate_ms: float = 0.0
    first_token_ms: float = 0.0
    total_ms: float = 0.0


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Hit] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    standalone_question: str = ""
    model: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "model": self.model,
            "standalone_question": self.standalone_question,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [h.to_json() for h in self.retrieved],
            "timings": {k: round(v, 1) for k, v in asdict(self.timings).items()},
        }
