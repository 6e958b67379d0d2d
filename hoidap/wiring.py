"""The composition root: the only code that turns ``Settings`` into each package's own small
config and builds the objects of a running hoidap (index, ingestor, assistant, server).

Stage packages (``index ingest assistant ui eval``) never import ``hoidap``; they receive what
they need from here (``tests/test_layering.py`` keeps it so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoidap.models import LLM
from hoidap.settings import Settings

if TYPE_CHECKING:  # heavy imports stay lazy: `hoidap users` or `--help` need none of them
    from llama_index.core.embeddings import BaseEmbedding

    from assistant import AnswerConfig, Assistant, Generator, Library, LLMConfig, RequestLimits
    from eval.judge import JudgeEndpoint
    from index import IndexConfig, SearchConfig, SearchIndex
    from ingest import IngestConfig, Ingestor
    from ingest.uploads import DocumentIntake, UploadLimits
    from ui.config import ServerConfig
    from ui.dashboard import Dashboard, DashboardConfig, QuestionSource, RecordList


# -- each package's config ------------------------------------------------------------------
def index_config(settings: Settings) -> IndexConfig:
    from index import IndexConfig

    return IndexConfig(
        data_dir=settings.data_dir,
        embedder=settings.embedder,
        chroma_url=settings.chroma_url,
        collection_prefix=settings.collection_prefix,
        hnsw_max_neighbors=settings.hnsw_max_neighbors,
        hnsw_ef_construction=settings.hnsw_ef_construction,
        hnsw_ef_search=settings.hnsw_ef_search,
    )


def search_config(settings: Settings) -> SearchConfig:
    from index import SearchConfig
    from index.fusion import FusionMode

    return SearchConfig(
        top_k=settings.top_k,
        fusion=FusionMode(settings.fusion),
        dense_candidates=settings.dense_candidates,
        lexical_candidates=settings.lexical_candidates,
        lexical_weight=settings.lexical_weight,
        identifier_weight=settings.identifier_weight,
        article_weight=settings.article_weight,
    )


def ingest_config(settings: Settings) -> IngestConfig:
    from ingest import IngestConfig
    from ingest.limits import IngestLimits

    return IngestConfig(
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        max_file_mb=settings.max_file_mb,
        max_pdf_pages=settings.max_pdf_pages,
        legal_structure=settings.legal_structure,
        limits=IngestLimits(
            ocr_languages=settings.ocr_languages,
            ocr_max_pages=settings.ocr_max_pages,
            ocr_dpi=settings.ocr_dpi,
            ocr_min_confidence=settings.ocr_min_confidence,
        ),
    )


def answer_config(settings: Settings) -> AnswerConfig:
    from assistant import AnswerConfig, WordsAlike

    return AnswerConfig(
        mode=settings.answer_mode,
        passages=settings.answer_passages,
        passage_words=settings.passage_words,
        min_coverage=settings.abstain_min_coverage,
        min_dense=settings.abstain_min_dense,
        min_sentence_similarity=settings.abstain_min_sentence_similarity,
        words_alike=WordsAlike() if settings.abstain_words_alike else None,
        reader=settings.answer_reader,
        min_confidence=settings.abstain_min_confidence,
        llm_reader_min=settings.llm_reader_min,
        quote_provisions=settings.llm_quote_provisions,
        max_tokens=settings.llm_max_tokens,
    )


def llm_config(settings: Settings) -> LLMConfig:
    from assistant import LLMConfig

    return LLMConfig(
        url=settings.llm_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout_s=settings.llm_timeout_s,
        model_path=settings.models_dir / LLM.file_name,
        threads=settings.llm_threads,
        lookup_draft_tokens=settings.llm_lookup_draft_tokens,
    )


def request_limits(settings: Settings) -> RequestLimits:
    from assistant import RequestLimits

    return RequestLimits(
        max_question_chars=settings.max_question_chars,
        max_history_turns=settings.max_history_turns,
        max_turn_chars=settings.max_turn_chars,
        max_total_chars=settings.max_request_chars,
        in_force_only=settings.in_force_only,
    )


def server_config(settings: Settings) -> ServerConfig:
    from ui.config import ServerConfig

    return ServerConfig(
        data_dir=settings.data_dir,
        auth_token=settings.auth_token,
        users_file=settings.users_file,
        token_is_admin=settings.auth_token_is_admin,
        token_groups=tuple(g for g in settings.auth_token_groups.split(",") if g),
        max_upload_mb=settings.max_upload_mb,
        database_url=settings.database_url,
        audit_question_text=settings.audit_question_text,
    )


def upload_limits(settings: Settings) -> UploadLimits:
    from ingest.uploads import UploadLimits

    return UploadLimits(max_file_mb=settings.max_file_mb, max_files=settings.max_upload_files)


def judge_endpoint(settings: Settings) -> JudgeEndpoint | None:
    """The optional LLM judge of `hoidap eval` (reported apart from the deterministic metrics)."""
    if not settings.judge_url:
        return None
    from eval.judge import JudgeEndpoint

    return JudgeEndpoint(
        settings.judge_url, settings.judge_model, settings.judge_api_key, settings.llm_timeout_s
    )


def dashboard_config(settings: Settings) -> DashboardConfig:
    from ui.dashboard import DashboardConfig

    return DashboardConfig(cluster_distance=settings.unanswered_cluster_distance)


def question_source(settings: Settings) -> QuestionSource:
    """The recorded questions that `hoidap stats` and the dashboard read: the app database's
    history (``ui.history``; SQLite in the data dir, or ``HOIDAP_DATABASE_URL``)."""
    from ui.database import Database
    from ui.history import History

    return History(Database.open(settings.data_dir, settings.database_url))


# -- the objects ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Wiring:
    """Builds hoidap's parts from one ``Settings``; also what the benchmarks build their own
    indexes with (``eval.stack.Stack``)."""

    settings: Settings

    def open_index(
        self, data_dir: Path | None = None, embedder: BaseEmbedding | None = None
    ) -> SearchIndex:
        """The configured index; with ``data_dir``, an embedded store of its own there (the
        benchmarks' private copies, never the configured server)."""
        from index import SearchIndex

        settings = self.settings
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": data_dir, "chroma_url": None})
        return SearchIndex(index_config(settings), search_config(settings), embedder=embedder)

    def ingestor(self, index: SearchIndex, progress: bool = True) -> Ingestor:
        from ingest import Ingestor

        return Ingestor(index, ingest_config(self.settings), progress=progress)

    def intake(self, index: SearchIndex) -> DocumentIntake:
        """Adds uploaded files to the corpus folder and ``index`` (the app's tab and API)."""
        from ingest.uploads import DocumentIntake

        settings = self.settings
        return DocumentIntake(
            self.ingestor(index, progress=False),
            settings.corpus_dir,
            settings.data_dir,
            upload_limits(settings),
        )

    def assistant(self, index: SearchIndex, generator: Generator | None = None) -> Assistant:
        """The answer engine over ``index``; ``generator`` replaces the configured model."""
        from assistant import Assistant

        return Assistant(
            index,
            answer_config(self.settings),
            request_limits(self.settings),
            generator=generator,
            llm=llm_config(self.settings),
        )

    def library(self, index: SearchIndex) -> Library:
        from assistant import Library

        return Library(index, self.settings.onboarding_file)

    def dashboard(self, index: SearchIndex, source: QuestionSource | None = None) -> Dashboard:
        """The "Thống kê" figures and unanswered report over ``source`` (the configured
        history by default): titles from ``index``'s manifest, questions embedded with its
        embedder, the closest passages from an unrestricted search of it."""
        from ui.dashboard import Dashboard, QuestionVectors

        config = dashboard_config(self.settings)

        def title(doc_id: str) -> str:
            row = index.document(doc_id)
            return row.info.title if row is not None else doc_id

        return Dashboard(
            source=source if source is not None else question_source(self.settings),
            embed=QuestionVectors(lambda: index.embedder),
            closest=lambda question: index.search(question, k=config.passages),
            title=title,
            config=config,
        )

    @staticmethod
    def record_list(rows: Iterable[dict[str, Any]]) -> RecordList:
        """Question records from their fields (``QuestionRecord``): the benchmark's own."""
        from ui.dashboard import RecordList
        from ui.questions import QuestionRecord

        return RecordList([QuestionRecord(**row) for row in rows])

    def embedder(self) -> BaseEmbedding:
        from index import build_embedder

        return build_embedder(self.settings.embedder)

    def describe(self) -> dict[str, str]:
        """The settings in force, as reports record them."""
        return {k: str(v) for k, v in self.settings.model_dump().items()}
