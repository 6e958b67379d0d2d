"""What the chat page shows and does, without a browser: answer text is escaped HTML (Markdown
stays literal), the only links are citations the answer has, the time shown is the user's wait,
and the page's handlers (``ui.chat``) called as plain functions over a stub assistant."""

from __future__ import annotations

import pytest

from assistant import Answer, AnswerPath, Citation, RequestLimits, RequestTooLong, Token, Verified
from index import Hit, StoreUnavailableError
from ui.chat import FAILED, KEEP, RATE_FIRST, RATED, STORE_DOWN, ChatHandlers, Choices
from ui.render import model_line, render_answer, render_partial, waiting

PLANTED = "Nộp qua [cổng](http://127.0.0.1:9/x) ![](http://127.0.0.1:9/img) <b>đậm</b> [1] [3]."


def _answer(text: str, cited: tuple[int, ...] = (1,), **extra) -> dict:
    return {
        "answer": text,
        "abstained": False,
        "citations": [{"n": n} for n in cited],
        "mode": "extractive",
        "timings": {"total_ms": 400.0},
        **extra,
    }


def test_an_answer_is_text_with_links_only_for_its_own_citations():
    shown = render_answer(_answer(PLANTED), turn=2)
    assert shown.count("<a ") == 1 and '<a class="cite" href="#nguon-2-1">[1]</a>' in shown
    assert "[3]" in shown  # no source 3: stays text, not a link to nowhere
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert "<img" not in shown
    assert "[cổng](http://127.0.0.1:9/x)" in shown  # shown as written (render_markdown=False)


def test_streamed_text_is_escaped_and_verified_sentences_come_first():
    shown = render_partial("<img src=x onerror=alert(1)>", "Câu đã kiểm tra [1].")
    assert shown.startswith("Câu đã kiểm tra [1].") and "<img" not in shown
    assert shown.endswith("▌")


def test_a_grouped_marker_stays_text_as_the_engine_never_writes_one():
    """ "[1, 2]" only comes from a document's own text (its notes): not a link, as before."""
    shown = render_answer(_answer("Theo [1, 2] và [2].", cited=(1, 2)), turn=0)
    assert "Theo [1, 2] và " in shown
    assert shown.count("<a ") == 1 and '<a class="cite" href="#nguon-0-2">[2]</a>' in shown


def test_the_time_shown_is_what_the_user_waited():
    line = model_line(_answer("x"), AnswerPath.QUOTED, waited_s=31.04)
    assert line.endswith("31.0 giây") and "không dùng LLM" in line
    assert model_line(_answer("x"), AnswerPath.QUOTED).endswith("0.4 giây")
    assert waiting("Đang chờ", 12.4) == "⏳ Đang chờ (12 giây)"


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (AnswerPath.GENERATED, "LLM `qwen`, mỗi câu đã đối chiếu với nguồn"),
        (AnswerPath.QUOTED, "trích dẫn nguyên văn (không dùng LLM)"),
        (AnswerPath.FELL_BACK_LLM_ERROR, "trích dẫn nguyên văn (không dùng LLM)"),
        (AnswerPath.FELL_BACK_UNSUPPORTED, "LLM không được nguồn xác nhận"),
        (AnswerPath.FELL_BACK_DECLINED, "LLM không được nguồn xác nhận"),
        (AnswerPath.ABSTAINED, "không đủ căn cứ trong tài liệu — không trả lời"),
    ],
)
def test_the_model_line_says_how_the_answer_was_produced(path, said):
    assert said in model_line(_answer("x", model="qwen", mode="llm"), path)


# -- the handlers ----------------------------------------------------------------------------
HIT = Hit(
    rank=1,
    score=1.0,
    doc_id="apo",
    title="Hội nhập APO",
    date="2021-02-14",
    chunk_id="apo#0001",
    text="Năm 2020 Việt Nam giữ vai trò Chủ tịch APO.",
    char_start=10,
    char_end=53,
)
DOCUMENT = "Mở đầu.\n\n" + HIT.text + "\nHết."


def _final(text: str = "Việt Nam giữ vai trò Chủ tịch APO [1].", **fields) -> Answer:
    return Answer(
        question="Ai là Chủ tịch APO?",
        answer=text,
        abstained=False,
        mode="llm",
        citations=[Citation(1, HIT, 0, len(HIT.text))],
        retrieved=[HIT],
        **{"model": "qwen", **fields},
    )


class StubAssistant:
    """``stream`` and the request policy: all the chat page uses of the assistant."""

    def __init__(self, *events, limits: RequestLimits) -> None:
        self.events = events
        self.limits = limits
        self.asked: list[tuple] = []

    def stream(self, question, history=None, mode=None):
        self.asked.append((question, history, mode))
        for event in self.events:
            if isinstance(event, Exception):
                raise event
            yield event


class StubLibrary:
    def document_text(self, doc_id, reader=None):
        return DOCUMENT if doc_id == "apo" else None


class StubFeedback:
    def __init__(self) -> None:
        self.rated: list[tuple] = []
        self.comments: list[tuple] = []

    def add(self, answer, rating, comment="", user=None):
        self.rated.append((answer, rating))
        return len(self.rated)

    def comment(self, feedback_id, comment):
        self.comments.append((feedback_id, comment))
        return True


def _page(*events, **limits) -> ChatHandlers:
    assistant = StubAssistant(*events, limits=RequestLimits(**limits))
    return ChatHandlers(assistant, StubLibrary(), StubFeedback())  # type: ignore[arg-type]


