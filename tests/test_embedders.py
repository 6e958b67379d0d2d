"""Embedder choice: a local sentence-transformers folder works, and vectors never mix."""

from pathlib import Path

import pytest

from hoidap.settings import Settings
from tests.conftest import CORPUS, ingest, open_index


@pytest.fixture(scope="module")
def tiny_st_model(tmp_path_factory) -> Path:
    """A real (small, untrained) sentence-transformers model built offline from the corpus."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")]
    tokenizer.train_from_iterator(texts, trainers.WordLevelTrainer(special_tokens=["[UNK]"]))
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_dim=32)])
    folder = tmp_path_factory.mktemp("st") / "tiny-static"
    model.save(str(folder))
    return folder


def test_switching_embedder_uses_its_own_collection(make_index, tiny_st_model, tmp_path):
    data_dir = tmp_path / "shared"
    e5 = make_index(data_dir)
    ingest(e5, CORPUS)
    e5_chunks = e5.count_chunks()

    other = open_index(Settings(data_dir=data_dir, embedder=str(tiny_st_model)))
    assert other.collection_name != e5.collection_name
    assert other.status().embedder.startswith("st:tiny-static")
    assert other.count_chunks() == 0  # nothing of e5's shows up here
    report = ingest(other, CORPUS)
    assert report.added == 5 and other.count_chunks() > 0
    assert other.search("STAMEQ", k=1)

    reopened = make_index(data_dir)
    assert reopened.count_chunks() == e5_chunks
    assert ingest(reopened, CORPUS).unchanged == 5
