"""The calibration curve evaluators read in report.html: what answering and abstaining would
look like at each threshold of the gate's confidence."""

from __future__ import annotations

from eval.calibration import calibration_curve, render_curve
from eval.report import render_html


def record(answerable: bool, confidence: float | None, facts_ok: bool | None = None) -> dict:
    return {"answerable": answerable, "confidence": confidence, "facts_ok": facts_ok}


RECORDS = [
    record(True, 0.9, True),
    record(True, 0.6, False),
    record(True, None),  # nothing was read: counts as 0
    record(False, 0.7),
    record(False, 0.2),
]


def test_the_curve_runs_from_answering_everything_to_abstaining_on_everything() -> None:
    curve = calibration_curve(RECORDS)
    first, last = curve[0], curve[-1]
    assert first["threshold"] == 0.0 and first["answer_rate"] == 1.0
    assert first["abstention_recall"] == 0.0
    assert last["threshold"] == 1.0 and last["answer_rate"] == 0.0
    assert last["abstention_recall"] == 1.0
    rates = [p["answer_rate"] for p in curve]
    recalls = [p["abstention_recall"] for p in curve]
    assert rates == sorted(rates, reverse=True) and recalls == sorted(recalls)
    at_half = next(p for p in curve if p["threshold"] == 0.5)
    assert at_half["answer_rate"] == round(2 / 3, 4) and at_half["abstention_recall"] == 0.5
    assert at_half["key_facts_answered"] == 0.5


def test_the_report_draws_it_and_survives_a_run_without_confidences() -> None:
    assert "<svg" in render_curve(calibration_curve(RECORDS))
    result = {
        "dataset": "golden",
        "mode": "extractive",
        "summary": {"questions": 1},
        "records": [],
        "calibration": calibration_curve([record(True, None)]),
    }
    page = render_html(result)
    assert "<html" in page
