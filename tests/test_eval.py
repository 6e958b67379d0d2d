"""The evaluation suite: metric functions against hand-computed cases, and a small run that
writes both reports and compares two runs."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from eval import metrics as m
from eval.report import check_thresholds, compare
from tests.helpers import ScriptedEndpoint


def test_retrieval_scores_by_hand():
    # Two gold quotes; the first is held by ranks 2 and 4, the second by none.
    scores = m.retrieval_scores([[2, 4], []], k=10)
    assert scores["hit"] == 1.0 and scores["recall"] == 0.5 and scores["rr"] == 0.5
    ideal = 1 + 1 / math.log2(3)  # two gold items: ranks 1 and 2
    assert scores["ndcg"] == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert m.retrieval_scores([[7]], k=5) == {"hit": 0.0, "recall": 0.0, "rr": 0.0, "ndcg": 0.0}
    assert m.retrieval_scores([], k=10)["hit"] == 0.0  # no gold evidence, no hits


def test_evidence_is_found_by_quote_even_across_chunk_edges():
    passages = [("a", "Một đoạn khác."), ("b", "Có 15 trường đại học tham gia."), ("b", "x")]
    assert m.evidence_ranks(passages, [("b", "15 trường Đại học")]) == [[2]]
    # 3 of 4 quote tokens present (a quote cut by a chunk boundary) still counts.
    assert m.holds_evidence("có 15 trường đại", "15 trường đại học") is True
    assert m.evidence_ranks(passages, [("a", "15 trường đại học")]) == [[]]


def test_token_f1_and_exact_match_by_hand():
    assert m.token_f1("năm 2020", "năm 2020") == 1.0
    # prediction 3 tokens, reference 2, 1 shared: P=1/3, R=1/2, F1=0.4
    assert m.token_f1("vào năm 1999", "năm 2020") == pytest.approx(0.4)
    assert m.token_f1("", "năm 2020") == 0.0 and m.token_f1("", "") == 1.0
    assert m.exact_match("Năm  2020.", "năm 2020") == 1.0
    assert m.best_over(["A", "năm 2020"], "năm 2020", m.token_f1) == 1.0


def test_citation_precision_and_recall_by_hand():
    passages = {1: "Có 15 trường đại học tham gia đào tạo năng suất.", 2: "APO ra đời năm 1961."}
    answer = "Có 15 trường đại học tham gia [1][1]. APO ra đời năm 1961 [1, 2]. Trời đẹp [3]."
    scores = m.citation_scores(answer, passages)
    assert scores["sentences"] == 3
    assert scores["supported_sentences"] == 2  # the third cites a missing passage
    # [1] once for sentence 1 (duplicate marker counted once); for sentence 2, [2] is needed,
    # [1] is not; [3] points to nothing.
    assert scores["citations"] == 4 and scores["precise_citations"] == 2
    assert scores["faithful_sentences"] == 2
    empty = m.citation_scores("", passages)
    assert empty["sentences"] == 0 and empty["citations"] == 0


def test_a_year_the_question_states_counts_as_given_in_the_citation_check():
    passages = {1: "Nghiên cứu lựa chọn các sản phẩm OCOP để đề xuất xây dựng TCVN."}
    answer = "Năm 2024, Tổng cục nghiên cứu lựa chọn các sản phẩm OCOP [1]."
    assert m.citation_scores(answer, passages)["supported_sentences"] == 0
    asked = "Năm 2024 Tổng cục nghiên cứu sản phẩm nào?"
    scores = m.citation_scores(answer, passages, asked)
    assert scores["supported_sentences"] == 1 and scores["faithful_sentences"] == 1
    assert (
        m.citation_scores("Năm 2025, có 9 sản phẩm [1].", passages, asked)["supported_sentences"]
        == 0
    )


def test_abstention_scores_by_hand():
    # (answerable, abstained): 2 right abstentions, 1 missed, 1 false abstention of 3 answerable.
    pairs = [
        (False, True),
        (False, True),
        (False, False),
        (True, True),
        (True, False),
        (True, False),
    ]
    scores = m.abstention_scores(pairs)
    assert scores["abstention_precision"] == pytest.approx(2 / 3)
    assert scores["abstention_recall"] == pytest.approx(2 / 3)
    assert scores["abstention_f1"] == pytest.approx(2 / 3)
    assert scores["false_abstention"] == pytest.approx(1 / 3)
    assert m.abstention_scores([])["abstention_recall"] is None


def test_thresholds_and_comparison():
    assert check_thresholds(
        {"key_fact_recall": 0.7, "false_abstention": 0.1},
        {"key_fact_recall": 0.75, "false_abstention": 0.05},
    ) == ["key_fact_recall = 0.700 < ngưỡng 0.75", "false_abstention = 0.100 > ngưỡng 0.05"]
    old = {
        "summary": {"passed": 0.8, "total_ms_p50": 30.0},
        "records": [{"id": "q1", "question": "?", "answer": "a", "passed": True}],
    }
    new = {
        "summary": {"passed": 0.7, "total_ms_p50": 20.0},
        "records": [{"id": "q1", "question": "?", "answer": "b", "passed": False}],
    }
    diff = compare(old, new)
    assert diff["deltas"]["passed"]["worse"] and not diff["deltas"]["total_ms_p50"]["worse"]
    assert [r["id"] for r in diff["regressed"]] == ["q1"]


def test_the_printed_headline_and_the_threshold_check_of_a_run():
    from eval.runner import headline, threshold_failures

    summary = {"mode": "extractive", "key_fact_recall": 0.5, "false_abstention": 0.0}
    judge = {"model": "giam-khao", "judged": 2, "undecided": 0, "correct": 1.0,
             "verdicts": {"q1": True, "q2": True}}  # fmt: skip
    run = {"dataset": "golden", "mode": "extractive", "summary": summary, "records": []}
    assert headline(run) == summary  # no judge configured: no "judge" key at all
    printed = headline({**run, "judge": judge})
    assert printed["judge"] == {"model": "giam-khao", "judged": 2, "undecided": 0, "correct": 1.0}
    failures = threshold_failures(run)  # golden/extractive floors from eval/thresholds.toml
    assert any(f.startswith("key_fact_recall = 0.500 < ngưỡng ") for f in failures)
    assert any(f.startswith("hit@5: không có giá trị") for f in failures)
    assert threshold_failures({**run, "dataset": "ban-rieng"}) == []  # no floors filed


def _hoidap_eval(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoidap", "eval", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_a_small_eval_run_writes_both_reports(cli_data_dir, tmp_path):
    out = tmp_path / "run"
    judge = ScriptedEndpoint("ĐÚNG")  # a real OpenAI-compatible endpoint on loopback
    result = _hoidap_eval(
        "--mode", "extractive", "--limit", "6", "--data-dir", str(cli_data_dir),
        "--out", str(out), HOIDAP_JUDGE_URL=judge.url, HOIDAP_JUDGE_MODEL="giam-khao",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["judge"]["model"] == "giam-khao" and report["judge"]["correct"] == 1.0
    assert not any("judge" in key for key in report["summary"])  # reported apart
    assert len(report["records"]) == 6 and report["summary"]["questions"] == 6
    for key in ("key_fact_recall", "mrr@10", "ndcg@10", "citation_precision", "citation_recall",
                "abstention_recall", "faithfulness", "token_f1", "total_ms_p95"):  # fmt: skip
        assert key in report["summary"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "only-failed" in page and report["records"][0]["question"] in page
    compared = _hoidap_eval("--compare", str(out / "report.json"), str(out / "report.json"))
    assert compared.returncode == 0 and "Câu hỏi kém đi (0)" in compared.stdout


def test_the_golden_set_stays_above_its_thresholds(cli_data_dir):
    """The regression gate `make test` runs: retrieval metrics and extractive answers on the
    whole golden set against the floors in eval/thresholds.toml."""
    result = _hoidap_eval("--mode", "extractive", "--check", "--data-dir", str(cli_data_dir))
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    "script",
    [
        "eval/datasets/check_golden.py",
        "eval/datasets/heldout_legal/check.py",
        "eval/datasets/heldout_web/check.py",
    ],
)
def test_every_evaluation_set_matches_its_documents(script: str) -> None:
    # Every quote and key fact is in its document, every unanswerable item stays unanswered.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run(
        [sys.executable, script], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
