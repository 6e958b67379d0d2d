"""Legal-set bench (``hoidap bench legal``): the documents of ``eval/datasets/legal`` ingested on
a private index through the ``Stack`` (``hoidap.wiring.Wiring``), then

1. article-level hit@1 / hit@5 per question kind: a hit is a retrieved chunk of the expected
   document that sits in the expected article — by its ``legal_path`` ("… > Điều 35 > …") when
   the chunk has one, else by its span overlapping the article's span in the document text
   (headings found by this bench; the output says how many hits were judged each way);
2. chunks that cross an article boundary (an article heading inside the chunk, not at its
   start), over all chunks and over the chunks of articles that fit in one chunk (target 0);
3. ingest throughput, and — when the caller passes a second stack with structure parsing off —
   the same without it;
4. identifier look-ups: document hit@1 / hit@5 for each way of typing a number;
5. repealed-only questions: found without filters; with ``SearchFilters(in_force_only=True)``
   the repealed document must not come back (and the in-force provision should).
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from eval.legal_corpus import DOCUMENT_FILES, LEGAL_DIR
from index.filters import SearchFilters
from index.records import LEGAL_PATH_SEPARATOR, Hit

KINDS = ("named", "paraphrase", "repealed")
NEWS = Path(__file__).resolve().parents[1] / "docs_corpus"
# Headings at a line start or after a sentence: the index's document text joins its chunks
# with a space, so a heading that opened a chunk no longer starts a line there.
_AFTER = r"(?:^|(?<=[.:;!?)] ))"
_ARTICLE = re.compile(_AFTER + r"Điều (\d+)\. (?=[A-ZÀ-ỸĐ])", re.MULTILINE)
# A standard's clause heading: "3.5 Sai số đo", "4 Chuẩn đo lường …".
_CLAUSE = re.compile(_AFTER + r"(\d+(?:\.\d+)*) (?=[A-ZÀ-ỸĐ])", re.MULTILINE)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    doc_id: str
    article: str | None
    clause: int | None
    quote: str
    typing: str
    in_force_doc_id: str
    in_force_article: str | None


def load_questions(dataset: Path = LEGAL_DIR) -> list[Question]:
    lines = (dataset / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [Question(**json.loads(line)) for line in lines if line.strip()]


@dataclass(frozen=True)
class Span:
    label: str  # "Điều 35", "3.5"
    start: int
    end: int


def _increasing(marks: list[tuple[int, str, tuple[int, ...]]]) -> list[tuple[int, str]]:
    """Only headings numbered after the last one kept: "Điều 32." quoted inside an amending
    article, or a number that opens a sentence, is not a heading."""
    kept: list[tuple[int, str]] = []
    last: tuple[int, ...] = ()
    for start, label, number in marks:
        if number > last:
            kept.append((start, label))
            last = number
    return kept


def article_spans(text: str) -> list[Span]:
    """The articles ("Điều N.") of a law, or the numbered clauses of a standard, with their
    spans in ``text``, each up to the next heading of its kind."""
    marks = _increasing(
        [(m.start(), f"Điều {m[1]}", (int(m[1]),)) for m in _ARTICLE.finditer(text)]
    )
    if not marks:
        clauses = _CLAUSE.finditer(text)
        marks = _increasing([(m.start(), m[1], tuple(map(int, m[1].split(".")))) for m in clauses])
    if not marks:  # not a legal document (a news article)
        return []
    ends = [start for start, _ in marks[1:]] + [len(text)]
    return [Span(label, start, end) for (start, label), end in zip(marks, ends, strict=True)]


def _path_has(legal_path: str, article: str) -> bool:
    """Does the structure path name the article ("Điều 35") or the standard's clause ("3.5":
    a segment "3.5" or one ending in " 3.5", e.g. "Mục 3.5")?"""
    for segment in legal_path.split(LEGAL_PATH_SEPARATOR):
        segment = segment.strip()
        if segment == article or segment.endswith(f" {article}"):
            return True
        # Short clauses grouped in one chunk: "3.1-3.5" holds 3.5.
        bounds = _CLAUSE_RANGE.fullmatch(segment.split(" ")[-1])
        if bounds and re.fullmatch(r"\d+(?:\.\d+)*", article):
            low, high, wanted = (_clause_key(x) for x in (bounds[1], bounds[2], article))
            if len(low) == len(wanted) and low <= wanted <= high:
                return True
    return False


_CLAUSE_RANGE = re.compile(r"(\d+(?:\.\d+)*)[-–](\d+(?:\.\d+)*)")


def _clause_key(label: str) -> tuple[int, ...]:
    return tuple(int(part) for part in label.split("."))


class Judge:
    """Whether a hit sits in an article, and how that was decided."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._spans = {doc_id: article_spans(text) for doc_id, text in texts.items()}
        self.by_path = 0
        self.by_span = 0

    def in_article(self, hit: Hit, doc_id: str, article: str) -> bool:
        if hit.doc_id != doc_id:
            return False
        if hit.legal_path:
            self.by_path += 1
            return _path_has(hit.legal_path, article)
        self.by_span += 1
        return any(
            s.label == article and s.start < hit.char_end and hit.char_start < s.end
            for s in self._spans.get(doc_id, [])
        )


