"""Fusion of dense and lexical rankings, by name (see ``Settings.fusion``)."""

from __future__ import annotations

from collections.abc import Sequence

Ranking = Sequence[tuple[str, float]]  # (chunk id, score), best first

RRF_K = 60


def _min_max(ranking: Ranking) -> dict[str, float]:
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    low, high = min(scores), max(scores)
    span = high - low
    return {cid: (s - low) / span if span > 0 else 1.0 for cid, s in ranking}


def _z_scores(ranking: Ranking) -> tuple[dict[str, float], float]:
    """Per-query z-scores over a candidate list, and the floor given to absent candidates."""
    if not ranking:
        return {}, 0.0
    scores = [s for _, s in ranking]
    mean = sum(scores) / len(scores)
    std = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5 or 1.0
    z = {cid: (s - mean) / std for cid, s in ranking}
    return z, min(z.values())


def zscore(dense: Ranking, lexical: Ranking, lexical_weight: float) -> list[tuple[str, float]]:
    """Convex combination of per-query z-scores; a candidate absent from one list gets that
    list's lowest z. Measured best on Zalo WikiQA (see README)."""
    d, d_floor = _z_scores(dense)
    lex, lex_floor = _z_scores(lexical)
    fused = {
        cid: (1 - lexical_weight) * d.get(cid, d_floor) + lexical_weight * lex.get(cid, lex_floor)
        for cid in d.keys() | lex.keys()
    }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def weighted(dense: Ranking, lexical: Ranking, lexical_weight: float) -> list[tuple[str, float]]:
    """Convex combination of per-query min-max-normalised scores; absent = 0."""
    d, lex = _min_max(dense), _min_max(lexical)
    fused = {
        cid: (1 - lexical_weight) * d.get(cid, 0.0) + lexical_weight * lex.get(cid, 0.0)
        for cid in d.keys() | lex.keys()
    }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def rrf(dense: Ranking, lexical: Ranking, lexical_weight: float) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion (Cormack et al. 2009)."""
    fused: dict[str, float] = {}
    for weight, ranking in ((1 - lexical_weight, dense), (lexical_weight, lexical)):
        for rank, (cid, _) in enumerate(ranking):
            fused[cid] = fused.get(cid, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def fuse(
    dense: Ranking, lexical: Ranking, mode: str, lexical_weight: float
) -> list[tuple[str, float]]:
    if mode == "dense":
        return list(dense)
    if mode == "lexical":
        return list(lexical)
    if mode == "rrf":
        return rrf(dense, lexical, lexical_weight)
    if mode == "zscore":
        return zscore(dense, lexical, lexical_weight)
    if mode == "weighted":
        return weighted(dense, lexical, lexical_weight)
    raise ValueError(f"unknown fusion mode: {mode}")
