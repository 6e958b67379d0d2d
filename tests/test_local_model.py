"""The bundled local model under abandoned and piled-up requests (red team M5): a stream whose
consumer goes away stops generating and frees the model, generation has a deadline, and only
a bounded number of requests wait for the model."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from assistant.generators import GeneratorError, LocalGenerator
from hoidap.models import LLM
from hoidap.settings import Settings

LONG_TASK = [
    {"role": "system", "content": "Bạn là trợ lý."},
    {"role": "user", "content": "Viết một bài văn thật dài về lịch sử đo lường ở Việt Nam."},
]
MAX_TOKENS = 400  # what an abandoned request would otherwise go on generating


@pytest.fixture(scope="module")
def model() -> Iterator[LocalGenerator]:
    path = Settings().models_dir / LLM.file_name
    assert path.is_file(), "run `make models` (part of `make test`)"
    yield LocalGenerator(path, n_ctx=2048, timeout_s=120, max_waiting=1)


def released_within(generator: LocalGenerator, seconds: float) -> float | None:
    """Seconds until the model is free (its worker stops at its next token), or None."""
    started = time.monotonic()
    while generator._lock.locked():
        if time.monotonic() - started > seconds:
            return None
        time.sleep(0.05)
    return time.monotonic() - started


def first_token_s(generator: LocalGenerator, prompt: list[dict[str, str]]) -> float:
    started = time.monotonic()
    stream = generator.stream(prompt, MAX_TOKENS)
    next(stream)
    elapsed = time.monotonic() - started
    stream.close()
    return elapsed


def test_an_abandoned_stream_stops_and_frees_the_model(model):
    warm = first_token_s(model, LONG_TASK)  # loads and caches the prompt
    abandoned = model.stream(LONG_TASK, MAX_TOKENS)
    next(abandoned)  # one token read, then the client goes away
    abandoned.close()
    # Generous: one more token on a busy 2-core CPU; before the fix, all MAX_TOKENS (minutes).
    freed = released_within(model, 20)
    assert freed is not None, "the model is still generating for nobody"
    fresh = [{**LONG_TASK[0]}, {"role": "user", "content": "Đo lường là gì? Trả lời ngắn."}]
    after = first_token_s(model, fresh)
    print(
        f"first token warm {warm:.1f} s; model freed {freed:.1f} s after close; "
        f"fresh first token {after:.1f} s"
    )
    # Before the fix the fresh request waited for all MAX_TOKENS of the abandoned one (over a
    # minute on 2 cores); now only for its own prompt.
    assert after < 45, after


def test_a_request_past_its_deadline_stops_with_an_error(model):
    model.timeout_s = 3.0  # llm_timeout_s; MAX_TOKENS take far longer on a CPU
    started = time.monotonic()
    try:
        with pytest.raises(GeneratorError, match="giây"):
            for _ in model.stream(LONG_TASK, MAX_TOKENS):
                pass
    finally:
        model.timeout_s = 120
    assert time.monotonic() - started < 30
    assert released_within(model, 20) is not None


def test_requests_beyond_the_queue_bound_are_refused_at_once(model):
    generating = model.stream(LONG_TASK, MAX_TOKENS)
    next(generating)  # holds the model
    waiting = model.stream(LONG_TASK, MAX_TOKENS)
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.append(next(waiting)))
    waiter.start()
    deadline = time.monotonic() + 10
    while model.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert model.waiting == 1
    started = time.monotonic()
    with pytest.raises(GeneratorError, match="bận"):
        next(model.stream(LONG_TASK, MAX_TOKENS))  # max_waiting = 1 already waiting
    assert time.monotonic() - started < 1.0  # at once: the engine quotes instead
    generating.close()
    waiter.join(timeout=60)
    assert got, "the waiting request never got the model"
    waiting.close()
    assert model.waiting == 0 and released_within(model, 20) is not None


def test_the_real_model_answers_in_its_own_words_with_a_verified_citation(model, corpus_index):
    """Issue 14: handed the answering sentences and never offered the refusal, the local model
    writes the answer itself (not the quoted fall-back), and the verifier cites it."""
    from assistant import AnswerPath
    from assistant.citations import strip_markers
    from tests.conftest import assistant_for

    model.timeout_s = 120
    answer = assistant_for(corpus_index, model).ask(
        "Tổ chức Năng suất Châu Á (APO) được thành lập năm nào?", mode="llm"
    )
    assert answer.path is AnswerPath.GENERATED, answer.model
    assert "1961" in answer.answer and answer.citations
    quoted = [c.hit.text[c.support_start : c.support_end].strip() for c in answer.citations]
    assert "1961" in " ".join(quoted)
    written = strip_markers(answer.answer).strip()
    assert written not in quoted, "the passage's sentence quoted, not an answer written"


PASSAGE_TASK = [
    {"role": "system", "content": "Trả lời bằng một câu, chỉ dựa trên đoạn tài liệu."},
    {
        "role": "user",
        "content": "<tai_lieu>\n[1] Tin hoạt động\nNgày 12/3/2024, Viện Đo lường Việt Nam đã "
        "công bố chuẩn đo lường quốc gia về khối lượng, được phê duyệt tại Quyết định số "
        "1234/QĐ-BKHCN, do Viện trưởng Nguyễn Văn An ký.\n</tai_lieu>\n\nCâu hỏi: Chuẩn đo "
        "lường quốc gia về khối lượng được phê duyệt tại quyết định nào, ai ký?",
    },
]


def test_prompt_lookup_drafting_writes_the_same_answer(model):
    """Speculative decoding from the prompt (the product's default, ``LLMConfig.lookup_ngram``)
    is a speed-up only: greedy decoding writes the same words, and the answer, which copies
    the passage, takes drafted tokens."""
    plain = "".join(model.stream(PASSAGE_TASK, 60))
    path = Settings().models_dir / LLM.file_name
    drafting = LocalGenerator(path, n_ctx=2048, timeout_s=120, max_waiting=1, lookup=(4, 16))
    drafted = "".join(drafting.stream(PASSAGE_TASK, 60))
    assert drafted == plain and "1234/QĐ-BKHCN" in drafted
    assert drafting.last_timings.get("draft_n_accepted", 0) > 0, drafting.last_timings
