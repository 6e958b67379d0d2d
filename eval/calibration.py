"""The reader's calibration: what answering and abstaining would look like at every threshold.

Each evaluated question keeps the gate's answerability (``Answer.confidence``). Sweeping a
threshold over it gives, at each point, the share of answerable questions still answered
(answer rate), the share of unanswerable ones abstained on (abstention recall), and how many of
the answered answerable ones carry their key facts: the trade-off an operator chooses from
(``HOIDAP_ABSTAIN_MIN_CONFIDENCE``), drawn in report.html.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

POINTS = 21  # thresholds 0.00, 0.05, … 1.00


def calibration_curve(records: Sequence[dict[str, Any]], points: int = POINTS) -> list[dict]:
    """One point per threshold; a question without a confidence counts as 0 (nothing read)."""
    rows = [(float(r.get("confidence") or 0.0), bool(r["answerable"]), r) for r in records]
    answerable = [row for row in rows if row[1]]
    unanswerable = [row for row in rows if not row[1]]
    curve = []
    for step in range(points):
        threshold = round(step / (points - 1), 4)
        answered = [r for c, _, r in answerable if c >= threshold]
        facts = [r["facts_ok"] for r in answered if r.get("facts_ok") is not None]
        curve.append(
            {
                "threshold": threshold,
                "answer_rate": _share(len(answered), len(answerable)),
                "abstention_recall": _share(
                    sum(1 for c, _, _ in unanswerable if c < threshold), len(unanswerable)
                ),
                "key_facts_answered": _share(sum(map(bool, facts)), len(facts)),
            }
        )
    return curve


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def render_curve(curve: Sequence[dict[str, Any]]) -> str:
    """An inline SVG line chart (answer rate and abstention recall against the threshold) and
    the table of its points; empty when no question had a confidence."""
    if not curve:
        return ""
    width, height, pad = 520, 240, 36
    series = (
        ("answer_rate", "#4f81bd", "tỉ lệ trả lời (câu có đáp án)"),
        ("abstention_recall", "#c0504d", "tỉ lệ từ chối đúng (câu không có đáp án)"),
    )

    def x(t: float) -> float:
        return pad + t * (width - 2 * pad)

    def y(v: float) -> float:
        return height - pad - v * (height - 2 * pad)

    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="calibration">']
    parts.append(
        f'<line x1="{pad}" y1="{y(0)}" x2="{width - pad}" y2="{y(0)}" stroke="#888"/>'
        f'<line x1="{pad}" y1="{y(0)}" x2="{pad}" y2="{y(1)}" stroke="#888"/>'
        f'<text x="{width / 2 - 40}" y="{height - 6}" font-size="12">ngưỡng tin cậy</text>'
        f'<text x="4" y="{y(1) + 4}" font-size="11">1.0</text>'
        f'<text x="4" y="{y(0) + 4}" font-size="11">0.0</text>'
    )
    for i, (key, color, label) in enumerate(series):
        points = " ".join(
            f"{x(p['threshold']):.1f},{y(p[key]):.1f}" for p in curve if p[key] is not None
        )
        if points:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{pad + 8}" y="{pad - 18 + 14 * i}" font-size="12" fill="{color}">'
            f"{html.escape(label)}</text>"
        )
    parts.append("</svg>")
    cells = "".join(
        "<tr>"
        + "".join(
            f"<td>{'—' if p[k] is None else f'{p[k]:.2f}'}</td>"
            for k in ("threshold", "answer_rate", "abstention_recall", "key_facts_answered")
        )
        + "</tr>"
        for p in curve
    )
    return (
        "".join(parts)
        + "<details><summary>các điểm</summary><table><tr><th>ngưỡng</th><th>trả lời</th>"
        "<th>từ chối đúng</th><th>ý chính (câu đã trả lời)</th></tr>" + cells + "</table></details>"
    )