def prepare_corpus(
    dataset: Path, folder: Path, known_fields: set[str], distractors: Path | None = NEWS
) -> list[str]:
    """The set's documents and catalog copied into ``folder``; catalog keys the ingest side
    does not know yet are left out (returned) so an older reader does not refuse the file.
    ``distractors``: a folder of other documents (the news corpus, its own catalog) copied
    into ``folder/tin-tuc``, so a look-up has more than four documents to choose from and
    the news articles go through the same ingest."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if distractors is not None:
        news = folder / "tin-tuc"
        news.mkdir()
        for path in [*distractors.glob("*.txt"), distractors / "catalog.toml"]:
            shutil.copy2(path, news / path.name)
    for name in DOCUMENT_FILES:
        shutil.copy2(dataset / name, folder / name)
    catalog = tomllib.loads((dataset / "catalog.toml").read_text(encoding="utf-8"))
    dropped: set[str] = set()
    lines: list[str] = []
    for entry in catalog["document"]:
        lines.append("[[document]]")
        for key, value in entry.items():
            if key not in known_fields:
                dropped.add(key)
                continue
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    (folder / "catalog.toml").write_text("\n".join(lines), encoding="utf-8")
    return sorted(dropped)


def _catalog_fields() -> set[str]:
    from ingest.catalog import CatalogEntry

    return {f.name for f in fields(CatalogEntry)}


def _ingest(stack: Any, folder: Path, data_dir: Path, embedder: Any) -> tuple[Any, dict[str, Any]]:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    index = stack.open_index(data_dir, embedder=embedder)
    started = time.perf_counter()
    report = stack.ingestor(index, progress=False).ingest_paths([folder])
    seconds = time.perf_counter() - started
    chars = sum(len(index.document_text(row.doc_id) or "") for row in index.documents())
    return index, {
        "documents": report.added,
        "failed": [f"{f.path}: {f.reason}" for f in report.failed],
        "chunks": report.chunks,
        "seconds": round(seconds, 1),
        "chars": chars,
        "chars_per_second": round(chars / seconds) if seconds else None,
    }


def _rate(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _search(index: Any, query: str, k: int, filters: SearchFilters | None = None) -> list[Hit]:
    if filters is None:
        return list(index.search(query, k=k))
    return list(index.search(query, k=k, filters=filters))


def retrieval_scores(
    index: Any, questions: Sequence[Question], judge: Judge, k: int
) -> dict[str, Any]:
    """hit@1 / hit@k at article level (and document level) per question kind, no filters."""
    out: dict[str, Any] = {}
    misses: list[str] = []
    for kind in KINDS:
        items = [q for q in questions if q.kind == kind]
        at1: list[bool] = []
        atk: list[bool] = []
        doc1: list[bool] = []
        for q in items:
            assert q.article is not None
            hits = _search(index, q.question, k)
            good = [judge.in_article(h, q.doc_id, q.article) for h in hits[:k]]
            at1.append(bool(good[:1]) and good[0])
            atk.append(any(good))
            doc1.append(bool(hits) and hits[0].doc_id == q.doc_id)
            if not any(good):
                misses.append(q.id)
        out[kind] = {
            "n": len(items),
            "hit@1": _rate(at1),
            f"hit@{k}": _rate(atk),
            "doc_hit@1": _rate(doc1),
        }
    out["misses"] = misses
    return out


def identifier_scores(index: Any, questions: Sequence[Question], k: int) -> dict[str, Any]:
    """Document hit@1 / hit@k of each way of typing a number."""
    by_typing: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    wrong: list[str] = []
    for q in (q for q in questions if q.kind == "identifier"):
        hits = _search(index, q.question, k)
        first = bool(hits) and hits[0].doc_id == q.doc_id
        by_typing[q.typing].append((first, any(h.doc_id == q.doc_id for h in hits[:k])))
        if not first:
            wrong.append(f"{q.id} {q.question!r} → {hits[0].doc_id if hits else '-'}")
    out: dict[str, Any] = {
        typing: {
            "n": len(pairs),
            "hit@1": _rate([a for a, _ in pairs]),
            f"hit@{k}": _rate([b for _, b in pairs]),
        }
        for typing, pairs in sorted(by_typing.items())
    }
    out["wrong_at_1"] = wrong
    return out


def in_force_scores(
    index: Any, questions: Sequence[Question], judge: Judge, k: int
) -> dict[str, Any]:
    """Repealed-only questions searched with the in-force filter: the repealed document must
    not come back; the in-force provision on the subject should."""
    if "filters" not in inspect.signature(index.search).parameters:
        return {"supported": False}
    items = [q for q in questions if q.kind == "repealed"]
    excluded: list[bool] = []
    found: list[bool] = []
    for q in items:
        hits = _search(index, q.question, k, SearchFilters(in_force_only=True))
        excluded.append(all(h.doc_id != q.doc_id for h in hits))
        if q.in_force_article:
            found.append(
                any(judge.in_article(h, q.in_force_doc_id, q.in_force_article) for h in hits)
            )
    return {
        "supported": True,
        "n": len(items),
        "repealed_excluded": _rate(excluded),
        f"in_force_article_hit@{k}": _rate(found),
    }


_STRUCTURE_LINE = re.compile(r"^(Phần thứ|Chương|Mục|Tiểu mục|Phụ lục)\b")


def _only_headings(text: str) -> bool:
    """Only Phần/Chương/Mục headings and their capitalised names: what may precede an
    article's heading in its chunk without the chunk holding another article's text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return all(_STRUCTURE_LINE.match(line) or line == line.upper() for line in lines)


