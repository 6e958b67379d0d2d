"""Evaluation reports: report.json (everything), a self-contained report.html (metric table,
bar charts, per-question table with failure filters), and the comparison of two runs."""

from __future__ import annotations

import html
import json
import tomllib
from pathlib import Path
from typing import Any

from eval.calibration import render_curve

THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.toml"
# Metrics where lower is better; every other numeric metric is higher-is-better.
LOWER_IS_BETTER = ("false_abstention", "_ms_p50", "_ms_p95")
RATE_METRICS = (
    "key_fact_recall",
    "token_f1",
    "exact_match",
    "abstention_precision",
    "abstention_recall",
    "abstention_f1",
    "false_abstention",
    "answer_rate",
    "own_text_share",
    "answered_key_facts",
    "answered_key_facts_cited",
    "citation_recall",
    "citation_precision",
    "faithfulness",
    "passed",
    "hit@1",
    "hit@5",
    "hit@10",
    "recall@10",
    "mrr@10",
    "ndcg@10",
)


def _lower_is_better(name: str) -> bool:
    return any(name.endswith(suffix) or name == suffix for suffix in LOWER_IS_BETTER)


def write_reports(result: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / "report.json", out / "report.html"
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    html_path.write_text(render_html(result), encoding="utf-8")
    return json_path, html_path


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.5 else f"{value:.1f}"
    return html.escape(str(value))


def _bars(summary: dict[str, Any]) -> str:
    """A horizontal bar per rate metric (0..1), as inline SVG."""
    rows = [(k, summary[k]) for k in RATE_METRICS if isinstance(summary.get(k), int | float)]
    height = 22 * len(rows) + 10
    parts = [f'<svg width="620" height="{height}" role="img" aria-label="metrics">']
    for i, (name, value) in enumerate(rows):
        y = 5 + 22 * i
        color = "#c0504d" if _lower_is_better(name) else "#4f81bd"
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{html.escape(name)}</text>'
            f'<rect x="170" y="{y}" width="{max(0.0, min(1.0, value)) * 380:.1f}" height="16" '
            f'fill="{color}"/><text x="{175 + max(0.0, min(1.0, value)) * 380:.1f}" '
            f'y="{y + 13}" font-size="12">{value:.3f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _paths(summary: dict[str, Any]) -> str:
    """How the answers were produced (``AnswerPath``): in LLM mode, how often the model's own
    verified text answered and how often it fell back to quoting."""
    paths = summary.get("paths") or {}
    if not paths:
        return ""
    cells = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>" for k, v in sorted(paths.items())
    )
    return f"<h2>Đường trả lời</h2><table><tr><th>đường</th><th>số câu</th></tr>{cells}</table>"


def _judge(judge: dict[str, Any] | None) -> str:
    if not judge:
        return ""
    return (
        "<h2>Giám khảo LLM (tham khảo, tách khỏi các chỉ số trên)</h2>"
        f"<p>mô hình {html.escape(str(judge['model']))}: {_fmt(judge['correct'])} đúng trên "
        f"{judge['judged']} câu đã chấm ({judge['undecided']} không rõ).</p>"
    )


def _calibration(summary: dict[str, Any]) -> str:
    curve = summary.get("calibration") or []
    if not curve:
        return (
            "<h2>Hiệu chuẩn của cổng trả lời</h2><p>— (không câu nào có độ tin cậy của bộ đọc)</p>"
        )
    return (
        "<h2>Hiệu chuẩn của cổng trả lời</h2><p>Nếu từ chối khi độ tin cậy dưới ngưỡng: tỉ lệ "
        "câu có đáp án vẫn được trả lời, tỉ lệ câu không có đáp án bị từ chối đúng, và tỉ lệ câu "
        "đã trả lời có ý chính đúng (chỉ tính câu lần chạy này đã trả lời). Đường đứt: ngưỡng "
        "đang dùng; chấm tròn: điều lần chạy này thực sự làm.</p>"
        + render_curve(curve, summary.get("operating_point"))
    )


def _targets(rows: list[dict[str, Any]] | None) -> str:
    if not rows:
        return ""
    cells = "".join(
        f"<tr><td>{html.escape(r['metric'])}</td>"
        f"<td>{'≤' if _lower_is_better(r['metric']) else '≥'} {r['target']}</td>"
        f"<td>{_fmt(r['value'])}</td>"
        f"<td>{'—' if r['met'] is None else ('✔ đạt' if r['met'] else '✘ chưa đạt')}</td></tr>"
        for r in rows
    )
    return (
        "<h2>Mục tiêu (báo cáo, không chặn)</h2><table><tr><th>chỉ số</th><th>mục tiêu</th>"
        f"<th>đạt được</th><th></th></tr>{cells}</table>"
    )


def render_html(result: dict[str, Any]) -> str:
    summary = result["summary"]
    metric_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{_fmt(v)}</td></tr>"
        for k, v in summary.items()
        if not isinstance(v, list | dict)  # the curve and operating point: drawn below
    )
    types = sorted({r["type"] for r in result["records"]})
    rows = []
    for r in result["records"]:
        cites = "; ".join(f"[{c['n']}] {c['title']}" for c in r["citations"])
        status = "đạt" if r["passed"] else "trượt"
        rows.append(
            f'<tr class="{"pass" if r["passed"] else "fail"}" data-type="{html.escape(r["type"])}">'
            f"<td>{html.escape(r['id'])}</td><td>{html.escape(r['type'])}</td>"
            f"<td>{html.escape(r['question'])}</td><td>{html.escape(r['answer'])}</td>"
            f"<td>{html.escape(cites)}</td>"
            f"<td>{'—' if r['facts_ok'] is None else ('✔' if r['facts_ok'] else '✘')}</td>"
            f"<td>{'✔' if r['abstained'] else ''}</td><td>{status}</td>"
            f"<td>{_fmt(r.get('confidence'))}</td><td>{r['timings']['total_ms']:.0f}</td></tr>"
        )
    options = "".join(f'<option value="{html.escape(t)}">{html.escape(t)}</option>' for t in types)
    split = f" ({result['split']})" if result.get("split") else ""
    title = f"hoidap eval — {result['dataset']}{split} — {result['mode']}"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 4px 6px;
