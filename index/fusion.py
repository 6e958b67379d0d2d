"""Fusion of dense and lexical rankings, by name (``SearchConfig.fusion``): one ``FusionMode``
per way, each with its function in ``_FUSERS`` (as Haystack's DocumentJoiner does with
JoinMode), so a new way is one member and one entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

Ranking = Sequence[tuple[str, float]]  # (chunk id, score), best first
Fused = list[tuple[str, float]]


class FusionMode(StrEnum):
    """How the dense and the lexical rankings become one (the values are the settings')."""

    ZSCORE = "zscore"
    WEIGHTED = "weighted"
    RRF = "rrf"
    DENSE = "dense"  # the dense ranking alone
    LEXICAL = "lexical"  # the lexical ranking alone

    @property
    def uses_dense(self) -> bool:
        return self is not FusionMode.LEXICAL

    @property
    def uses_lexical(self) -> bool:
        return self is not FusionMode.DENSE


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


def zscore(dense: Ranking, lexical: Ranking, lexical_weight: float) -> Fused:
    """Convex combination of per-query z-scores; a candidate absent from one list gets that
    list's lowest z. Measured best on Zalo WikiQA (see README)."""
    d, d_floor = _z_scores(dense)
    lex, lex_floor = _z_scores(lexical)
    fused = {
        cid: (1 - lexical_weight) * d.get(cid, d_floor) + lexical_weight * lex.get(cid, lex_floor)
        for cid in d.keys() | lex.keys()
    }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def weighted(dense: Ranking, lexical: Ranking, lexical_weight: float) -> Fused:
    """Convex combination of per-query min-max-normalised scores; absent = 0."""
    d, lex = _min_max(dense), _min_max(lexical)
    fused = {
        cid: (1 - lexical_weight) * d.get(cid, 0.0) + lexical_weight * lex.get(cid, 0.0)
        for cid in d.keys() | lex.keys()
    }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def rrf(dense: Ranking, lexical: Ranking, lexical_weight: float) -> Fused:
    """Weighted reciprocal-rank fusion (Cormack et al. 2009)."""
    fused: dict[str, float] = {}
    for weight, ranking in ((1 - lexical_weight, dense), (lexical_weight, lexical)):
        for rank, (cid, _) in enumerate(ranking):
            fused[cid] = fused.get(cid, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def _dense_only(dense: Ranking, lexical: Ranking, lexical_weight: float) -> Fused:
    return list(dense)


def _lexical_only(dense: Ranking, lexical: Ranking, lexical_weight: float) -> Fused:
    return list(lexical)


_FUSERS: dict[FusionMode, Callable[[Ranking, Ranking, float], Fused]] = {
    FusionMode.ZSCORE: zscore,
    FusionMode.WEIGHTED: weighted,
    FusionMode.RRF: rrf,
    FusionMode.DENSE: _dense_only,
    FusionMode.LEXICAL: _lexical_only,
}


def fusion_mode(mode: FusionMode | str) -> FusionMode:
    """``mode`` as a FusionMode; ValueError names an unknown one."""
    try:
        return FusionMode(mode)
    except ValueError:
        raise ValueError(f"unknown fusion mode: {mode}") from None


def fuse(dense: Ranking, lexical: Ranking, mode: FusionMode | str, lexical_weight: float) -> Fused:
    """One ranking, best first, from ``dense`` and ``lexical`` as ``mode`` says."""
    return _FUSERS[fusion_mode(mode)](dense, lexical, lexical_weight)
