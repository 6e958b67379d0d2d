"""Sentence vectors are embedded once, at ingest, and kept in each chunk's metadata: reading a
question's passages then costs the question's embedding only, and a document removed or
rewritten takes its vectors with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.chunk_format import SPANS_KEY, VECTORS_KEY, chunk_record
from index.sentence_vectors import (
    pack,
    quantisation_error,
    unpack,
)
from index.sentences import passage_spans
from tests.conftest import ingest, recorded_embeddings

TEXT = (
    "Viện Tiêu chuẩn Hoa Kỳ đã ký thỏa thuận hợp tác với Tổng cục vào năm 2019.\n\n"
    "Buổi làm việc diễn ra trong không khí cởi mở. Hai bên thống nhất kế hoạch năm tới."
)
QUESTION = "Tổng cục hợp tác với viện tiêu chuẩn của Mỹ"


def _stored_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in passage_spans(text)]


def _cosines(embedder, question: str, sentences: list[str]) -> np.ndarray:
    q = np.asarray(embedder.get_query_embedding(question))
    fresh = np.asarray(embedder.get_text_embedding_batch(sentences))
    return fresh @ q / np.linalg.norm(fresh, axis=1) / np.linalg.norm(q)


def test_stored_sentences_need_no_passage_embedding(tmp_path: Path, make_index, embedder):
    (tmp_path / "hop-tac.txt").write_text(TEXT, encoding="utf-8")
    index = make_index()
    ingest(index, tmp_path / "hop-tac.txt")
    sentences = _stored_sentences(TEXT)
    embedded = recorded_embeddings(index)

    found = index.sentence_similarity(QUESTION, sentences)

    assert embedded == []  # every sentence was stored at ingest
    assert np.allclose(found, _cosines(embedder, QUESTION, sentences), atol=0.02)  # int8
    # The paraphrase ("Mỹ" / "Hoa Kỳ") scores above the unrelated sentences.
    assert found[0] > max(found[1:]) + 0.02


def test_a_search_and_its_reading_embed_the_question_once(tmp_path: Path, make_index):
    (tmp_path / "hop-tac.txt").write_text(TEXT, encoding="utf-8")
    index = make_index()
    ingest(index, tmp_path / "hop-tac.txt")
    before = index._query_vector.cache_info().misses

    hits = index.search(QUESTION, k=2)
    index.sentence_similarity(QUESTION, _stored_sentences(hits[0].text))

    assert index._query_vector.cache_info().misses == before + 1


def test_a_removed_document_takes_its_vectors_with_it(tmp_path: Path, make_index):
    (tmp_path / "hop-tac.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "khac.txt").write_text("Tổng cục tổ chức hội nghị về đo lường.", "utf-8")
    index = make_index()
    ingest(index, tmp_path)
    sentences = _stored_sentences(TEXT)
    assert not [s for s in sentences if s not in _table_texts(index)]

    (tmp_path / "hop-tac.txt").unlink()
    assert ingest(index, tmp_path, prune=True).removed == 1

    assert not [s for s in sentences if s in _table_texts(index)]
    embedded = recorded_embeddings(index)
    assert len(index.sentence_similarity(QUESTION, sentences)) == len(sentences)
    assert len(embedded) == len(sentences)  # embedded on the spot now: nothing left stored


def _table_texts(index) -> set[str]:
    index._snapshots.ensure()
    return set(index._sentences.table().row_of)


def test_an_index_without_stored_vectors_still_answers(tmp_path: Path, make_index, embedder):
    index = make_index()
    sentences = ["Hai bên ký thỏa thuận hợp tác.", "Trời hôm nay mưa to ở Hà Nội."]
    embedded = recorded_embeddings(index)

    found = index.sentence_similarity("Ai ký thỏa thuận?", sentences)
    again = index.sentence_similarity("Ai ký thỏa thuận?", sentences)

    assert found == again and len(embedded) == 2  # embedded once, in one call, then kept
    assert np.allclose(found, _cosines(embedder, "Ai ký thỏa thuận?", sentences), atol=1e-3)
    assert found[0] > found[1]


def test_old_chunks_without_vectors_are_read_and_entries_round_trip() -> None:
    meta = {"doc_id": "a", "title": "T", "char_start": 0, "char_end": 5}
    assert unpack(chunk_record("a#0000", "Câu.", meta)) is None  # written before vectors
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2, 384))
    entries = pack(((0, 4), (5, 9)), vectors)
    assert entries[SPANS_KEY] == "0:4,5:9"
    spans, stored = unpack(chunk_record("a#0000", "Câu. Câu.", {**meta, **entries}))
    assert spans == ((0, 4), (5, 9)) and stored.shape == (2, 384) and stored.dtype == np.int8
    assert unpack({SPANS_KEY: "0:4", VECTORS_KEY: "!!"}) is None  # damaged: not trusted
    # int8 keeps a unit vector's direction within ~0.01 of cosine
    assert quantisation_error(rng.normal(size=(200, 384))) < 0.01


def test_words_are_matched_by_meaning_and_embedded_once(corpus_index, tmp_path, make_index):
    """Words and word pairs (the words-alike gate) are embedded alone, once per model: "thắc
    mắc" is "câu hỏi" in other words, not "hội thảo"; another index on the same model reuses
    them."""
    embedded = recorded_embeddings(corpus_index)
    cosines = corpus_index.phrase_similarity(["thắc mắc"], ["câu hỏi", "hội thảo"])
    assert cosines.shape == (1, 2) and cosines[0, 0] > cosines[0, 1]
    assert set(embedded) <= {"câu hỏi", "hội thảo", "thắc mắc"}
    other = make_index()
    again = recorded_embeddings(other)
    reversed_ = other.phrase_similarity(["câu hỏi"], ["thắc mắc"])
    assert again == [] and abs(float(reversed_[0, 0]) - float(cosines[0, 0])) < 1e-2
