"""What the benchmarks build their own indexes, ingestors and assistants with.

The composition root (``hoidap.wiring.Wiring``) provides it: eval never reads settings itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from llama_index.core.embeddings import BaseEmbedding

    from assistant import Assistant
    from index import SearchIndex
    from ingest import Ingestor


class Stack(Protocol):
    def open_index(
        self, data_dir: Path | None = None, embedder: BaseEmbedding | None = None
    ) -> SearchIndex:
        """The configured index; with ``data_dir``, an embedded store of its own there."""
        ...

    def ingestor(self, index: SearchIndex, progress: bool = True) -> Ingestor: ...

    def assistant(self, index: SearchIndex) -> Assistant: ...

    def embedder(self) -> BaseEmbedding:
        """The configured embedder, freshly built."""
        ...

    def describe(self) -> dict[str, str]:
        """The settings in force, as reports record them."""
        ...
