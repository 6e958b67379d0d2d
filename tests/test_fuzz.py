"""Property-based tests (hypothesis): whatever the bytes or text, the parsers neither crash
nor hang, and what they promise holds (chunk spans are exact, markers only point to
passages that exist, requests are either valid or refused with a reason)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.citations import cited_numbers, keep_valid_markers, renumber_markers
from index.sentences import sentence_spans
from ingest import RejectedFileError, clean_text
from ingest.chunking import Chunker
from ingest.loaders import load_file
from ingest.pipeline import prepare_text
from tests.conftest import assistant_for
from ui.api import AskRequest, ChatRequest

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        list(string.ascii_letters + string.digits + " .,;:!?()[]\n\t-–\"'<>&/")
        + list("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ")
        + ["\u0301", "\u00a0", "\u200b", "\x00", "\ufeff", "Ð", "🙂"]
    ),
    max_size=600,
)


@FAST
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".html"]))
@example(data=b"\x00", suffix=".txt")  # found by this test: a lone NUL read as UTF-16
def test_loaders_never_crash_on_arbitrary_bytes(data: bytes, suffix: str):
    try:
        loaded = load_file(Path(f"x{suffix}"), data, max_pdf_pages=10)
    except RejectedFileError as refused:
        assert refused.reason
        return
    assert all(isinstance(section.text, str) for section in loaded.sections)


@FAST
@given(data=st.binary(max_size=3000))
def test_pdf_and_docx_loaders_refuse_garbage_with_a_reason(data: bytes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    for suffix in (".pdf", ".docx"):
        path = folder / f"x{suffix}"
        path.write_bytes(data)
        try:
            load_file(path, data, max_pdf_pages=10)
        except RejectedFileError as refused:
            assert refused.code and refused.reason


@FAST
@given(text=VIETNAMESE)
def test_cleaning_is_idempotent_and_chunk_spans_are_exact(text: str):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    document = prepare_text("fuzz", text)
    for chunk in Chunker(12, 3).chunk("fuzz", document.text, document.sections):
        assert document.text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.text.strip()


@FAST
@given(text=VIETNAMESE)
def test_sentence_spans_stay_inside_the_text(text: str):
    last = 0
    for start, end in sentence_spans(text):
        assert last <= start < end <= len(text)
        last = end


@FAST
@given(
    text=st.text(alphabet="ab [],0123456789.", max_size=200),
    passages=st.integers(min_value=0, max_value=5),
)
def test_citation_markers_only_point_to_passages_that_exist(text: str, passages: int):
    kept = keep_valid_markers(text, passages)
    assert all(1 <= n <= passages for n in cited_numbers(kept))
    mapped = renumber_markers(text, {1: 4, 2: 2})
    assert set(cited_numbers(mapped)) <= {4, 2}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@FAST
@given(
    body=st.dictionaries(
        st.sampled_from(["question", "history", "mode", "messages", "stream", "x"]),
        JSON_VALUES,
        max_size=5,
    )
)
def test_request_parsers_accept_or_refuse_with_a_reason(body: dict):
    for model in (AskRequest, ChatRequest):
        try:
            model.model_validate(body)
        except ValidationError as refused:
            assert refused.errors()


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deeply_nested_html_is_read_without_recursion(depth: int):
    html = ("<div><span>" * depth + "Nội dung sâu" + "</span></div>" * depth).encode()
    loaded = load_file(Path("sau.html"), html, max_pdf_pages=10)
    assert "Nội dung sâu" in " ".join(s.text for s in loaded.sections)


# Questions with no word at all: what a staff member types by accident ("?", an emoji).
# Python's \w covers letters, digits and "_"; punctuation, symbols, spaces, controls,
# format characters and lone combining marks are none of them.
WORDLESS = st.text(
    alphabet=st.characters(
        categories=["P", "S", "Z", "Cc", "Cf", "Mn", "Me"], exclude_characters="_"
    ),
    min_size=1,
    max_size=40,
)
RED_TEAM_WORDLESS = ["?", "???", "...", "!!", "-", "%", "¿", "😀", "\u0000", "?? 😀 !!", "“”"]
SEARCH = settings(max_examples=60, deadline=5000, suppress_health_check=list(HealthCheck))


def _with_examples(test):
    for question in RED_TEAM_WORDLESS:
        test = example(question=question)(test)
    return test


@SEARCH
@given(question=WORDLESS)
@_with_examples
def test_a_question_without_words_searches_without_error(corpus_index, question: str):
    for mode in (None, "lexical", "dense"):
        hits = corpus_index.search(question, k=3, mode=mode)
        assert isinstance(hits, list) and len(hits) <= 3
    assert corpus_index.search(question, k=3, mode="lexical") == []  # nothing to match


@SEARCH
@given(question=WORDLESS)
@_with_examples
def test_a_question_without_words_gets_an_answer_not_an_error(corpus_index, question: str):

    answer = assistant_for(corpus_index).ask(question, mode="extractive")
    assert answer.answer  # abstaining (with related passages) is the expected answer
    assert answer.abstained or answer.citations
