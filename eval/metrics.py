"""Metric functions. Each docstring gives the formula; all are deterministic.

Retrieval is scored against gold evidence (a document id and a quoted span), answers against
key facts and reference answers, citations in the spirit of ALCE (Gao et al., 2023) with a
lexical support test in place of an NLI model: it is independent of the engine's own check.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence

from assistant.citations import MARKER  # what the engine writes is what eval reads

_TOKEN = re.compile(r"\w+")
EVIDENCE_OVERLAP = 0.6  # share of a gold quote's tokens a passage must hold to count as it
SUPPORT_RECALL = 0.6  # share of a sentence's content tokens its passages must hold
# Function words (Vietnamese, folded-free) that carry no evidence; numbers always count.
_FUNCTION_WORDS = frozenset(
    "và là của có các những một trong cho với được đã sẽ đang tại từ đến về này đó khi thì mà "
    "như để bởi vì nếu cũng còn rất hơn nhất the a an of and in to is are was were for by".split()
)


# -- text ---------------------------------------------------------------------------------------
def normalize(text: str) -> str:
    """NFC, lower case, dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).lower().replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def content_tokens(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in _FUNCTION_WORDS}


# -- retrieval ----------------------------------------------------------------------------------
def hit_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1 if any relevant id is among the first ``k``, else 0."""
    return 1.0 if any(doc in relevant for doc in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """1 / rank of the first relevant id within the first ``k`` (0 if none): MRR@k per query."""
    for position, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            return 1.0 / position
    return 0.0


def holds_evidence(passage: str, quote: str) -> bool:
    """A passage holds a gold quote when it contains it, or ≥ 60 % of its tokens in order-free
    overlap (a quote may straddle two chunks)."""
    if normalize(quote) in normalize(passage):
        return True
    wanted = Counter(tokens(quote))
    if not wanted:
        return False
    found = Counter(tokens(passage))
    overlap = sum(min(n, found[t]) for t, n in wanted.items())
    return overlap / sum(wanted.values()) >= EVIDENCE_OVERLAP


def evidence_ranks(
    passages: Sequence[tuple[str, str]], evidence: Sequence[tuple[str, str]]
) -> list[list[int]]:
    """For each gold (doc_id, quote): the 1-based ranks of the retrieved (doc_id, text)
    passages that hold it."""
    return [
        [
            rank
            for rank, (doc_id, text) in enumerate(passages, start=1)
            if doc_id == gold_doc and holds_evidence(text, quote)
        ]
        for gold_doc, quote in evidence
    ]


def retrieval_scores(ranks: Sequence[Sequence[int]], k: int) -> dict[str, float]:
    """From ``evidence_ranks``: hit@k (some gold evidence within the first k), recall@k (share
    of the gold evidence items within the first k), RR@k (1 / first relevant rank) and nDCG@k
    (binary gains: DCG = Σ 1/log2(rank+1) over ranks holding evidence, each rank counted once;
    IDCG = the same with R relevant passages at the top, R = min(k, max(#gold items, #ranks
    holding evidence)), so nDCG ≤ 1)."""
    if not ranks:
        return {"hit": 0.0, "recall": 0.0, "rr": 0.0, "ndcg": 0.0}
    within = [[r for r in found if r <= k] for found in ranks]
    relevant_ranks = sorted({r for found in within for r in found})
    dcg = sum(1 / math.log2(r + 1) for r in relevant_ranks)
    # Relevant passages in the collection: at least one per gold item, or as many as found.
    relevant = min(k, max(len(ranks), len(relevant_ranks)))
    ideal = sum(1 / math.log2(i + 1) for i in range(1, relevant + 1))
    return {
        "hit": 1.0 if relevant_ranks else 0.0,
        "recall": sum(1 for found in within if found) / len(ranks),
        "rr": 1.0 / relevant_ranks[0] if relevant_ranks else 0.0,
        "ndcg": dcg / ideal if ideal else 0.0,
    }


# -- answers ------------------------------------------------------------------------------------
def key_facts_found(answer: str, facts: Sequence[str]) -> bool:
    """Every key fact occurs in the answer (after ``normalize``); vacuously true for none."""
    text = normalize(answer)
    return all(normalize(fact) in text for fact in facts)


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1: 2·P·R / (P + R) over the multiset of tokens; 1 if both are empty."""
    predicted, expected = Counter(tokens(prediction)), Counter(tokens(reference))
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((predicted & expected).values())
    if common == 0:
        return 0.0
    precision = common / sum(predicted.values())
    recall = common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, reference: str) -> float:
    """1 if the normalised texts are equal."""
    return float(" ".join(tokens(prediction)) == " ".join(tokens(reference)))