def _asked(page: ChatHandlers, question: str, turns=(), mode: str = "auto") -> list[tuple]:
    """Each step's outputs, with the answer bubble as it was shown then (the chat list is
    updated in place between steps)."""
    box, chat, pending = page.take_question(question, [], list(turns))
    assert box == "" and pending["question"] == question
    steps = page.respond(pending, chat, list(turns), [], mode, tick_s=0.01)
    return [(step[0][-1]["content"], *step) for step in steps]


def test_an_empty_question_changes_nothing():
    assert _page().take_question("   ", [], []) == (KEEP, KEEP, None)


def test_a_question_over_the_policy_is_refused_with_its_reason_and_kept_in_the_box():
    page = _page(max_question_chars=10)
    box, chat, pending = page.take_question("x" * 400, [], [])
    assert box is KEEP and pending is None  # left in the box to shorten
    assert chat[0]["content"] == "x" * 300 + "…"
    with pytest.raises(RequestTooLong) as refused:
        RequestLimits(max_question_chars=10).check("x" * 400)
    assert chat[1]["content"] == "⚠️ " + str(refused.value)  # the API's 413 text, word for word


def test_the_engine_gets_the_history_the_policy_keeps():
    page = _page(_final(), max_history_turns=2)
    earlier = [{"question": f"Câu {i}?", "answer": f"Đáp {i}."} for i in range(3)]
    _asked(page, "Còn ACCSQ?", earlier, mode="extractive")
    question, history, mode = page.assistant.asked[0]
    assert (question, mode) == ("Còn ACCSQ?", "extractive")
    assert history == [
        {"role": "user", "content": "Câu 2?"},
        {"role": "assistant", "content": "Đáp 2."},
    ]
    _asked(page, "Còn ACCSQ?")
    assert page.assistant.asked[1][2] == "auto"  # resolved by the engine, in one place


def test_an_answer_streams_then_is_shown_cited_with_its_first_source():
    page = _page(Token("Việt Nam "), Verified("Việt Nam giữ vai trò Chủ tịch APO [1]."), _final())
    steps = _asked(page, "Ai là Chủ tịch APO?")
    shown = [step[0] for step in steps]
    assert shown[0].startswith("⏳") and "Việt Nam " in shown[1] and shown[1].endswith("▌")
    assert shown[2].startswith("Việt Nam giữ vai trò") and all(v is KEEP for v in steps[2][2:])
    _, chat, turns, rows, choices, panel, line = steps[-1]
    assert '<a class="cite" href="#nguon-0-1">[1]</a>' in chat[-1]["content"]
    # The API's JSON, and when it was asked (an export prints it).
    assert turns == [{**_final().to_json(), "asked_at": turns[0]["asked_at"]}]
    assert rows == [1]
    assert choices == Choices([("[1] Hội nhập APO", "0-1")], "0-1")
    assert "Nguồn [1] · Hội nhập APO" in panel and "<mark>" in panel
    assert "LLM `qwen`" in line


def test_a_fallen_back_answer_says_so():
    page = _page(_final(model="qwen → extractive", path=AnswerPath.FELL_BACK_UNSUPPORTED))
    assert "không được nguồn xác nhận" in _asked(page, "Ai là Chủ tịch APO?")[-1][-1]


@pytest.mark.parametrize(
    ("failure", "said"), [(StoreUnavailableError("down"), STORE_DOWN), (RuntimeError(), FAILED)]
)
def test_a_failure_is_said_in_the_chat(failure, said):
    steps = _asked(_page(failure), "APO?")
    assert steps[-1][0] == said and all(v is KEEP for v in steps[-1][2:])


def test_a_source_of_an_earlier_answer_lists_that_answers_sources():
    page = _page()
    turns = [_final().to_json(), _final().to_json()]
    panel, choices = page.show_source("0-1", turns)
    assert "Hội nhập APO" in panel and choices == Choices([("[1] Hội nhập APO", "0-1")], "0-1")
    assert page.show_source("5-1", turns) == (KEEP, KEEP)
    assert page.show_source("rác", turns) == (KEEP, KEEP)


def test_the_whole_document_marks_the_supporting_passage():
    page = _page()
    shown = page.open_document("0-1", [_final().to_json()])
    assert f"<mark id='doan-trich'>{HIT.text}</mark>" in shown and "Mở đầu." in shown
    assert page.open_document(None, []) == "<p>Chọn một nguồn trước.</p>"


def test_ratings_go_with_the_answer_of_their_row_and_comments_need_one():
    page = _page()
    turns, rows = [_final().to_json()], [1]
    assert page.send_comment(None, "thiếu ý") == (KEEP, RATE_FIRST)
    assert page.rate(turns, rows, 0, True) == (KEEP, KEEP)  # the question's row
    assert page.rate(turns, rows, 1, False) == (1, RATED)
    assert page.feedback.rated == [(turns[0], -1)]
    assert page.send_comment(1, "thiếu ý") == ("", "Cảm ơn góp ý của bạn.")


def test_a_new_conversation_empties_everything():
    assert ChatHandlers.reset() == ([], [], [], Choices([], None), "", "", "", None, None)


def test_a_page_that_goes_away_stops_the_engine():
    import threading
    import time

    stopped = threading.Event()

    class Endless(StubAssistant):
        def stream(self, question, history=None, mode=None):
            try:
                while True:
                    time.sleep(0.01)
                    yield Token("chữ ")
            finally:
                stopped.set()

    page = ChatHandlers(Endless(limits=RequestLimits()), StubLibrary(), StubFeedback())
    _, chat, pending = page.take_question("APO?", [], [])
    steps = page.respond(pending, chat, [], [], "llm", tick_s=0.01)
    next(steps), next(steps)  # the placeholder, then the model's first words
    steps.close()
    assert stopped.wait(5)
