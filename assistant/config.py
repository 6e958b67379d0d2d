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


@dataclass(frozen=True)
class AnswerWeights:
    """The answer pipeline's heuristic weights, named. None was fitted: each was set by hand
    and is held in place by the golden-set evaluation (``hoidap eval``, README "Answer quality")
    and the tests named in its comment; change one only with the eval comparison run.
    Unlike ``AnswerConfig`` these are no product setting, so they have defaults here."""

    # retrieve: each passage is read on this many chunks (and on while a list it announces is
    # missing items): lists run long (tests/test_lists.py).
    following_chunks: int = 3
    # retrieve: "TBT là gì?" looks for the passage that spells the acronym out among this many
    # lexical results per answer passage; the first that does is kept.
    definition_candidates: int = 4
    # gate: a question asking for a number, date or name needs one among this many best
    # sentences …
    answer_type_depth: int = 5
    # … each scoring at least this share of the best one ("entity mentioned, fact not stated").
    answer_type_share: float = 0.5
    # select: in a follow-up, the weight of the standalone form's score next to the follow-up's
    # own: what it asks now weighs more than the turn it leans on.
    follow_up_context: float = 0.3
    # verify: a generated sentence is re-cited to another passage only when that one supports
    # it by this much more than the passage it cites (or the first that supports it).
    recite_margin: float = 0.1
    # abstain: passages listed as possibly related, and the characters shown of each.
    related_passages: int = 3
    related_chars: int = 160


DEFAULT_WEIGHTS = AnswerWeights()
