"""The calibration curve evaluators read in report.html: what answering and abstaining would
look like at each threshold of the gate's confidence, next to what the run actually did."""

from __future__ import annotations

from eval.answer_eval import summarize
from eval.calibration import calibration_curve, operating_point, render_curve
from eval.report import load_thresholds, render_html, target_status
from eval.runner import headline, target_name, threshold_failures


def record(
    answerable: bool,
    confidence: float | None,
    facts_ok: bool | None = None,
    abstained: bool = False,
    facts_in_cited: bool | None = None,
) -> dict:
    return {
        "id": f"q{confidence}-{answerable}",
        "type": "fact",
        "question": "Câu hỏi?",
        "answer": "" if abstained else "Trả lời [1].",
        "answerable": answerable,
        "abstained": abstained,
        "confidence": confidence,
        "facts_ok": facts_ok if answerable else None,
        "facts_in_cited": facts_in_cited,
        "citations": [],
        "timings": {"retrieve_ms": 1.0, "first_token_ms": 2.0, "total_ms": 2.0},
        "passed": bool(facts_ok) if answerable else abstained,
        "model": "",
    }


RECORDS = [
    record(True, 0.9, True),
    record(True, 0.6, False),
    record(True, None, False, abstained=True),  # nothing retrieved: abstained at any threshold
    record(False, 0.7),
    record(False, 0.2, abstained=True),
]


def test_the_curve_runs_from_answering_everything_to_abstaining_on_everything() -> None:
    curve = calibration_curve(RECORDS)
    first, last = curve[0], curve[-1]
    # Threshold 0: every question with a confidence is answered; the one nothing was read
    # for stays abstained.
    assert first["threshold"] == 0.0 and first["answer_rate"] == round(2 / 3, 4)
    assert first["abstention_recall"] == 0.0
    assert last["threshold"] == 1.0 and last["answer_rate"] == 0.0
    assert last["abstention_recall"] == 1.0
    rates = [p["answer_rate"] for p in curve]
    recalls = [p["abstention_recall"] for p in curve]
    assert rates == sorted(rates, reverse=True) and recalls == sorted(recalls)
    at_half = next(p for p in curve if p["threshold"] == 0.5)
    assert at_half["answer_rate"] == round(2 / 3, 4) and at_half["abstention_recall"] == 0.5
    assert at_half["key_facts_answered"] == 0.5
    at_08 = next(p for p in curve if p["threshold"] == 0.8)
    assert at_08["answer_rate"] == round(1 / 3, 4) and at_08["key_facts_answered"] == 1.0


def test_a_question_without_confidence_keeps_its_decision_and_none_at_all_gives_no_curve() -> None:
    answered_unread = [record(True, None, True), record(False, 0.3)]
    curve = calibration_curve(answered_unread)
    assert all(p["answer_rate"] == 1.0 for p in curve)  # no threshold moves it
    assert calibration_curve([record(True, None, True), record(False, None)]) == []
    assert summarize([record(True, None, True)], "extractive")["confidence_auc"] is None
    assert calibration_curve([]) == []


def test_key_facts_count_only_answers_the_run_wrote() -> None:
    # Abstained in the run (another reason than the confidence): its answer is unknown.
    records = [record(True, 0.9, True), record(True, 0.8, False, abstained=True)]
    assert calibration_curve(records)[0]["key_facts_answered"] == 1.0
    assert calibration_curve(records)[0]["answer_rate"] == 1.0


def test_the_operating_point_is_what_the_run_did() -> None:
    point = operating_point(RECORDS, 0.45)
    assert point == {
        "threshold": 0.45,
        "answer_rate": round(2 / 3, 4),
        "abstention_recall": 0.5,
        "key_facts_answered": 0.5,
    }
    assert operating_point([], None)["answer_rate"] is None


def test_the_summary_carries_answer_rate_correctness_and_the_curve() -> None:
    records = [
        record(True, 0.9, True, facts_in_cited=True),
        record(True, 0.6, False, facts_in_cited=True),  # answer string only in the passage
        record(True, 0.1, False, abstained=True),
        record(False, 0.7),
        record(False, 0.2, abstained=True),
    ]
    summary = summarize(records, "extractive", threshold=0.5)
    assert summary["answer_rate"] == round(2 / 3, 4)
    assert summary["false_abstention"] == round(1 / 3, 4)
    assert summary["abstention_recall"] == 0.5
    assert summary["answered_key_facts"] == 0.5
    assert summary["answered_key_facts_cited"] == 1.0
    assert summary["operating_point"]["threshold"] == 0.5
    # Confidences 0.9, 0.6, 0.1 (answerable) against 0.7, 0.2: 3 of 6 pairs ordered right.
    assert summary["confidence_auc"] == 0.5
    assert len(summary["calibration"]) == 21
    assert "calibration" not in headline(
        {"dataset": "zalo", "mode": "extractive", "summary": summary, "records": records}
    )


def test_the_report_draws_the_curve_and_shows_a_dash_without_confidences() -> None:
    summary = summarize(RECORDS, "extractive", threshold=0.45)
    svg = render_curve(summary["calibration"], summary["operating_point"])
    assert svg.count("<polyline") == 3 and "<circle" in svg and "đang dùng" in svg
    page = render_html(
        {
            "dataset": "zalo",
            "split": "test",
            "mode": "extractive",
            "summary": summary,
            "records": RECORDS,
        }
    )
    assert "<svg" in page and "Hiệu chuẩn" in page and "(test)" in page
    assert "<td>0.90</td>" in page  # the per-question confidence
    unread = [record(True, None, True)]
    page = render_html(
        {
            "dataset": "golden",
            "mode": "extractive",
            "summary": summarize(unread, "extractive"),
            "records": unread,
        }
    )
    assert "không câu nào có độ tin cậy" in page and "<td>—</td>" in page


def test_targets_are_reported_and_never_fail_a_run() -> None:
    # Below the target (0.88) but above the floor (eval/thresholds.toml): not a failure.
    floor = load_thresholds()["golden"]["extractive"]["key_fact_recall"]
    between = (floor + 0.88) / 2
    summary = {"mode": "extractive", "key_fact_recall": between, "false_abstention": 0.04}
    rows = target_status(
        summary, {"key_fact_recall": 0.88, "false_abstention": 0.05, "abstention_recall": 0.9}
    )
    assert [r["met"] for r in rows] == [False, True, None]
    assert target_name("zalo", "test") == "zalo-test" and target_name("golden", None) == "golden"
    run = {"dataset": "golden", "mode": "extractive", "summary": summary, "records": []}
    assert not any(f.startswith("key_fact_recall") for f in threshold_failures(run))


def test_an_llm_run_reports_how_often_the_models_own_text_answered() -> None:
    def answered(path: str, abstained: bool = False) -> dict:
        return {**record(True, 0.9, True, abstained=abstained), "path": path}

    records = [
        answered("generated"),
        answered("generated"),
        answered("generated"),
        answered("fell_back_unsupported"),
        answered("abstained", abstained=True),  # not answered: not counted either way
    ]
    summary = summarize(records, "llm")
    assert summary["own_text_share"] == 0.75
    assert summary["paths"] == {"generated": 3, "fell_back_unsupported": 1, "abstained": 1}
    page = render_html({"dataset": "golden", "mode": "llm", "summary": summary, "records": records})
    assert "Đường trả lời" in page and "<td>fell_back_unsupported</td><td>1</td>" in page
    assert summarize(records, "extractive")["own_text_share"] is None
