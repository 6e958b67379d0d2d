"""Model answers on the real corpus with a scripted model: what the verifier keeps (item 4),
sentences streamed as they verify (item 10), scaffolding the model echoes, and document
markers in quotes (item 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest

from assistant import Answer, Verified
from assistant.generators import GeneratorError
from assistant.prompts import ScaffoldFilter, strip_lead_in, strip_scaffolding
from tests.conftest import assistant_for, ingest

APO_FOUNDED = "APO được thành lập năm nào?"
FIRST_TIME = "Còn lần đầu tiên là năm nào?"
CHAIR_HISTORY = [
    {"role": "user", "content": "Việt Nam đảm nhận vị trí Chủ tịch APO nhiệm kỳ nào?"},
    {
        "role": "assistant",
        "content": "Việt Nam đảm nhận vị trí Chủ tịch APO nhiệm kỳ 2020-2021 [1].",
    },
]


class ScriptedModel:
    """A Generator that streams a fixed reply a few characters at a time and records what
    had been produced when: the engine's events can be checked against the model's progress."""

    name = "scripted"

    def __init__(self, reply: str, step: int = 4, fail_after: int | None = None) -> None:
        self.reply = reply
        self.step = step
        self.fail_after = fail_after  # characters, then GeneratorError (a deadline)
        self.produced = 0
        self.closed = False
        self.prompts: list[Sequence[dict[str, str]]] = []

    def stream(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.prompts.append(messages)
        try:
            for start in range(0, len(self.reply), self.step):
                if self.fail_after is not None and start >= self.fail_after:
                    raise GeneratorError("mô hình cục bộ: quá 60 giây")
                self.produced = start + self.step
                yield self.reply[start : start + self.step]
        finally:
            self.closed = True


def run(
    corpus_index, reply: str, question: str, history=None, **model_options
) -> tuple[list[object], ScriptedModel]:
    model = ScriptedModel(reply, **model_options)
    assistant = assistant_for(corpus_index, model)
    events = []
    for event in assistant.stream(question, history, mode="llm"):
        events.append((event, model.produced))
    return events, model


def final(events) -> Answer:
    answer = events[-1][0]
    assert isinstance(answer, Answer)
    return answer


def verified(events) -> list[str]:
    return [event.text for event, _ in events if isinstance(event, Verified)]


def streamed(events) -> str:
    return "".join(event for event, _ in events if isinstance(event, str))


def assert_cited(answer: Answer) -> None:
    """Every marker in the text names a citation, every citation is used."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert used and used == {c.n for c in answer.citations}, answer.answer


# -- item 4: a right short answer is the answer -------------------------------------------


def test_a_model_answer_that_adds_the_asked_year_is_kept(corpus_index):
    events, _ = run(corpus_index, "APO được thành lập năm 1961 [1].", APO_FOUNDED)
    answer = final(events)
    assert answer.answer == "APO được thành lập năm 1961 [1]."
    assert "extractive" not in answer.model and answer.mode == "llm"
    assert_cited(answer)
    citation = answer.citations[0]
    assert "1961" in citation.hit.text[citation.support_start : citation.support_end]


@pytest.mark.parametrize(
    "reply",
    ["APO được thành lập năm 1971 [1].", "APO được thành lập năm 1961 tại Tokyo [1]."],
    ids=["wrong year", "name not in the passages"],
)
def test_a_model_answer_adding_an_unsupported_specific_is_still_rejected(corpus_index, reply):
    events, _ = run(corpus_index, reply, APO_FOUNDED)
    answer = final(events)
    assert "1971" not in answer.answer and "Tokyo" not in answer.answer
    assert answer.model.endswith("→ extractive") and verified(events) == []


def test_the_question_echoed_back_is_still_no_answer(corpus_index):
    events, _ = run(
        corpus_index, "APO được thành lập năm nào [1]? APO được thành lập.", APO_FOUNDED
    )
    assert verified(events) == [] and final(events).model.endswith("→ extractive")


# -- item 10: verified sentences go out as soon as they are complete ---------------------

TWO_SENTENCES = (
    "Có 15 trường đại học trên toàn quốc hưởng ứng xây dựng chương trình đào tạo [1]. "
    "Công tác quản lý năng suất được đưa vào các trường đại học [1]."
)
UNIVERSITIES = "Có bao nhiêu trường đại học xây dựng chương trình đào tạo về năng suất?"


def test_each_sentence_is_yielded_verified_before_the_model_finishes(corpus_index):
    events, _ = run(corpus_index, TWO_SENTENCES, UNIVERSITIES)
    answer = final(events)
    texts = verified(events)
    assert len(texts) == 2
    assert answer.answer == " ".join(texts)  # the Verified contract
    assert_cited(answer)
    numbers = {c.n for c in answer.citations}  # each marker as the final answer numbers it
    assert all(int(n) in numbers for text in texts for n in re.findall(r"\[(\d+)\]", text))
    first_at = next(produced for event, produced in events if isinstance(event, Verified))
    assert first_at < len(TWO_SENTENCES) - 20, "the first sentence waited for the whole reply"
    # Verified events come after the raw text that completes them and before the Answer.
    kinds = [type(event).__name__ for event, _ in events]
    assert kinds.index("Verified") > kinds.index("Token") and kinds[-1] == "Answer"


