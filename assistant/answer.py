"""The one value the assistant returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from index import Hit


@dataclass(frozen=True)
class Citation:
    """Passage ``n`` of an answer; the support span is the supporting sentence in ``hit.text``."""

    n: int
    hit: Hit
    support_start: int
    support_end: int
    # How the answer names the source (``citations.source_label``): "Điều 5 khoản 2, Thông tư
    # 24/2013/TT-BKHCN" for a legal passage, the title otherwise; "" = the title.
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {"n": self.n, **self.hit.to_json(), "label": self.label or self.hit.title}
        for key in ("rank", "score", "dense_score"):  # ranking details live in "retrieved"
            data.pop(key, None)
        data["support"] = {"start": self.support_start, "end": self.support_end}
        return data


class AnswerPath(Enum):
    """How an answer was produced: the one branch of the answer pipeline it took. (The JSON
    ``model`` field still says it in words, as the API contract always has.)"""

    GENERATED = "generated"  # the model's sentences, each verified against a passage and cited
    QUOTED = "quoted"  # extractive mode: the answering sentences, quoted and cited
    # LLM mode, the answer is a legal provision: quoted word for word, the model not asked
    # (``AnswerConfig.quote_provisions``).
    QUOTED_PROVISION = "quoted_provision"
    # The model said nothing the passages back, or nothing of the kind asked ("bao nhiêu?"
    # answered with a date).
    FELL_BACK_UNSUPPORTED = "fell_back_unsupported"
    FELL_BACK_DECLINED = "fell_back_declined"  # the model declined though the passages answer
    FELL_BACK_LLM_ERROR = "fell_back_llm_error"  # no model, or it failed before a sentence held
    ABSTAINED = "abstained"  # the documents do not answer: said plainly, with related passages

    @property
    def fell_back(self) -> bool:
        """A model was asked, and the answer quotes the passages instead."""
        return self.value.startswith("fell_back")


class Token(str):
    """A piece of the model's raw text as it streams (before verification): shown as a draft.
    A ``str``, so clients that only know ``str`` events keep working."""

    __slots__ = ()


@dataclass(frozen=True)
class Verified:
    """One sentence of the final answer, already checked against the passages and cited,
    yielded by ``Assistant.stream`` as soon as it is verified (before the final ``Answer``).

    Contract: when any ``Verified`` was yielded, the final ``Answer.answer`` is exactly the
    yielded texts joined by one space, in order; clients may show them as final text. When
    none was yielded, only the final ``Answer`` carries the text (quoted, fallen back or
    abstained).
    """

    text: str


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
    model: str = ""  # the generator's name, or how its answer fell back, in words (the API's)
    # How the answer was produced: read this, not ``model``. Not in the JSON. An Answer built
    # by hand (a test's stub engine) gets the path its other fields imply.
    path: AnswerPath | None = None
    # The reader's answerability, 0..1: how likely the best sentence read answers the question
    # (``assistant.reader``). The gate abstains below its threshold. None when nothing was
    # read (no passages). Not in the JSON; the eval's calibration curves are drawn from it.
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.path is None:
            self.path = (
                AnswerPath.ABSTAINED
                if self.abstained
                else AnswerPath.QUOTED
                if self.mode == "extractive"
                else AnswerPath.GENERATED
            )

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
