"""Sentence vectors are embedded once, at ingest, and kept beside the index: reading a
question's passages then costs the question's embedding only."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.sentences import sentences
from tests.conftest import ingest

TEXT = (
    "Viện Tiêu chuẩn Hoa Kỳ đã ký thỏa thuận hợp tác với Tổng cục vào năm 2019.\n\n"
    "Buổi làm việc diễn ra trong không khí cởi mở. Hai bên thống nhất kế hoạch năm tới."
)


def test_sentences_are_embedded_at_ingest_and_not_again(tmp_path: Path, make_index, embedder):
    source = tmp_path / "hop-tac.txt"
    source.write_text(TEXT, encoding="utf-8")
    index = make_index()
    ingest(index, source)
    stored = sentences(TEXT.replace("\n\n", "\n"))
    embedded: list[str] = []
    real = index.embed_passages
    index.embed_passages = lambda texts: embedded.extend(texts) or real(texts)  # type: ignore[method-assign]

    found = index.sentence_similarity("Tổng cục hợp tác với viện tiêu chuẩn của Mỹ", stored)

    assert embedded == []  # every sentence was stored at ingest
    q = np.asarray(embedder.get_query_embedding("Tổng cục hợp tác với viện tiêu chuẩn của Mỹ"))
    fresh = np.asarray(embedder.get_text_embedding_batch(stored))
    expected = fresh @ q / np.linalg.norm(fresh, axis=1) / np.linalg.norm(q)
    assert np.allclose(found, expected, atol=0.03)  # int8 storage
    assert int(np.argmax(found)) == 0  # the paraphrase ("Mỹ" / "Hoa Kỳ") is the closest


def test_a_sentence_not_stored_is_embedded_on_the_spot(tmp_path: Path, make_index):
    index = make_index()
    found = index.sentence_similarity("Ai ký thỏa thuận?", ["Hai bên ký thỏa thuận hợp tác."])
    assert len(found) == 1 and 0.5 < found[0] <= 1.0
    reopened = make_index()  # what was embedded on the spot is kept in memory only
    assert reopened.sentence_similarity("Ai ký thỏa thuận?", ["Hai bên ký thỏa thuận hợp tác."])
