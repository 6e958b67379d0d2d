"""Vietnamese questions find their passage — with or without diacritics."""

import pytest

QUESTIONS = [
    (
        "Có bao nhiêu trường đại học xây dựng chương trình đào tạo về năng suất?",
        "tdc-2024-dinh-huong",
        "15 trường đại học",
    ),
    (
        "Tổng cục đã tham gia đàm phán điều khoản TBT của bao nhiêu FTA?",
        "htqt-2015-2020-nang-luc-hoi-nhap",
        "13 FTA",
    ),
    ("STAMEQ có tầm nhìn gì đến năm 2030?", "tcdlcl-2023-phong-van-stameq-2030", "STAMEQ"),
]


@pytest.mark.parametrize(("question", "doc_id", "fact"), QUESTIONS)
def test_the_passage_with_the_fact_is_found(corpus_index, question, doc_id, fact):
    hits = corpus_index.search(question, k=3)
    assert hits[0].doc_id == doc_id
    assert any(fact in h.text for h in hits if h.doc_id == doc_id)


@pytest.mark.parametrize(("question", "doc_id", "fact"), QUESTIONS)
def test_a_question_typed_without_diacritics_finds_the_same_passage(
    corpus_index, question, doc_id, fact
):
    from index import strip_diacritics

    hits = corpus_index.search(strip_diacritics(question), k=3)
    assert hits[0].doc_id == doc_id
    assert any(fact in h.text for h in hits if h.doc_id == doc_id)


def test_old_style_tone_marks_match_new_style(corpus_index):
    old = corpus_index.search("chiến lược tiêu chuẩn hoá quốc gia", k=5)
    new = corpus_index.search("chiến lược tiêu chuẩn hóa quốc gia", k=5)
    assert [h.chunk_id for h in old] == [h.chunk_id for h in new]


def test_each_mode_returns_ranked_hits_with_metadata(corpus_index):
    for mode in ("dense", "lexical", None):
        hits = corpus_index.search("hợp tác quốc tế APO ACCSQ", k=4, mode=mode)
        assert [h.rank for h in hits] == [1, 2, 3, 4]
        assert all(h.title and h.chunk_id.startswith(h.doc_id) for h in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_empty_query_returns_nothing(corpus_index):
    assert corpus_index.search("   ") == []


def test_a_hit_reads_on_into_the_next_chunks_of_its_document(corpus_index):
    hit = corpus_index.search("ba hoạt động hợp tác quốc tế nổi bật năm 2023", k=1)[0]
    longer = corpus_index.with_following(hit, 2)
    assert longer.chunk_id == hit.chunk_id and longer.char_start == hit.char_start
    assert longer.text.startswith(hit.text) and longer.char_end > hit.char_end
    assert "Thứ nhất" in longer.text and "Thứ nhất" not in hit.text
    # Read on exactly as the document reads: no whitespace added where chunks overlap.
    assert longer.text in corpus_index.document_text(hit.doc_id)


def test_questions_searched_at_once_get_the_same_passages_as_alone(corpus_index):
    """`serve` answers in parallel threads: simultaneous searches must not mix each other up."""
    import threading

    questions = [q for q, _, _ in QUESTIONS] * 3
    alone = [[h.chunk_id for h in corpus_index.search(q)] for q in questions]
    together: list[list[str] | None] = [None] * len(questions)
    start = threading.Barrier(len(questions))

    def ask(i: int) -> None:
        start.wait()
        together[i] = [h.chunk_id for h in corpus_index.search(questions[i])]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone


def test_chunk_ids_are_built_and_read_in_one_format():
    from index import Chunk, ChunkId

    assert str(ChunkId("bao-cao", 3)) == "bao-cao#0003"
    assert Chunk("bao-cao", 12, "…", 0, 1).chunk_id == "bao-cao#0012"
    assert ChunkId.parse("bao-cao#0003") == ChunkId("bao-cao", 3)
    assert ChunkId.parse("so#2#0010") == ChunkId("so#2", 10)  # the number follows the last #
    assert ChunkId.parse("lon#12345") == ChunkId("lon", 12345)
    for not_an_id in ("bao-cao", "bao-cao#3", "bao-cao#00003", "#0003", "a#00x1", "a#0003 "):
        assert ChunkId.parse(not_an_id) is None, not_an_id
    assert ChunkId("a", 3).following(2) == ChunkId("a", 5)


def test_each_fusion_mode_fuses_hand_made_rankings_and_unknown_modes_are_refused():
    from dataclasses import replace

    from index import FusionMode, SearchConfig
    from index.fusion import fuse

    dense = [("a", 0.9), ("b", 0.7), ("d", 0.1)]
    lexical = [("b", 10.0), ("c", 5.0), ("e", 1.0)]
    assert fuse(dense, lexical, FusionMode.DENSE, 0.3) == dense
    assert fuse(dense, lexical, "lexical", 0.3) == lexical
    # Found by both, "b" leads an even fusion; dense's best, then lexical's, follow.
    for mode in (FusionMode.RRF, FusionMode.WEIGHTED, FusionMode.ZSCORE):
        assert [cid for cid, _ in fuse(dense, lexical, mode, 0.5)][:3] == ["b", "a", "c"], mode
    # A tiny lexical share: the dense order decides.
    assert [cid for cid, _ in fuse(dense, lexical, "zscore", 0.01)][:2] == ["a", "b"]
    with pytest.raises(ValueError, match="unknown fusion mode: bm42"):
        fuse(dense, lexical, "bm42", 0.3)
    config = SearchConfig(5, "rrf", 10, 10, 0.3)  # a settings string is taken, and checked
    assert config.fusion is FusionMode.RRF
    with pytest.raises(ValueError, match="unknown fusion mode"):
        replace(config, fusion="bm42")


def test_the_benchmarks_inspection_sees_every_stored_chunk(corpus_index):
    inspection = corpus_index.inspection()
    ids, vectors = inspection.export_vectors()
    assert len(ids) == len(vectors) == corpus_index.count_chunks()
    assert len({len(v) for v in vectors}) == 1
    texts = inspection.embedding_texts()
    assert len(texts) == len(ids)
    assert inspection.hnsw_config()["ef_search"] > 0
    # Benchmark-only reads are not on the index the product uses.
    assert not hasattr(corpus_index, "export_vectors")
