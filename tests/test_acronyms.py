"""Definition questions find where an acronym is spelled out, however often it is used."""

from __future__ import annotations

from assistant.evidence import defined_acronym, defines


def test_the_passage_spelling_out_a_common_acronym_is_found(corpus_index):
    acronym = defined_acronym("TCĐLCL là viết tắt của gì?")
    assert acronym == "TCĐLCL"
    # Used in 22 chunks: a top-12 search for the acronym alone holds none that spell it out.
    top = corpus_index.search(acronym, k=12, mode="lexical")
    assert not any(defines(h.text, acronym) for h in top)
    found = corpus_index.passages_with(acronym, lambda text: defines(text, acronym), limit=2)
    assert len(found) == 2
    assert all(defines(h.text, acronym) for h in found)
    assert any("Tổng cục Tiêu chuẩn Đo lường Chất lượng (TCĐLCL)" in h.text for h in found)


def test_nothing_is_found_for_a_query_without_terms(corpus_index):
    assert corpus_index.passages_with("???", lambda text: True) == []
