"""What the chat page shows, without a browser: answer text is escaped HTML (Markdown stays
literal), the only links are citations the answer has, and the time shown is the user's wait."""

from __future__ import annotations

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


def test_the_time_shown_is_what_the_user_waited():
    line = model_line(_answer("x"), waited_s=31.04)
    assert line.endswith("31.0 giây") and "không dùng LLM" in line
    assert model_line(_answer("x")).endswith("0.4 giây")
    assert waiting("Đang chờ", 12.4) == "⏳ Đang chờ (12 giây)"
