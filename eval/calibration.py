"""The reader's calibration: what answering and abstaining would look like at every threshold.

Each evaluated question keeps the gate's answerability (``Answer.confidence``). Sweeping a
threshold over it ("answer when confidence ≥ threshold") gives, at each point, the share of
answerable questions still answered (answer rate), the share of unanswerable ones abstained on
(abstention recall), and how many of the answered answerable ones carry their key facts: the
trade-off an operator chooses from (``HOIDAP_ABSTAIN_MIN_CONFIDENCE``), drawn in report.html.

The curve is a what-if on the confidence alone; the operating point is what the run actually
did (the pipeline may also abstain for other reasons, e.g. no sentence selected), so the two
can differ a little at the threshold in use.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from eval.pairs import roc_auc

POINTS = 21  # thresholds 0.00, 0.05, … 1.00
SERIES = (  # (key, colour, label) of the lines drawn
    ("answer_rate", "#4f81bd", "tỉ lệ trả lời (câu có đáp án)"),
    ("abstention_recall", "#c0504d", "tỉ lệ từ chối đúng (câu không có đáp án)"),
    ("key_facts_answered", "#9bbb59", "ý chính đúng (trong các câu đã trả lời)"),
)


def _answered(record: dict[str, Any], threshold: float) -> bool:
    """Would the question be answered at ``threshold``? One without a confidence (nothing was
    read: no passage retrieved, or a reader that gives none) keeps the decision it got, since
    no threshold moves it."""
    confidence = record.get("confidence")
    if confidence is None:
        return not record["abstained"]
    return float(confidence) >= threshold


def calibration_curve(records: Sequence[dict[str, Any]], points: int = POINTS) -> list[dict]:
    """One point per threshold (0 … 1 in ``points`` steps); empty when no question has a
    confidence (the curve would be flat and say nothing). ``key_facts_answered`` counts only
    questions the run did answer (an answer never written cannot be checked)."""
    if not any(r.get("confidence") is not None for r in records):
        return []
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    curve = []
    for step in range(points):
        threshold = round(step / (points - 1), 4)
        answered = [r for r in answerable if _answered(r, threshold)]
        checked = [r["facts_ok"] for r in answered if not r["abstained"]]
        curve.append(
            {
                "threshold": threshold,
                "answer_rate": _share(len(answered), len(answerable)),
                "abstention_recall": _share(
                    sum(1 for r in unanswerable if not _answered(r, threshold)), len(unanswerable)
                ),
                "key_facts_answered": _share(sum(map(bool, checked)), len(checked)),
            }
        )
    return curve


def confidence_auc(records: Sequence[dict[str, Any]]) -> float | None:
    """How well the confidence alone tells answerable questions from unanswerable ones (ROC
    AUC over the questions that have one; 0.5: chance): one figure for the whole curve."""
    known = [r for r in records if r.get("confidence") is not None]
    return roc_auc([float(r["confidence"]) for r in known], [bool(r["answerable"]) for r in known])


def operating_point(records: Sequence[dict[str, Any]], threshold: float | None) -> dict:
    """What the run did: the threshold in use (None if the reader has none to report) and the
    measured answer rate, abstention recall and key facts among answered."""
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in answerable if not r["abstained"]]
    return {
        "threshold": threshold,
        "answer_rate": _share(len(answered), len(answerable)),
        "abstention_recall": _share(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "key_facts_answered": _share(sum(bool(r["facts_ok"]) for r in answered), len(answered)),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render_curve(curve: Sequence[dict[str, Any]], operating: dict[str, Any] | None = None) -> str:
    """An inline SVG line chart (each series against the threshold; the operating point marked)
    and the table of its points; empty when there is no curve."""
    if not curve:
        return ""
    width, height, pad, legend = 560, 300, 40, 52  # the legend sits under the x axis

    def x(t: float) -> float:
        return pad + t * (width - 2 * pad)

    def y(v: float) -> float:
        return height - legend - pad - v * (height - legend - 2 * pad)

    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="calibration">']
    parts.append(
        f'<line x1="{pad}" y1="{y(0)}" x2="{width - pad}" y2="{y(0)}" stroke="#888"/>'
        f'<line x1="{pad}" y1="{y(0)}" x2="{pad}" y2="{y(1)}" stroke="#888"/>'
        f'<text x="{width / 2 - 40}" y="{y(0) + 28}" font-size="12">ngưỡng tin cậy</text>'
        f'<text x="{pad - 3}" y="{y(0) + 14}" font-size="11">0</text>'
        f'<text x="{width - pad - 3}" y="{y(0) + 14}" font-size="11">1</text>'
        f'<text x="8" y="{y(1) + 4}" font-size="11">1.0</text>'
        f'<text x="8" y="{y(0) + 4}" font-size="11">0.0</text>'
    )
    for i, (key, color, label) in enumerate(SERIES):
        line = " ".join(
            f"{x(p['threshold']):.1f},{y(p[key]):.1f}" for p in curve if p.get(key) is not None
        )
        if line:
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{pad}" y="{height - legend + 10 + 14 * i}" font-size="12" fill="{color}">'
            f"— {html.escape(label)}</text>"
        )
    if operating and operating.get("threshold") is not None:
        at = x(min(1.0, max(0.0, float(operating["threshold"]))))
        parts.append(
            f'<line x1="{at:.1f}" y1="{y(0)}" x2="{at:.1f}" y2="{y(1)}" stroke="#555" '
            f'stroke-dasharray="4 3"><title>ngưỡng đang dùng</title></line>'
        )
        for key, color, _ in SERIES:
            if operating.get(key) is not None:
                parts.append(
                    f'<circle cx="{at:.1f}" cy="{y(operating[key]):.1f}" r="4" fill="{color}">'
                    f"<title>đang dùng: {_fmt(operating[key])}</title></circle>"
                )
    parts.append("</svg>")
    keys = ("threshold", *(key for key, _, _ in SERIES))
    cells = "".join(
        "<tr>" + "".join(f"<td>{_fmt(p.get(k))}</td>" for k in keys) + "</tr>" for p in curve
    )
    if operating:
        cells += (
            "<tr><th>đang dùng</th>"
            + "".join(f"<th>{_fmt(operating.get(k))}</th>" for k in keys[1:])
            + "</tr>"
        )
    return (
        "".join(parts) + "<table><tr><th>ngưỡng</th><th>trả lời</th><th>từ chối đúng</th>"
        "<th>ý chính (câu đã trả lời)</th></tr>" + cells + "</table>"
    )