def test_nothing_verified_falls_back_without_verified_events(corpus_index):
    events, _ = run(corpus_index, "Trời hôm nay rất đẹp và nắng vàng [1].", UNIVERSITIES)
    answer = final(events)
    assert verified(events) == []
    assert "15 trường đại học" in answer.answer and answer.model.endswith("→ extractive")


def test_a_model_cut_short_keeps_the_sentences_already_verified(corpus_index):
    """A deadline mid-answer: what was shown as final stays the answer (no swap to a quote)."""
    cut = TWO_SENTENCES.index("Công tác") + 12
    events, _ = run(corpus_index, TWO_SENTENCES, UNIVERSITIES, fail_after=cut)
    answer = final(events)
    assert verified(events) == [answer.answer] and "15 trường đại học" in answer.answer
    assert "dừng" in answer.model


def test_a_consumer_that_stops_reading_closes_the_model_stream(corpus_index):
    model = ScriptedModel(TWO_SENTENCES * 3)
    assistant = assistant_for(corpus_index, model)
    events = assistant.stream(UNIVERSITIES, mode="llm")
    assert isinstance(next(events), str)
    events.close()  # the client went away
    assert model.closed and model.produced < len(model.reply)


# -- scaffolding the model echoes (UI report §d) ------------------------------------------

SCAFFOLDED = (
    "Câu hỏi: Còn lần đầu tiên là năm nào?\n\nGiải thích: Từ đoạn tài liệu, chúng ta có thể "
    "thấy rằng Việt Nam đã đảm nhận vị trí Chủ tịch APO lần đầu tiên vào năm 1999 [1]."
)


@pytest.mark.parametrize("step", [1, 3, 7])
def test_prompt_scaffolding_is_never_shown_nor_kept(corpus_index, step):
    events, _ = run(corpus_index, SCAFFOLDED, FIRST_TIME, CHAIR_HISTORY, step=step)
    answer = final(events)
    shown = streamed(events)
    assert "Câu hỏi" not in shown and "Giải thích" not in shown, shown
    assert answer.answer.startswith("Việt Nam đã đảm nhận vị trí Chủ tịch APO"), answer.answer
    assert "1999" in answer.answer and "Giải thích" not in answer.answer
    # The highlighted sentence is the one that states 1999, not its 2020 neighbour.
    citation = answer.citations[0]
    highlighted = citation.hit.text[citation.support_start : citation.support_end]
    assert "1999" in highlighted, highlighted


def test_labels_are_a_layout_rule_not_a_word_list():
    assert strip_scaffolding("Trả lời: Có 15 trường [1].") == "Có 15 trường [1]."
    assert strip_scaffolding("**Answer:** 15 universities [1].") == "15 universities [1]."
    assert strip_scaffolding("Question: How many?\nThere are 15 [1].") == "There are 15 [1]."
    # Colons inside a sentence, codes and times are content.
    for text in (
        "Mũ phải đạt QCVN 2:2021/BKHCN [1].",
        "Họp lúc 8:30 sáng [1].",
        "Ba trụ cột gồm: chất lượng, năng suất.",
    ):
        assert strip_scaffolding(text) == text
    assert strip_lead_in("Theo tài liệu [1], APO có 21 thành viên.") == "APO có 21 thành viên."
    assert (
        strip_lead_in("Theo Bộ Tài chính, ngân sách tăng.") == "Theo Bộ Tài chính, ngân sách tăng."
    )
    # The model stuttering its first letter; English "I" and "A" are words.
    assert strip_lead_in("N nhiệm vụ năm 2024 là X [1].") == "Nhiệm vụ năm 2024 là X [1]."
    assert strip_lead_in("I identified it [1].") == "I identified it [1]."
    stream = ScaffoldFilter()
    pieces = ["Câu", " hỏi", ": X", "?\n", "Đáp", " án", ":", " Y", " [1]."]
    assert "".join(stream.feed(p) for p in pieces) + stream.flush() == "\nY [1]."


# -- item 6: a document's own markers never become citations ---------------------------


def test_a_document_s_own_markers_are_not_quoted(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ngan-sach.txt").write_text(
        "Báo cáo ngân sách\n\nTheo Bộ Tài chính [3], ngân sách năm 2024 của Tổng cục là 500 tỷ "
        "đồng [1]. Khoản chi lớn nhất dành cho đo lường [2, 4].",
        encoding="utf-8",
    )
    index = make_index()
    ingest(index, folder)
    answer = assistant_for(index).ask(
        "Ngân sách năm 2024 của Tổng cục là bao nhiêu?", mode="extractive"
    )
    assert "500 tỷ đồng" in answer.answer
    assert "[3]" not in answer.answer and "[2, 4]" not in answer.answer
    assert_cited(answer)
