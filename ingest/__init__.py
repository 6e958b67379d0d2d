"""Turns files into cleaned, chunked documents with metadata and writes them to the index."""

from ingest.clean import clean_text
from ingest.config import IngestConfig
from ingest.errors import RejectedFileError
from ingest.loaders import SUPPORTED_TYPES
from ingest.pipeline import Failure, Ingestor, IngestReport, SourceDocument, prepare_text

__all__ = [
    "SUPPORTED_TYPES",
    "Failure",
    "IngestConfig",
    "IngestReport",
    "Ingestor",
    "RejectedFileError",
    "SourceDocument",
    "clean_text",
    "prepare_text",
]
