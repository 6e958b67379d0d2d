"""The learned reader (assistant.reader) on hand-made passages, with the real embedder and no
Chroma: each failure class of issue 14 moves the reader's score the way a reader would."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.condense import condense
from assistant.evidence import expected_answer_type
from assistant.reader import ReaderModel, asked, read, signals_for
from index import Hit

MODEL = ReaderModel.load()


def flat(terms: set[str]) -> dict[str, float]:
    return dict.fromkeys(terms, 1.0)


@pytest.fixture(scope="module")
def similarity(embedder):
    def cosine(question: str, sentences: Sequence[str]) -> list[float]:
        q = np.asarray(embedder.get_query_embedding(question))
        s = np.asarray(embedder.get_text_embedding_batch(list(sentences)))
        q, s = q / np.linalg.norm(q), s / np.linalg.norm(s, axis=1, keepdims=True)
        return [float(v) for v in s @ q]

    return cosine


def passage(text: str, title: str = "Tin hoạt động") -> Hit:
    return Hit(1, 1.0, "doc", title, "", "doc#0000", text, 0, len(text))


def best(question: str, text: str, similarity) -> tuple[str, float]:
    """The sentence the reader puts first, and its probability."""
    hit = passage(text)
    reading = read(condense(question, None, 500), [hit], similarity, flat, MODEL)
    top = reading.sentences[0]
    return hit.text[top.start : top.end], top.probability


def probability(question: str, sentence: str, similarity) -> float:
    return best(question, sentence, similarity)[1]


def test_a_paraphrase_is_read_as_the_answer(similarity) -> None:
    text = (
        "Đoàn công tác đã thăm nhiều cơ sở sản xuất. "
        "Viện Tiêu chuẩn Hoa Kỳ đã ký thỏa thuận hợp tác với Tổng cục vào năm 2019. "
        "Buổi làm việc diễn ra trong không khí cởi mở."
    )
    sentence, _ = best(
        "Tổng cục ký thỏa thuận với viện tiêu chuẩn của Mỹ năm nào?", text, similarity
    )
    assert "Hoa Kỳ" in sentence


def test_an_english_question_finds_the_vietnamese_answer(similarity) -> None:
    text = (
        "Hội nghị thu hút hơn 200 đại biểu. "
        "Tổng cục được giao quản lý nhà nước về tiêu chuẩn, đo lường và chất lượng. "
        "Các đại biểu đã thảo luận sôi nổi."
    )
    sentence, _ = best("Which body manages standards, metrology and quality?", text, similarity)
    assert "quản lý nhà nước" in sentence


def test_a_contradicted_year_lowers_the_score(similarity) -> None:
    question = "Năm 2024 Tổng cục tổ chức bao nhiêu khóa đào tạo?"
    right = probability(question, "Năm 2024 Tổng cục tổ chức 55 khóa đào tạo.", similarity)
    wrong = probability(question, "Năm 2023 Tổng cục tổ chức 55 khóa đào tạo.", similarity)
    assert wrong < right


def test_a_missing_slot_lowers_the_score(similarity) -> None:
    question = "Hội nghị tổng kết được tổ chức ở đâu?"
    assert expected_answer_type(question) == "place"
    where = probability(question, "Hội nghị tổng kết được tổ chức tại Hà Nội.", similarity)
    when = probability(question, "Hội nghị tổng kết được tổ chức vào tháng 12.", similarity)
    assert when < where


def test_a_different_object_sharing_the_words_lowers_the_score(similarity) -> None:
    question = "Chiến lược Quốc gia về năng suất được phê duyệt theo quyết định số mấy?"
    hits = [passage("Chương trình ISO được phê duyệt theo Quyết định số 1322/QĐ-TTg.")]
    same = [passage("Chiến lược Quốc gia về năng suất được phê duyệt theo Quyết định 36/QĐ-TTg.")]
    other = signals_for(asked(question, flat), hits, similarity)[0][3]
    right = signals_for(asked(question, flat), same, similarity)[0][3]
    assert other.constraints_missing > right.constraints_missing
    assert MODEL.vietnamese.probability(other) < MODEL.vietnamese.probability(right)


def test_the_model_file_says_what_it_was_fitted_on() -> None:
    assert "dev" in MODEL.provenance["fitted_on"]
    assert "test" in MODEL.provenance["reported_on"]
    assert 0.0 < MODEL.vietnamese.threshold < 1.0


def test_the_model_is_never_offered_the_refusal() -> None:
    """The gate decides whether the documents answer; a model offered a way out declined
    answerable questions (issue 14: 16 of 32)."""
    from assistant.prompts import ABSTAIN_EN, ABSTAIN_VI, SYSTEM_EN, SYSTEM_VI

    assert ABSTAIN_VI not in SYSTEM_VI and "không chứa" not in SYSTEM_VI
    assert ABSTAIN_EN not in SYSTEM_EN and "do not contain" not in SYSTEM_EN


class ReadingModel:
    """A generator that reads before it writes: its yes/no odds are fixed."""

    name = "reading"

    def __init__(self, yes: float) -> None:
        self.yes = yes
        self.asked: list[str] = []

    def first_token_probabilities(self, messages, top):  # type: ignore[no-untyped-def]
        self.asked.append(messages[-1]["content"])
        return {"C": self.yes, "K": 1.0 - self.yes}

    def stream(self, messages, max_tokens):  # type: ignore[no-untyped-def]
        yield "Tổng cục hợp tác trong khuôn khổ 14 tổ chức quốc tế, khu vực [1]."


QUESTION = "Tổng cục hợp tác trong khuôn khổ bao nhiêu tổ chức quốc tế, khu vực?"


def test_the_model_reads_before_it_writes_and_its_no_abstains(corpus_index) -> None:
    from tests.conftest import assistant_for

    doubting = ReadingModel(yes=0.1)
    answer = assistant_for(corpus_index, doubting, llm_reader_min=0.5).ask(QUESTION, mode="llm")
    assert answer.abstained and "đọc" in answer.model
    assert doubting.asked and "Có hoặc Không" in doubting.asked[0]

    sure = ReadingModel(yes=0.9)
    answer = assistant_for(corpus_index, sure, llm_reader_min=0.5).ask(QUESTION, mode="llm")
    assert not answer.abstained and "14 tổ chức" in answer.answer

    unasked = ReadingModel(yes=0.1)  # the reader is off unless a threshold is set
    answer = assistant_for(corpus_index, unasked).ask(QUESTION, mode="llm")
    assert not answer.abstained and unasked.asked == []
