"""The `hoidap bench` reports: the result as JSON, a Markdown summary, and an HTML page with
the search latency-vs-size chart (SVG, drawn here: no plotting dependency)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench_search import HNSW_SHAPE


def _chart(levels: list[dict[str, Any]]) -> str:
    """Latency (p50, p95) of hybrid search and brute force vs index size, log-x, as SVG."""
    if not levels:
        return ""
    width, height, pad = 560, 300, 50
    sizes = [lv["chunks"] for lv in levels]
    series = {
        "hybrid p95": [lv["hybrid"]["p95_ms"] for lv in levels],
        "hybrid p50": [lv["hybrid"]["p50_ms"] for lv in levels],
        "brute force p95": [lv["brute_force"]["p95_ms"] for lv in levels],
    }
    top = max(max(v) for v in series.values()) * 1.1 or 1
    lo, hi = np.log10(min(sizes)), np.log10(max(sizes)) if len(sizes) > 1 else 1
    span = (hi - lo) or 1

    def x(size: int) -> float:
        return pad + (np.log10(size) - lo) / span * (width - 2 * pad)

    def y(ms: float) -> float:
        return height - pad - ms / top * (height - 2 * pad)

    colors = {"hybrid p95": "#c0504d", "hybrid p50": "#4f81bd", "brute force p95": "#9bbb59"}
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="black"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>'
    )
    for size in sizes:
        parts.append(
            f'<text x="{x(size):.0f}" y="{height - pad + 18}" font-size="11" '
            f'text-anchor="middle">{size:,}</text>'
        )
    parts.append(f'<text x="5" y="{pad - 10}" font-size="11">ms (max {top:.0f})</text>')
    for i, (name, values) in enumerate(series.items()):
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(sizes, values, strict=True))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colors[name]}" stroke-width="2"/>'
            f'<text x="{width - pad - 120}" y="{pad + 14 * i}" font-size="11" '
            f'fill="{colors[name]}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def summary_markdown(result: dict[str, Any]) -> str:
    """The Markdown summary `hoidap bench` prints: one section per bench that ran."""
    lines = ["# hoidap bench", "", f"{result['machine']} · {result['created_at']}", ""]
    if "ingest" in result:
        i = result["ingest"]
        lines += [
            "## Ingest (Zalo WikiQA)",
            f"- {i['chunks']} chunks, {i['megabytes']} MB: pipeline {i['pipeline_chunks_per_s']} "
            f"chunks/s ({i['pipeline_mb_per_s']} MB/s); embedder alone "
            f"{i['embedder_chunks_per_s']} chunks/s → overhead {i['pipeline_overhead']:.1%}",
            f"- unchanged re-ingest: {i['reingest_seconds']} s, "
            f"{i['reingest_chunks_written']} chunks written",
            "",
        ]
    if "search" in result:
        search = result["search"]
        lines += [
            "## Search at scale",
            f"Copies' vectors: noise σ {search['copy_noise_sigma']} → cosine to their source "
            f"{search['copy_cosine_to_source']} (real chunks to their nearest neighbour: "
            f"{search['real_nearest_neighbour_cosine']}).",
            "",
            "| chunks | HNSW M / ef_construction / ef_search | hybrid p50 / p95 ms | dense p95 ms "
            "| brute force p50 / p95 ms | hybrid ÷ brute (p95) "
            "| recall@10 vs brute (ids / source chunks) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for lv in search["levels"]:
            shape = " / ".join(str((lv.get("hnsw") or {}).get(key)) for key in HNSW_SHAPE)
            lines.append(
                f"| {lv['chunks']:,} | {shape} | {lv['hybrid']['p50_ms']} / "
                f"{lv['hybrid']['p95_ms']} | {lv['dense']['p95_ms']} | "
                f"{lv['brute_force']['p50_ms']} / {lv['brute_force']['p95_ms']} | "
                f"{lv['hybrid_vs_brute_p95']} | "
                f"{lv['recall_at_10_vs_brute']} / {lv['recall_at_10_vs_brute_by_source_chunk']} |"
            )
        lines.append("")
    if "answer" in result:
        lines += ["## Answers", "| mode | first token p50 / p95 ms | total p50 / p95 ms | "
                  "prompt tokens p50 | tokens/s | draft tokens accepted |",
                  "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for mode, a in result["answer"].items():
            lines.append(
                f"| {mode} ({a['abstained']} of {a['questions']} abstained) | "
                f"{a['first_token']['p50_ms']} / {a['first_token']['p95_ms']} | "
                f"{a['total']['p50_ms']} / {a['total']['p95_ms']} | {a['prompt_tokens_p50']} | "
                f"{a['tokens_per_s_p50']} | {a.get('draft_tokens_accepted')} |"
            )
        lines.append("")
    if "load" in result:
        lines += ["## Load (REST /api/ask, extractive)"]
        for name, entry in result["load"].items():
            lines += [f"### {name} (peak RSS {entry['rss_peak_mb']} MB)",
                      "| clients | requests | errors | req/s | p50 ms | p95 ms | p95 ÷ 1 client |",
                      "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
            for lv in entry["levels"]:
                lines.append(
                    f"| {lv['clients']} | {lv['requests']} | {lv['errors']} | "
                    f"{lv['throughput_rps']} | {lv['p50_ms']} | {lv['p95_ms']} | "
                    f"{lv['p95_vs_single']} |"
                )
            if "memory" in entry:
                mem = entry["memory"]
                lines.append(f"\nMemory: {json.dumps(mem)}")
            lines.append("")
    return "\n".join(lines)


def write_outputs(result: dict[str, Any], out: Path) -> list[Path]:
    """bench.json, bench.md, bench.html and search-latency.svg in ``out``; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    markdown = summary_markdown(result)
    chart = _chart(result.get("search", {}).get("levels", []))
    paths = [out / "bench.json", out / "bench.md", out / "bench.html", out / "search-latency.svg"]
    paths[0].write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    paths[1].write_text(markdown + ("\n![latency vs size](search-latency.svg)\n" if chart else ""))
    paths[2].write_text(
        "<!doctype html><meta charset='utf-8'><title>hoidap bench</title>"
        f"<pre>{html.escape(markdown)}</pre>{chart}",
        encoding="utf-8",
    )
    paths[3].write_text(chart or "<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    return paths
