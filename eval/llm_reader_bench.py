"""The local model as a reader (``assistant.llm_reader``), measured on data this team did not
write: Zalo WikiQA ``pairs.jsonl`` (question–paragraph pairs labelled by people, mostly topical
distractors). Each pair is asked as the pipeline asks it: the answer prompt with the paragraph
as its one passage (the whole paragraph, cut at ``MAX_PARAGRAPH_WORDS`` like the pipeline's
word budget), plus the yes/no line; P(yes) is read from the first token's probabilities.

Reports ROC AUC of P(yes) against the human label, the answer rate and abstention recall at a
few thresholds, and the latency of one call (the system prompt's prefix stays in llama.cpp's
cache between calls, as it does between questions in the assistant).

    .venv/bin/python -m eval.llm_reader_bench --pairs 150 --split dev
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.generators import LocalGenerator
from assistant.limits import RequestLimits
from assistant.llm_reader import answer_probability
from assistant.prompts import build_messages

ROOT = Path(__file__).resolve().parent.parent
ZALO = ROOT.parent / "shared" / "benchmarks" / "zalo_wikiqa"
MODEL = ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
# The pipeline hands the model at most passages × passage words (3 × 60) of selected sentences.
MAX_PARAGRAPH_WORDS = 180
THRESHOLDS = (0.1, 0.2, 0.3, 0.5, 0.7)


@dataclass(frozen=True)
class Pair:
    question: str
    paragraph: str
    answerable: bool


def sample_pairs(path: Path, split: str, n: int, seed: int = 14) -> list[Pair]:
    """``n`` pairs of ``split``, half answering and half not (seeded, reproducible)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("split") == split]
    random.Random(seed).shuffle(rows)
    chosen: list[Pair] = []
    for label in (True, False):
        picked = [r for r in rows if bool(r["answerable"]) is label][: n // 2]
        chosen += [Pair(r["question"], _cut(r["paragraph"]), label) for r in picked]
    return chosen


def _cut(paragraph: str) -> str:
    return " ".join(paragraph.split()[:MAX_PARAGRAPH_WORDS])


def measure(generator: LocalGenerator, pairs: list[Pair]) -> dict:
    from sklearn.metrics import roc_auc_score

    limits = RequestLimits()
    scores: list[float] = []
    labels: list[int] = []
    latencies: list[float] = []
    prompt_tokens: list[int] = []
    unread = 0
    for pair in pairs:
        messages = build_messages(pair.question, [("", "", pair.paragraph)], [], "vi", limits)
        started = time.perf_counter()
        p = answer_probability(generator, messages, "vi")
        latencies.append(time.perf_counter() - started)
        prompt_tokens.append(int(generator.last_timings.get("prompt_n", 0)))
        if p is None:
            unread += 1
            p = 0.5  # no yes/no among the likeliest tokens: no opinion
        scores.append(p)
        labels.append(int(pair.answerable))
    curve = []
    for threshold in THRESHOLDS:
        kept = [s >= threshold for s in scores]
        answerable = [k for k, y in zip(kept, labels, strict=True) if y]
        unanswerable = [k for k, y in zip(kept, labels, strict=True) if not y]
        curve.append(
            {
                "threshold": threshold,
                "answered_of_answerable": round(sum(answerable) / len(answerable), 3),
                "abstained_of_unanswerable": round(1 - sum(unanswerable) / len(unanswerable), 3),
            }
        )
    latencies.sort()
    return {
        "pairs": len(pairs),
        "answerable": sum(labels),
        "roc_auc": round(float(roc_auc_score(labels, scores)), 4),
        "no_yes_no_token": unread,
        "latency_s_p50": round(statistics.median(latencies), 3),
        "latency_s_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
        "prompt_tokens_read_p50": statistics.median(prompt_tokens),
        "curve": curve,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=150)
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--zalo", type=Path, default=ZALO)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    generator = LocalGenerator(args.model, args.threads, timeout_s=120)
    pairs = sample_pairs(args.zalo / "pairs.jsonl", args.split, args.pairs)
    answer_probability(generator, build_messages("?", [], [], "vi", RequestLimits()), "vi")  # warm
    print(json.dumps({"split": args.split, **measure(generator, pairs)}, indent=2))


if __name__ == "__main__":
    main()
