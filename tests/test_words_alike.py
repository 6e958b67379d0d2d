"""The gate's last look (``assistant.gate.gate_by_words``) on hand-made passages, with the real
embedder and no Chroma: a question in its own words is answered by the sentence that says it in
the document's words; one the passage does not answer still abstains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from assistant import Assistant, RequestLimits, WordsAlike
from index import Hit
from tests.test_stages import CONFIG, hit

REPORT = (
    "Văn phòng Hỏi đáp tổng kết công tác năm 2023. Trong năm, Văn phòng đã trả lời 312 câu hỏi"
    " của doanh nghiệp về quy chuẩn kỹ thuật. Văn phòng cũng tổ chức 4 hội thảo tại các tỉnh"
    " phía Nam."
)


class EmbeddingSource:
    """One passage, found for every question; IDF flat; the real embedder reads meaning."""

    def __init__(self, hits: list[Hit], embedder) -> None:
        self.hits, self.embedder = hits, embedder

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        return self.hits[:k]

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        return hit

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        return dict.fromkeys(terms, 1.0)

    def _passages(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self.embedder.get_text_embedding_batch(list(texts)))
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def sentence_similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        query = np.asarray(self.embedder.get_query_embedding(question))
        return [float(v) for v in self._passages(sentences) @ (query / np.linalg.norm(query))]

    def phrase_similarity(self, phrases: Sequence[str], others: Sequence[str]) -> np.ndarray:
        return self._passages(phrases) @ self._passages(others).T


@pytest.fixture(scope="module")
def source(embedder) -> EmbeddingSource:
    return EmbeddingSource([hit(REPORT)], embedder)


FITTED = WordsAlike()  # the values chosen on Zalo dev pairs


def ask(source: EmbeddingSource, question: str, alike: WordsAlike | None = FITTED):
    config = replace(CONFIG, min_coverage=0.45, words_alike=alike)
    return Assistant(source, config, RequestLimits()).ask(question, mode="extractive")


def test_a_question_in_other_words_is_answered_by_the_sentence_that_says_it(source) -> None:
    # "giải đáp … thắc mắc … công ty" for "trả lời … câu hỏi … doanh nghiệp": too few shared
    # words for the rules, the same thing said.
    question = "Năm 2023 Văn phòng giải đáp được bao nhiêu thắc mắc từ các công ty?"
    answer = ask(source, question)
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith("Trong năm, Văn phòng đã trả lời 312 câu hỏi")
    assert ask(source, question, alike=None).abstained  # the rules alone refuse it


@pytest.mark.parametrize(
    "question",
    [
        # Another year: the sentence that says it rules itself out, and "4 hội thảo" beside it
        # is no answer.
        "Năm 2022 Văn phòng giải đáp được bao nhiêu thắc mắc từ các công ty?",
        # A fee: the passage names no amount of money.
        "Văn phòng thu phí bao nhiêu tiền cho mỗi lần giải đáp thắc mắc?",
        # Another asker: consumers, not businesses.
        "Năm 2023 Văn phòng giải đáp được bao nhiêu thắc mắc của người tiêu dùng?",
    ],
)
def test_a_question_the_passage_does_not_answer_still_abstains(source, question) -> None:
    assert ask(source, question).abstained