def best_over(references: Sequence[str], prediction: str, metric) -> float:  # type: ignore[no-untyped-def]
    """The best score against any of several references (Zalo lists several spans)."""
    return max((metric(prediction, r) for r in references), default=0.0)


# -- citations ----------------------------------------------------------------------------------
def split_cited(answer: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences with the passage numbers each cites (markers removed)."""
    parts = re.split(r"(?<=[.!?…])\s+(?=\S)", answer.strip()) if answer.strip() else []
    result = []
    for part in parts:
        numbers: list[int] = []
        for group in MARKER.findall(part):
            numbers += [int(n) for n in group.split(",") if int(n) not in numbers]
        text = " ".join(MARKER.sub("", part).split())
        if text:
            result.append((text, numbers))
    return result


def supports(sentence: str, passages: Sequence[str], given: frozenset[str] = frozenset()) -> bool:
    """≥ 60 % of the sentence's content tokens, and all of its numbers, occur in the passages.
    ``given``: numbers the question states; an answer restating them ("Năm 2024, …") is not
    unsupported for it, since the question is the premise."""
    wanted = content_tokens(sentence)
    if not wanted:
        return True
    found = set().union(*(content_tokens(p) for p in passages)) if passages else set()
    found |= given
    numbers = {t for t in wanted if t.isdigit()}
    return numbers <= found and len(wanted & found) / len(wanted) >= SUPPORT_RECALL


def citation_scores(
    answer: str, passages: dict[int, str], question: str = ""
) -> dict[str, float | int]:
    """ALCE-style, per answer: citation recall = share of sentences supported by the union of
    the passages they cite (uncited sentences fail); citation precision = share of citations
    on supported sentences that are needed — the passage supports the sentence alone, or the
    others without it do not; faithfulness = share of sentences supported by any cited passage of
    the answer. Duplicate markers count once; a marker to no passage is an unsupported
    citation. Numbers the ``question`` states count as given."""
    sentences = split_cited(answer)
    given = frozenset(t for t in content_tokens(question) if t.isdigit())
    cited_all = [passages[n] for n in sorted(passages)]
    supported = precise = citations = faithful = 0
    for text, numbers in sentences:
        texts = [passages[n] for n in numbers if n in passages]
        ok = bool(numbers) and len(texts) == len(numbers) and supports(text, texts, given)
        supported += ok
        faithful += supports(text, cited_all, given) if cited_all else 0
        for n in numbers:
            citations += 1
            if n not in passages:
                continue
            alone = supports(text, [passages[n]], given)
            others = [passages[m] for m in numbers if m != n and m in passages]
            precise += ok and (alone or not (others and supports(text, others, given)))
    return {
        "sentences": len(sentences),
        "supported_sentences": supported,
        "citations": citations,
        "precise_citations": precise,
        "faithful_sentences": faithful,
    }


# -- abstention and summaries -------------------------------------------------------------------
def abstention_scores(pairs: Sequence[tuple[bool, bool]]) -> dict[str, float | None]:
    """From (answerable, abstained) pairs, with "abstain" as the positive class: precision =
    correct abstentions / abstentions, recall = correct abstentions / unanswerable, F1, and the
    false-abstention rate = abstentions on answerable / answerable."""
    tp = sum(1 for answerable, abstained in pairs if abstained and not answerable)
    fp = sum(1 for answerable, abstained in pairs if abstained and answerable)
    fn = sum(1 for answerable, abstained in pairs if not abstained and not answerable)
    answerable = sum(1 for a, _ in pairs if a)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "abstention_precision": precision,
        "abstention_recall": recall,
        "abstention_f1": f1,
        "false_abstention": fp / answerable if answerable else None,
    }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def unique_in_order(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))