vertical-align: top; font-size: 13px; }}
tr.fail td:nth-child(8) {{ color: #c0504d; font-weight: bold; }}
#questions td:nth-child(4) {{ max-width: 40em; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(result.get("created_at", ""))} · mô hình: {html.escape(result.get("model") or "—")}
 · {summary["questions"]} câu hỏi</p>
<h2>Chỉ số</h2><table>{metric_rows}</table>
{_paths(summary)}
{_targets(result.get("targets"))}
{_judge(result.get("judge"))}
<h2>Biểu đồ</h2>{_bars(summary)}
{_calibration(summary)}
<h2>Từng câu hỏi</h2>
<label><input type="checkbox" id="only-failed"> chỉ hiện câu trượt</label>
<label> loại: <select id="type"><option value="">tất cả</option>{options}</select></label>
<table id="questions"><thead><tr><th>id</th><th>loại</th><th>câu hỏi</th><th>trả lời</th>
<th>trích dẫn</th><th>ý chính</th><th>từ chối</th><th>kết quả</th><th>tin cậy</th><th>ms</th>
</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<script>
function filter() {{
  const failed = document.getElementById('only-failed').checked;
  const type = document.getElementById('type').value;
  for (const row of document.querySelectorAll('#questions tbody tr')) {{
    row.hidden = (failed && row.classList.contains('pass')) || (type && row.dataset.type !== type);
  }}
}}
document.getElementById('only-failed').addEventListener('change', filter);
document.getElementById('type').addEventListener('change', filter);
</script></body></html>
"""


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Metric deltas (new − old) and the questions that passed before and fail now."""
    deltas = {}
    for name, value in new["summary"].items():
        before = old["summary"].get(name)
        if isinstance(value, int | float) and isinstance(before, int | float):
            delta = value - before
            worse = delta > 0 if _lower_is_better(name) else delta < 0
            deltas[name] = {"old": before, "new": value, "delta": round(delta, 4), "worse": worse}
    before = {r["id"]: r for r in old["records"]}
    regressed = [
        {
            "id": r["id"],
            "question": r["question"],
            "old": before[r["id"]]["answer"],
            "new": r["answer"],
        }
        for r in new["records"]
        if r["id"] in before and before[r["id"]]["passed"] and not r["passed"]
    ]
    fixed = [
        r["id"]
        for r in new["records"]
        if r["id"] in before and not before[r["id"]]["passed"] and r["passed"]
    ]
    return {"deltas": deltas, "regressed": regressed, "fixed": fixed}


def format_comparison(diff: dict[str, Any]) -> str:
    lines = [f"{'chỉ số':<24} {'cũ':>9} {'mới':>9} {'chênh':>9}"]
    for name, d in diff["deltas"].items():
        flag = "  ▼ kém hơn" if d["worse"] and abs(d["delta"]) > 1e-9 else ""
        lines.append(f"{name:<24} {d['old']:>9.3f} {d['new']:>9.3f} {d['delta']:>+9.3f}{flag}")
    lines.append(f"\nCâu hỏi kém đi ({len(diff['regressed'])}):")
    lines += [f"  {r['id']}: {r['question']}" for r in diff["regressed"]]
    lines.append(f"Câu hỏi tốt lên ({len(diff['fixed'])}): {', '.join(diff['fixed'])}")
    return "\n".join(lines)


def load_thresholds(path: Path = THRESHOLDS_PATH) -> dict[str, dict[str, Any]]:
    """``[dataset.mode]`` tables of metric floors (or ceilings for lower-is-better metrics);
    the ``targets`` table is apart (``load_targets``)."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_targets(path: Path = THRESHOLDS_PATH) -> dict[str, dict[str, dict[str, float]]]:
    """``[targets.<dataset>.<mode>]``: the figures an issue aims at, reported (met or not) but
    never failing a run; ``<dataset>`` may carry its split (``zalo-test``)."""
    return load_thresholds(path).get("targets", {})


def target_status(summary: dict[str, Any], targets: dict[str, float]) -> list[dict[str, Any]]:
    """Each target with the run's value and whether it is met (None: no value)."""
    rows = []
    for name, target in targets.items():
        value = summary.get(name)
        met = None
        if isinstance(value, int | float):
            met = value <= target if _lower_is_better(name) else value >= target
        rows.append({"metric": name, "target": target, "value": value, "met": met})
    return rows


def check_thresholds(summary: dict[str, Any], limits: dict[str, float]) -> list[str]:
    """The metrics that fall below their floor (or above their ceiling), as messages."""
    failures = []
    for name, limit in limits.items():
        value = summary.get(name)
        if value is None:
            failures.append(f"{name}: không có giá trị (ngưỡng {limit})")
        elif _lower_is_better(name) and value > limit:
            failures.append(f"{name} = {value:.3f} > ngưỡng {limit}")
        elif not _lower_is_better(name) and value < limit:
            failures.append(f"{name} = {value:.3f} < ngưỡng {limit}")
    return failures
