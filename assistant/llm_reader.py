"""The local model as a reader, not a writer: do the selected sentences answer the question?

Asked as the answer's own prompt with one line more ("…? Chỉ viết Có hoặc Không."), and read
from the probabilities of the reply's first token — one forward pass, no text. Sharing the
answer prompt's prefix means llama.cpp has already read the passages when the answer is then
written. Measured on Zalo WikiQA (README "Reader"): it separates answering from topical
distractors far better than the lexical and dense signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.generators import GeneratorError, Judge

ASK_VI = (
    "\n\nTrước khi trả lời: các đoạn trên có nêu câu trả lời cho câu hỏi không? "
    "Chỉ viết Có hoặc Không."
)
ASK_EN = (
    "\n\nBefore answering: do the passages above state the answer to the question? "
    "Write only Yes or No."
)
# The first token of each answer (Qwen's tokenizer splits "Có" into "C" + "ó").
YES = frozenset({"c", "có", "co", "yes", "y"})
NO = frozenset({"k", "không", "khong", "no", "n"})
TOP_TOKENS = 10


def judging_messages(messages: Sequence[dict[str, str]], language: str) -> list[dict[str, str]]:
    """The answer prompt with the judging question added to its last (user) turn."""
    asked = list(messages)
    last = dict(asked[-1])
    last["content"] += ASK_EN if language == "en" else ASK_VI
    return [*asked[:-1], last]


def answer_probability(
    judge: Judge, messages: Sequence[dict[str, str]], language: str
) -> float | None:
    """P(yes) among the yes/no first tokens; None when the model gives no probabilities or
    neither answer is among its likeliest tokens."""
    try:
        top = judge.first_token_probabilities(judging_messages(messages, language), TOP_TOKENS)
    except GeneratorError:
        return None
    yes = sum(p for token, p in top.items() if token.strip().lower() in YES)
    no = sum(p for token, p in top.items() if token.strip().lower() in NO)
    return round(yes / (yes + no), 4) if yes + no > 0 else None
