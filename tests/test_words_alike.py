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


STAFF = (
    "Phát biểu tại hội nghị, lãnh đạo Văn phòng biểu dương tập thể công chức, viên chức và người"
    " lao động của Văn phòng, đồng thời đề nghị tập trung vào 05 định hướng lớn trong năm 2024."
)
HOLIDAYS = (
    "Điều 112. Nghỉ lễ, tết. Người lao động được nghỉ làm việc, hưởng nguyên lương trong những"
    " ngày lễ, tết sau đây: Tết Dương lịch: 01 ngày; Tết Âm lịch: 05 ngày; Ngày Chiến thắng: 01"
    " ngày."
)
FITTED = WordsAlike()  # the values chosen on Zalo dev pairs


def ask(embedder, passage: str, question: str, alike: WordsAlike | None = FITTED):
    config = replace(CONFIG, min_coverage=0.45, words_alike=alike)
    source = EmbeddingSource([hit(passage)], embedder)
    return Assistant(source, config, RequestLimits()).ask(question, mode="extractive")


def test_a_question_in_other_words_is_answered_by_the_sentence_that_says_it(embedder) -> None:
    # "các công ty … được giải đáp" for "trả lời … của doanh nghiệp": too few shared words for
    # the rules, the same thing said.
    question = "Năm 2023 các công ty gửi bao nhiêu câu hỏi được giải đáp?"
    answer = ask(embedder, REPORT, question)
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith("Trong năm, Văn phòng đã trả lời 312 câu hỏi")
    assert ask(embedder, REPORT, question, alike=None).abstained  # the rules alone refuse it


@pytest.mark.parametrize(
    ("passage", "question"),
    [
        # Another year: the sentence that says it rules itself out, and "4 hội thảo" beside it
        # is no answer.
        (REPORT, "Năm 2022 Văn phòng giải đáp được bao nhiêu thắc mắc từ các công ty?"),
        # A fee: the passage names no amount of money.
        (REPORT, "Văn phòng thu phí bao nhiêu tiền cho mỗi lần giải đáp thắc mắc?"),
        # Another asker: consumers, not businesses.
        (REPORT, "Năm 2023 Văn phòng giải đáp được bao nhiêu thắc mắc của người tiêu dùng?"),
        # The staff are named, but what the sentence counts is "05 định hướng".
        (STAFF, "Văn phòng có bao nhiêu nhân viên?"),
        # Another holiday sharing the word "Tết".
        (HOLIDAYS, "Người lao động được nghỉ bao nhiêu ngày vào dịp Tết Trung thu?"),
    ],
)
def test_a_question_the_passage_does_not_answer_still_abstains(embedder, passage, question):
    assert ask(embedder, passage, question).abstained


AIR_CONDITIONERS = (
    "Năm 2024, Trung tâm Kỹ thuật 1 đã thử nghiệm hiệu suất năng lượng cho 342 model máy điều"
    " hòa không khí phục vụ việc dán nhãn năng lượng. Ngoài máy điều hòa, Trung tâm còn thử"
    " nghiệm tủ lạnh, máy giặt và quạt điện."
)


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # Enough words shared, but the rules look for "mẫu" and the sentence counts "model":
        # the same count in other words.
        ("Năm 2024 Trung tâm Kỹ thuật 1 thử nghiệm bao nhiêu mẫu máy lạnh để dán nhãn?", True),
        # Of another appliance the passage gives no count.
        ("Năm 2024 Trung tâm Kỹ thuật 1 thử nghiệm bao nhiêu mẫu tủ lạnh để dán nhãn?", False),
    ],
)
def test_a_count_of_the_asked_thing_in_other_words_answers(embedder, question, answered):
    answer = ask(embedder, AIR_CONDITIONERS, question)
    assert answer.abstained is not answered, answer.answer
    if answered:
        assert answer.answer.startswith("Năm 2024, Trung tâm Kỹ thuật 1 đã thử nghiệm")
