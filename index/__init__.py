"""Stores chunks and finds them: Chroma (dense) + BM25 over folded text (lexical), fused."""

from index.chunk_format import CHUNK_FORMAT
from index.config import IndexConfig, SearchConfig
from index.embedders import build_embedder, embedder_name
from index.fusion import FusionMode
from index.inspection import Inspection
from index.records import (
    Chunk,
    ChunkId,
    ConsistencyReport,
    DocumentInfo,
    Hit,
    IndexStatus,
    Problem,
)
from index.store import SearchIndex
from index.text import fold, normalize_tone, strip_diacritics
from index.vectors import EmbedderMismatchError, StoreUnavailableError

__all__ = [
    "CHUNK_FORMAT",
    "Chunk",
    "ChunkId",
    "ConsistencyReport",
    "DocumentInfo",
    "EmbedderMismatchError",
    "FusionMode",
    "Hit",
    "IndexConfig",
    "IndexStatus",
    "Inspection",
    "Problem",
    "SearchConfig",
    "SearchIndex",
    "StoreUnavailableError",
    "build_embedder",
    "embedder_name",
    "fold",
    "normalize_tone",
    "strip_diacritics",
]