# Where an article's span runs on into the next chapter's heading or the signer block.
_TRAILER = re.compile(r"(?:(?<=[.:;])\s+|\n)(?:Phần thứ \S+|Chương [IVXLC]+|Mục \d+)\b|\n\n")


def _without_trailing_headings(text: str) -> str:
    """An article's own text: without the next chapter's heading (or the signer block) that
    its span, up to the next article, runs into."""
    trailer = _TRAILER.search(text)
    return (text[: trailer.start()] if trailer else text).strip()


def boundary_scores(index: Any, chunk_words: int) -> dict[str, Any]:
    """Chunks that hold an article heading other than at their start, over all chunks of the
    documents with articles, and over the chunks of articles short enough for one chunk (at
    most ``chunk_words`` words: target 0). Also how many such articles are one chunk."""
    meta = index.inspection().metadata()
    chunks: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in meta.values():
        chunks[str(m.get("doc_id", ""))].append((int(m["char_start"]), int(m["char_end"])))
    total = crossing = fit_chunks = fit_crossing = fit_articles = fit_whole = 0
    # Legal documents only (a number in their header): a news article's numbered lines are
    # not clauses.
    legal = {
        r.doc_id for r in index.documents() if getattr(getattr(r, "info", r), "doc_number", "")
    }
    for doc_id, spans in chunks.items():
        if doc_id not in legal:
            continue
        text = index.document_text(doc_id) or ""
        # Top-level units only: a standard's "3.1"…"3.5" may share a chunk inside clause 3.
        heads_only = [a for a in article_spans(text) if "." not in a.label]
        if not heads_only:  # not a legal document
            continue
        ends = [a.start for a in heads_only[1:]] + [len(text)]
        articles = [Span(a.label, a.start, end) for a, end in zip(heads_only, ends, strict=True)]
        heads = [a.start for a in articles]
        fitting = [a for a in articles if len(text[a.start : a.end].split()) <= chunk_words]
        for start, end in spans:
            total += 1
            crosses = any(
                start < head < end and not _only_headings(text[start:head]) for head in heads
            )
            crossing += crosses
            if any(a.start < end and start < a.end for a in fitting):
                fit_chunks += 1
                fit_crossing += crosses
        for a in fitting:
            fit_articles += 1
            body = _without_trailing_headings(text[a.start : a.end])
            fit_whole += any(body in text[s:e] for s, e in spans)
    return {
        "chunks": total,
        "crossing_share": _rate([True] * crossing + [False] * (total - crossing)),
        "fitting_article_chunks": fit_chunks,
        "fitting_crossing_share": _rate(
            [True] * fit_crossing + [False] * (fit_chunks - fit_crossing)
        ),
        "fitting_articles": fit_articles,
        "fitting_articles_in_one_chunk": _rate(
            [True] * fit_whole + [False] * (fit_articles - fit_whole)
        ),
    }


def header_fields(index: Any) -> dict[str, dict[str, str]]:
    """What the index knows of each document's header and validity (empty fields left out)."""
    names = ("doc_number", "doc_type", "issuer", "issued_date", "signer", "status", "replaced_by")
    found: dict[str, dict[str, str]] = {}
    for row in index.documents():
        info = getattr(row, "info", row)  # a manifest row carries its DocumentInfo
        found[row.doc_id] = {n: str(getattr(info, n)) for n in names if getattr(info, n, "")}
    return found


