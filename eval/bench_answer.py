"""`hoidap bench answer`: answer latency per mode over the product corpus, with the local
model's prompt size, cache use, generation speed and how many prompt-lookup draft tokens it
accepted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.bench_common import latency_stats, run_hoidap
from eval.metrics import percentile
from eval.stack import Stack

ANSWER_QUESTIONS = 20  # the local model takes seconds an answer: p50/p95 in minutes


def bench_answer(
    stack: Stack, corpus: Path, questions: list[str], work: Path, modes: tuple[str, ...]
) -> dict[str, Any]:
    """Answers over the product corpus, ingested into a data dir of the bench's own."""
    data_dir = work / "answer"
    run_hoidap(["ingest", str(corpus), "--no-progress"], data_dir, {})
    assistant = stack.assistant(stack.open_index(data_dir))
    result: dict[str, Any] = {}
    for mode in modes:
        first, total, prompt_tokens, cached, rates = [], [], [], [], []
        drafted = accepted = 0
        abstained = 0
        for question in tqdm(questions, desc=f"trả lời {mode}", file=sys.stderr):
            answer = assistant.ask(question, mode=mode)
            first.append(answer.timings.first_token_ms)
            total.append(answer.timings.total_ms)
            abstained += answer.abstained
            generated = mode == "llm" and answer.timings.generate_ms
            timings = getattr(assistant.generator, "last_timings", {}) if generated else {}
            if timings:
                prompt_tokens.append(timings.get("prompt_n", 0) + timings.get("cache_n", 0))
                cached.append(timings.get("cache_n", 0))
                rates.append(timings.get("predicted_per_second", 0.0))
                drafted += int(timings.get("draft_n", 0))
                accepted += int(timings.get("draft_n_accepted", 0))
        result[mode] = {
            "questions": len(questions),
            "abstained": abstained,
            "generated": len(rates) if mode == "llm" else None,
            "first_token": latency_stats(first),
            "total": latency_stats(total),
            "prompt_tokens_p50": percentile(prompt_tokens, 50) if prompt_tokens else None,
            "cached_prompt_tokens_p50": percentile(cached, 50) if cached else None,
            "tokens_per_s_p50": round(percentile(rates, 50), 1) if rates else None,
            "draft_tokens_accepted": round(accepted / drafted, 3) if drafted else None,
        }
    return result
