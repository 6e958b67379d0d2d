"""What the answer engine needs to know, handed in by the composition root (``hoidap.wiring``).

No defaults here: the product's defaults, and where each was measured, live in one place,
``hoidap/settings.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AnswerConfig:
    mode: str  # auto | llm | extractive; "auto" is llm when a model can be had
    passages: int  # passages retrieved per question (and their share of the prompt)
    passage_words: int  # prompt budget per passage, in words
    # The gate: below either the documents are taken not to answer (fitted on the golden set,
    # README "Abstention").
    min_coverage: float  # IDF-weighted share of the question's words in one passage window
    min_dense: float  # cosine similarity, for questions in English
    max_tokens: int  # the model's answer length


@dataclass(frozen=True)
class LLMConfig:
    """Which model writes answers: an OpenAI-compatible endpoint, or the bundled GGUF file."""

    url: str | None
    model: str
    api_key: str | None
    timeout_s: float
    model_path: Path  # the local model, used when no url is set
    threads: int | None = None  # llama.cpp threads; None: every core