def score_index(
    index: Any, questions: Sequence[Question], k: int, chunk_words: int
) -> dict[str, Any]:
    """Everything measured on an index that holds the set (a kept ``--work`` one too)."""
    texts = {row.doc_id: index.document_text(row.doc_id) or "" for row in index.documents()}
    judge = Judge(texts)
    result: dict[str, Any] = {"headers": header_fields(index)}
    result["retrieval"] = retrieval_scores(index, questions, judge, k)
    result["identifiers"] = identifier_scores(index, questions, k)
    result["in_force_filter"] = in_force_scores(index, questions, judge, k)
    result["boundaries"] = boundary_scores(index, chunk_words)
    result["judged_by"] = {"legal_path": judge.by_path, "span_overlap": judge.by_span}
    return result


def run_legal_benchmark(
    stack: Any,
    work: Path,
    k: int = 5,
    dataset: Path = LEGAL_DIR,
    plain_stack: Any | None = None,
    out: Path | None = None,
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> dict[str, Any]:
    """The whole bench; ``stack``: an ``eval.stack.Stack``. ``plain_stack``: the same with
    structure parsing off, for the throughput comparison (None: not measured)."""
    questions = load_questions(dataset)
    folder = work / "corpus"
    dropped = prepare_corpus(dataset, folder, _catalog_fields())
    embedder = stack.embedder()
    result: dict[str, Any] = {"k": k, "questions": len(questions), "distractors": str(NEWS)}
    if dropped:
        result["catalog_fields_not_read_by_ingest"] = dropped
    if plain_stack is not None:
        # Plain first: the structured run, measured second, then gets no warm-up advantage.
        _, plain = _ingest(plain_stack, folder, work / "data-plain", embedder)
        result["ingest_plain"] = plain
        log(f"ingest (no structure): {plain}")
    index, ingest = _ingest(stack, folder, work / "data", embedder)
    result["ingest"] = ingest
    log(f"ingest: {ingest}")
    if plain_stack is not None and ingest["seconds"]:
        result["structure_overhead"] = round(
            ingest["seconds"] / result["ingest_plain"]["seconds"] - 1, 4
        )
    result |= score_index(index, questions, k, int(stack.describe().get("chunk_size", "100")))
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def format_table(result: dict[str, Any]) -> str:
    k = result["k"]
    lines = [
        f"| câu hỏi | n | hit@1 | hit@{k} | tài liệu hit@1 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind in KINDS:
        row = result["retrieval"][kind]
        lines.append(
            f"| {kind} | {row['n']} | {row['hit@1']} | {row[f'hit@{k}']} | {row['doc_hit@1']} |"
        )
    for typing, row in result["identifiers"].items():
        if isinstance(row, dict):
            lines.append(
                f"| số hiệu: {typing} | {row['n']} | {row['hit@1']} | {row[f'hit@{k}']} | |"
            )
    force = result["in_force_filter"]
    if force.get("supported"):
        lines.append(
            f"\nLọc còn hiệu lực ({force['n']} câu chỉ văn bản hết hiệu lực trả lời): loại được "
            f"{force['repealed_excluded']}, tìm thấy điều còn hiệu lực "
            f"{force[f'in_force_article_hit@{k}']}"
        )
    else:
        lines.append("\nLọc còn hiệu lực: SearchIndex.search chưa nhận `filters`")
    b = result["boundaries"]
    lines.append(
        f"Đoạn vượt ranh giới điều: {b['crossing_share']} của {b['chunks']} đoạn; với điều vừa "
        f"một đoạn: {b['fitting_crossing_share']} của {b['fitting_article_chunks']} đoạn "
        f"(mục tiêu 0); điều vừa một đoạn nằm trọn trong một đoạn: "
        f"{b['fitting_articles_in_one_chunk']} của {b['fitting_articles']}"
    )
    ing = result["ingest"]
    line = f"Nạp: {ing['chars']} ký tự trong {ing['seconds']} s ({ing['chars_per_second']} ký tự/s)"
    if "structure_overhead" in result:
        line += f"; không phân tích cấu trúc: {result['ingest_plain']['seconds']} s, "
        line += f"chi phí cấu trúc {result['structure_overhead']:+.1%}"
    else:
        line += "; so sánh có/không phân tích cấu trúc: chưa có công tắc"
    lines.append(line)
    judged = result["judged_by"]
    lines.append(
        f"Chấm trúng điều theo legal_path: {judged['legal_path']} lượt, theo vị trí đoạn trong "
        f"văn bản (đoạn chưa có legal_path): {judged['span_overlap']} lượt"
    )
    if result.get("catalog_fields_not_read_by_ingest"):
        lines.append(
            "Trường danh mục bên nạp chưa đọc (bỏ khi chép): "
            + ", ".join(result["catalog_fields_not_read_by_ingest"])
        )
    return "\n".join(lines)
