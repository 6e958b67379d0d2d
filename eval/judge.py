"""Optional LLM-as-judge, when an OpenAI-compatible endpoint is configured
(`HOIDAP_JUDGE_URL`, `HOIDAP_JUDGE_MODEL`, `HOIDAP_JUDGE_API_KEY`). Its verdicts are reported
apart (`report["judge"]`), never mixed into the deterministic metrics."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from assistant import GeneratorError, OpenAIGenerator

PROMPT = (
    "Bạn chấm câu trả lời của một trợ lý hỏi đáp.\n"
    "Câu hỏi: {question}\nĐáp án tham chiếu: {reference}\nCâu trả lời cần chấm: {answer}\n"
    "Câu trả lời có nêu đúng ý của đáp án tham chiếu, không thêm thông tin sai không? "
    "Chỉ viết một từ: ĐÚNG hoặc SAI."
)


@dataclass(frozen=True)
class JudgeEndpoint:
    """Where the judge answers: an OpenAI-compatible chat endpoint and its model."""

    url: str
    model: str
    api_key: str | None
    timeout_s: float


def judge_records(
    records: list[dict[str, Any]], references: dict[str, str], judge: JudgeEndpoint
) -> dict[str, Any]:
    """Asks the judge about every answered, answerable question with a reference answer."""
    generator = OpenAIGenerator(judge.url, judge.model, judge.api_key, judge.timeout_s)
    verdicts: dict[str, bool | None] = {}
    judged = [
        r for r in records if r["answerable"] and not r["abstained"] and r["id"] in references
    ]
    for record in tqdm(judged, desc="giám khảo LLM", unit="câu", file=sys.stderr):
        prompt = PROMPT.format(
            question=record["question"], reference=references[record["id"]], answer=record["answer"]
        )
        try:
            reply = "".join(generator.stream([{"role": "user", "content": prompt}], 8))
        except GeneratorError:
            verdicts[record["id"]] = None
            continue
        word = reply.strip().upper()
        verdicts[record["id"]] = (
            True if word.startswith("ĐÚNG") else False if "SAI" in word else None
        )
    decided = [v for v in verdicts.values() if v is not None]
    return {
        "model": judge.model,
        "judged": len(judged),
        "undecided": len(verdicts) - len(decided),
        "correct": sum(decided) / len(decided) if decided else None,
        "verdicts": verdicts,
    }
