"""Stores chunks and finds them: Chroma (dense) + BM25 over folded text (lexical), fused."""

from index.config import IndexConfig, SearchConfig
from index.embedders import build_embedder, embedder_name
from index.records import Chunk, ConsistencyReport, DocumentInfo, Hit, IndexStatus, Problem
from index.store import EmbedderMismatchError, SearchIndex, StoreUnavailableError
from index.text import fold, normalize_tone, strip_diacritics

__all__ = [
    "Chunk",
    "ConsistencyReport",
    "DocumentInfo",
    "EmbedderMismatchError",
    "Hit",
    "IndexConfig",
    "IndexStatus",
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
