"""Stores chunks and finds them: Chroma (dense) + BM25 over folded text (lexical), fused."""

from index.chunk_format import CHUNK_FORMAT
from index.config import IndexConfig, SearchConfig
from index.embedders import build_embedder, embedder_name
from index.filters import NO_FILTERS, SearchFilters
from index.fusion import FusionMode
from index.inspection import Inspection
from index.records import (
    IN_FORCE,
    LEGAL_PATH_SEPARATOR,
    NOT_YET_IN_FORCE,
    PARTLY_IN_FORCE,
    REPEALED,
    VALIDITY_STATES,
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
    "IN_FORCE",
    "LEGAL_PATH_SEPARATOR",
    "NOT_YET_IN_FORCE",
    "NO_FILTERS",
    "PARTLY_IN_FORCE",
    "REPEALED",
    "VALIDITY_STATES",
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
    "SearchFilters",
    "SearchIndex",
    "StoreUnavailableError",
    "build_embedder",
    "embedder_name",
    "fold",
    "normalize_tone",
    "strip_diacritics",
]
