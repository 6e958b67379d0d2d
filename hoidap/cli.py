"""``hoidap`` command line: a thin shell over ingest, index, eval and ui."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Air-gapped by design: no model hub, no telemetry — set before any library is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from hoidap.settings import PROJECT_ROOT, Settings, load_settings
from hoidap.wiring import Wiring, answer_config, judge_endpoint, server_config

if TYPE_CHECKING:  # imported lazily at run time: heavy
    from index import SearchFilters
    from ui.dashboard import Dashboard, QuestionSource

ZALO_DIR = PROJECT_ROOT.parent / "shared" / "benchmarks" / "zalo_wikiqa"
ZALO_DATA_DIR = PROJECT_ROOT / ".hoidap-bench" / "zalo"
# Where `hoidap eval --dataset NAME` ingests each set's documents (Zalo's is also where `make
# bench` puts it); the names `--dataset` takes besides "golden" and a path.
BENCH_DATA_DIRS = {
    "zalo": ZALO_DATA_DIR,
    "legal": PROJECT_ROOT / ".hoidap-bench" / "legal-answers",
    "heldout": PROJECT_ROOT / ".hoidap-bench" / "heldout-legal",
    "web": PROJECT_ROOT / ".hoidap-bench" / "heldout-web",
    "web2": PROJECT_ROOT / ".hoidap-bench" / "heldout-web2",
    "web3": PROJECT_ROOT / ".hoidap-bench" / "heldout-web3",
    "web4": PROJECT_ROOT / ".hoidap-bench" / "heldout-web4",
    "web5": PROJECT_ROOT / ".hoidap-bench" / "heldout-web5",
}


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _open_index(settings: Settings):  # -> SearchIndex (imported lazily: heavy)
    return Wiring(settings).open_index()


# -- commands ------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    wiring = Wiring(settings)
    index = wiring.open_index()
    report = wiring.ingestor(index, progress=not args.no_progress).ingest_paths(
        [Path(p) for p in args.paths], prune=args.prune
    )
    if args.json:
        _print_json(report.to_json())
    else:
        for failure in report.failed:
            print(f"Bỏ qua {failure.path}: {failure.reason}", file=sys.stderr)
        for warning in report.warnings:
            # A conversion from a legacy font is news, not a fault.
            label = "Chuyển mã" if warning.code == "converted_encoding" else "Cảnh báo"
            print(f"{label} {warning.path}: {warning.reason}", file=sys.stderr)
        print(
            f"Thêm {report.added}, cập nhật {report.updated}, không đổi {report.unchanged}, "
            f"xoá {report.removed}, lỗi {len(report.failed)}"
            + (f", OCR {report.ocr_pages} trang" if report.ocr_pages else "")
            + f". Chỉ mục có {report.chunks} đoạn ({index.status().documents} tài liệu)."
        )
    return 1 if report.failed else 0


def _filters(
    args: argparse.Namespace, settings: Settings, given: dict[str, Any] | None = None
) -> SearchFilters:
    """The filters of the command's flags (or of a stdin line's "filters"), checked by the
    request policy; ``InvalidFilters`` (a Vietnamese message) when one is bad."""
    from hoidap.wiring import request_limits

    flags = {
        "in_force_only": args.in_force,
        "doc_types": args.doc_types or (),
        "issuers": args.issuers or (),
        "doc_ids": args.doc_ids or (),
        "date_from": args.date_from or "",
        "date_to": args.date_to or "",
    }
    if given is not None:
        if not isinstance(given, dict) or set(given) - set(flags):
            from assistant.limits import InvalidFilters

            raise InvalidFilters([f"filters: chỉ nhận các trường {', '.join(flags)}"])
        flags.update(given)
    return request_limits(settings).filters(**flags)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.limits import InvalidFilters

    try:
        filters = _filters(args, settings)
    except InvalidFilters as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    wiring = Wiring(settings)
    library = wiring.library(wiring.open_index())
    mode = {"hybrid": None}.get(args.mode, args.mode)

    def run(query: str) -> dict[str, Any]:
        return {"query": query, "hits": library.search(query, args.k, mode, filters)}

    if args.query is not None:
        result = run(args.query)
        if args.json:
            _print_json(result)
        else:
            _print_hits(result)
        return 0
    for line in sys.stdin:  # one query per line, models loaded once
        query = line.strip()
        if query:
            _print_json(run(query))
    return 0


def _print_hits(result: dict[str, Any]) -> None:
    if not result["hits"]:
        print("Không tìm thấy đoạn nào.")
    for hit in result["hits"]:
        date = f" ({hit['date']})" if hit["date"] else ""
        label = hit.get("label") or hit["title"]
        named = f"{label} — {hit['title']}" if label != hit["title"] else label
        print(f"[{hit['rank']}] {named}{date} — điểm {hit['score']:.3f}")
        snippet = " ".join(hit["text"].split())
        print(f"    {snippet[:300]}{'…' if len(snippet) > 300 else ''}")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.limits import InvalidFilters

    try:
        filters = _filters(args, settings)
    except InvalidFilters as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    wiring = Wiring(settings)
    assistant = wiring.assistant(wiring.open_index())
    mode = args.mode

    if args.question is not None:
        answer = assistant.ask(args.question, mode=mode, filters=filters)
        if args.json:
            _print_json(answer.to_json())
        else:
            _print_answer(answer.to_json())
        return 0
    for line in sys.stdin:  # a plain question, or {"question", "history"} per line
        line = line.strip()
        if not line:
            continue
        question, history, narrowed = line, [], filters
        if line.startswith("{"):
            try:
                request = json.loads(line)
                question = str(request["question"])
                history = list(request.get("history") or [])
                if "filters" in request:  # a line's own filters, over the flags
                    narrowed = _filters(args, settings, request["filters"])
            except InvalidFilters as exc:
                _print_json({"error": str(exc), "reasons": exc.reasons})
                continue
            except (ValueError, KeyError, TypeError) as exc:
                _print_json({"error": f"dòng JSON không hợp lệ: {exc}"})
                continue
        _print_json(assistant.ask(question, history=history, mode=mode, filters=narrowed).to_json())
    return 0


def _print_answer(answer: dict[str, Any]) -> None:
    print(answer["answer"])
    for citation in answer["citations"]:
        date = f" ({citation['date']})" if citation["date"] else ""
        start, end = citation["support"]["start"], citation["support"]["end"]
        label = citation.get("label") or citation["title"]
        print(f"  [{citation['n']}] {label}{date}: “{citation['text'][start:end]}”")


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.report import compare, format_comparison, write_reports

    if args.compare:
        old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        diff = compare(old, new)
        _print_json(diff) if args.json else print(format_comparison(diff))
        return 1 if diff["regressed"] else 0

    from eval.runner import headline, run_dataset, threshold_failures

    if args.dataset in BENCH_DATA_DIRS and not args.data_dir:
        settings = settings.model_copy(update={"data_dir": BENCH_DATA_DIRS[args.dataset]})
    judge = judge_endpoint(settings)
    result = run_dataset(
        Wiring(settings),
        args.dataset,
        args.mode,
        args.limit,
        ZALO_DIR,
        judge,
        None if args.split == "all" else args.split,
    )
    if args.out:
        json_path, html_path = write_reports(result, Path(args.out))
        print(f"Đã ghi {json_path} và {html_path}", file=sys.stderr)
    _print_json(headline(result))
    if args.check:
        failures = threshold_failures(result)
        for failure in failures:
            print(f"DƯỚI NGƯỠNG: {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


def cmd_fit_reader(args: argparse.Namespace, settings: Settings) -> int:
    """Refit the reader (assistant/reader_model.json) on Zalo pairs dev + the golden set, choose
    its threshold on the dev questions, and print the test-split figures."""
    from eval.fit_reader import run_fit
    from eval.golden import load_golden
    from eval.zalo import ingest_zalo

    wiring = Wiring(settings)
    corpus = wiring.open_index()
    zalo = wiring.open_index(data_dir=Path(args.zalo_data_dir))
    ingest_zalo(wiring.ingestor(zalo, progress=not args.json), ZALO_DIR)  # no-op when held
    result = run_fit(
        corpus,
        zalo,
        ZALO_DIR,
        load_golden(),
        settings.answer_passages,
        progress=lambda line: print(line, file=sys.stderr),
    )
    _print_json(result["report"])
    return 0


def cmd_rescue_curve(args: argparse.Namespace, settings: Settings) -> int:
    """The meaning rescue against Zalo WikiQA's labelled pairs (eval/meaning_rescue.py): per
    threshold, the refused pairs it would answer and the share that do."""
    from tqdm import tqdm

    from eval.meaning_rescue import curve, read_pairs
    from eval.pairs import load_pairs
    from eval.zalo import ingest_zalo

    wiring = Wiring(settings)
    zalo = wiring.open_index(data_dir=Path(args.zalo_data_dir))
    ingest_zalo(wiring.ingestor(zalo, progress=not args.json), ZALO_DIR)  # no-op when held
    pairs = load_pairs(ZALO_DIR, None if args.split == "all" else args.split)
    with tqdm(total=len(pairs), desc="cặp Zalo", unit="cặp", file=sys.stderr) as bar:
        read = read_pairs(pairs, zalo, answer_config(settings), progress=lambda _: bar.update())
    _print_json(curve(read))
    return 0


def cmd_words_alike(args: argparse.Namespace, settings: Settings) -> int:
    """The words-alike gate's two values chosen on Zalo WikiQA's labelled pairs, dev split
    (eval/words_alike.py), with the test split's figures."""
    from tqdm import tqdm

    from eval.pairs import load_pairs
    from eval.words_alike import choose, read_pairs
    from eval.zalo import ingest_zalo

    wiring = Wiring(settings)
    zalo = wiring.open_index(data_dir=Path(args.zalo_data_dir))
    ingest_zalo(wiring.ingestor(zalo, progress=not args.json), ZALO_DIR)  # no-op when held
    pairs = load_pairs(ZALO_DIR)
    with tqdm(total=len(pairs), desc="cặp Zalo", unit="cặp", file=sys.stderr) as bar:
        read = read_pairs(pairs, zalo, progress=lambda _: bar.update())
    _print_json(choose(read, settings.abstain_min_coverage))
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Manifest, Chroma and the lexical index must agree; --repair makes them (re-ingesting
    the affected files that still exist)."""
    from ingest.repair import check_index

    wiring = Wiring(settings)
    index = wiring.open_index()
    repair_with = wiring.ingestor(index, progress=not args.json) if args.repair else None
    doctor = check_index(index, repair_with)
    result = doctor.to_json()
    if args.json:
        _print_json(result)
    else:
        for problem in result["before"]["problems"]:
            print(f"{problem['doc_id']}: {problem['detail']} {problem['path']}".rstrip())
        report = doctor.final
        state = "nhất quán" if report.consistent else "KHÔNG nhất quán (chạy --repair)"
        print(f"{report.documents} tài liệu, {report.chunks} đoạn: {state}")
    return 0 if doctor.final.consistent else 1


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    status = _open_index(settings).status()
    if args.json:
        _print_json(status.to_json())
    else:
        print(
            f"Tài liệu: {status.documents}\nĐoạn: {status.chunks}\n"
            f"Mô hình nhúng: {status.embedder}\nKho: {status.store}\n"
            f"Đang dở: {status.pending}"
        )
    return 0


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    from hoidap.models import ModelError, fetch_all

    try:
        fetch_all(settings.models_dir)
    except ModelError as exc:
        print(f"Lỗi mô hình: {exc}", file=sys.stderr)
        return 3
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.server import serve

    wiring = Wiring(settings)
    opened = []

    def build():  # after the auth checks: a refused start loads no model
        opened.append(wiring.open_index())
        return wiring.assistant(opened[0]), wiring.library(opened[0])

    def intake():  # uploads go into the same index the answers read
        return wiring.intake(opened[0])

    def dashboard(source: QuestionSource) -> Dashboard:
        # "Thống kê": the server's recorded questions, over the same index.
        return wiring.dashboard(opened[0], source)

    return serve(
        server_config(settings),
        build,
        host=args.host,
        port=args.port,
        intake=intake,
        dashboard=dashboard,
    )


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    import io

    from ui.database import Database
    from ui.feedback import FeedbackStore

    config = server_config(settings)
    store = FeedbackStore(config.data_dir, Database.open(config.data_dir, config.database_url))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            count = store.export_csv(out)
        print(f"Đã xuất {count} đánh giá vào {args.out}", file=sys.stderr)
    else:
        # UTF-8 whatever the terminal's locale, and the csv module's own line endings.
        sys.stdout.flush()
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        store.export_csv(out)
        out.flush()
        out.detach()  # sys.stdout keeps its buffer
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """The dashboard's figures ("Thống kê"); with --unanswered-csv, the unanswered report too."""
    from hoidap import wiring
    from ui.dashboard import parse_day, report_csv

    try:
        since = parse_day(args.since) if args.since else None
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    dashboard = Wiring(settings).dashboard(_open_index(settings), wiring.question_source(settings))
    figures = dashboard.figures(since)
    if args.unanswered_csv:
        report = dashboard.unanswered(since)
        Path(args.unanswered_csv).write_text(report_csv(report), encoding="utf-8")
        print(f"Đã ghi {len(report.groups)} nhóm vào {args.unanswered_csv}", file=sys.stderr)
    if args.json:
        _print_json(figures.to_json())
        return 0

    def share(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:,.0f} ms"

    print(f"Từ ngày: {figures.since or 'đầu'} — câu hỏi: {figures.questions}")
    print(
        f"Trả lời được: {figures.answered} · không có trong tài liệu: {figures.abstained} "
        f"({share(figures.abstained_share)})"
    )
    print("Cách trả lời: " + " · ".join(f"{k}: {v}" for k, v in figures.paths.items()))
    print(f"Thời gian trả lời: p50 {ms(figures.latency_p50_ms)} · p95 {ms(figures.latency_p95_ms)}")
    print(
        f"Đánh giá: {figures.rated} · 👍 {figures.thumbs_up} ({share(figures.up_share)}) · "
        f"👎 {figures.thumbs_down} ({share(figures.down_share)})"
    )
    if figures.top_documents:
        print("Tài liệu được trích dẫn nhiều nhất:")
        for doc in figures.top_documents:
            print(f"  {doc.citations:>6}  {doc.title} ({doc.doc_id})")
    if figures.per_day:
        print("Câu hỏi theo ngày (trả lời được / không có trong tài liệu):")
        for day in figures.per_day:
            print(f"  {day.day}  {day.questions:>6}  ({day.answered} / {day.abstained})")
    return 0


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from ui.auth import hash_password

    if not re.fullmatch(r"[\w.@-]{1,64}", args.name):
        print("Tên người dùng chỉ gồm chữ, số, . @ - _", file=sys.stderr)
        return 2
    groups = ""  # `:groups=a,b`: what the user may read besides the documents for everyone
    if args.groups:
        from index.access import InvalidGroup, parse_groups

        try:
            groups = ":groups=" + ",".join(parse_groups(args.groups))
        except InvalidGroup as error:
            print(f"--groups: {error}", file=sys.stderr)
            return 2
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    if len(password) < 8:
        print("Mật khẩu cần ít nhất 8 ký tự", file=sys.stderr)
        return 2
    path = Path(args.file) if args.file else settings.users_file
    if path is None:
        print("Chỉ rõ --file hoặc HOIDAP_USERS_FILE", file=sys.stderr)
        return 2
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    lines = [line for line in lines if not line.startswith(f"{args.name}:")]
    # Extra fields follow the hash as `:key=value` (older readers: only `name:hash` lines).
    role = ":role=admin" if args.role == "admin" else ""
    lines.append(f"{args.name}:{hash_password(password)}{role}{groups}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    print(f"Đã lưu người dùng {args.name} ({args.role}) vào {path}", file=sys.stderr)
    return 0


def _plain_structure_stack(settings: Settings) -> Wiring | None:
    """The same wiring with legal-structure parsing off, for 'bench legal' to compare ingest
    throughput; None while Settings has no such switch (a bool field ``legal_structure``)."""
    if "legal_structure" not in Settings.model_fields:
        return None
    return Wiring(settings.model_copy(update={"legal_structure": False}))


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    if args.what == "retrieval":
        from eval.bench_retrieval import format_table, run_retrieval_benchmark

        result = run_retrieval_benchmark(
            Wiring(settings),
            dataset_dir=Path(args.dataset_dir),
            limit=args.limit,
            out=Path(args.out) if args.out else None,
        )
        _print_json(result) if args.json else print(format_table(result))
        return 0
    if args.what == "legal":
        from eval.bench_legal import format_table as legal_table
        from eval.bench_legal import run_legal_benchmark

        result = run_legal_benchmark(
            Wiring(settings),
            Path(args.work or PROJECT_ROOT / ".hoidap-bench" / "legal"),
            plain_stack=_plain_structure_stack(settings),
            out=Path(args.out) if args.out else None,
        )
        _print_json(result) if args.json else print(legal_table(result))
        return 0
    if args.what == "ocr-retrieval":
        from eval.bench_ocr import bench_ocr_retrieval

        work = Path(args.work or PROJECT_ROOT / ".hoidap-bench" / "ocr")
        _print_json(bench_ocr_retrieval(Wiring(settings), work))
        return 0
    if args.what == "groups":
        from eval.bench_search import GROUP_FILTER_SIZE, bench_group_filter

        work = Path(args.work or PROJECT_ROOT / ".hoidap-bench" / "groups")
        size = int(args.sizes.split(",")[0]) if args.sizes else GROUP_FILTER_SIZE
        _print_json(bench_group_filter(Wiring(settings), Path(args.dataset_dir), work, size))
        return 0
    if args.what in ("dashboard", "dashboard-calibrate"):
        from eval import bench_dashboard

        work = Path(args.work or PROJECT_ROOT / ".hoidap-bench" / "dashboard")
        if args.what == "dashboard-calibrate":
            _print_json(bench_dashboard.calibrate(Wiring(settings), work, Path(args.dataset_dir)))
            return 0
        result = bench_dashboard.run_dashboard_benchmark(
            Wiring(settings),
            work,
            PROJECT_ROOT / "docs_corpus",
            Path(args.dataset_dir),
            args.limit or bench_dashboard.RECORDS,
        )
        _print_json(result) if args.json else print(bench_dashboard.format_table(result))
        return 0
    if args.what == "formats":
        from eval.format_samples import bench_formats

        work = Path(args.work or PROJECT_ROOT / ".hoidap-bench" / "formats")
        _print_json(bench_formats(Wiring(settings), work))
        return 0

    from eval.bench import bench_questions, run_bench
    from eval.bench_report import summary_markdown, write_outputs

    questions = bench_questions(args.limit)
    sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else None
    result = run_bench(
        Wiring(settings),
        args.what,
        dataset=Path(args.dataset_dir),
        corpus=PROJECT_ROOT / "docs_corpus",
        questions=questions,
        work=Path(args.work) if args.work else None,
        copy_noise=args.copy_noise,
        **({"sizes": sizes} if sizes else {}),
    )
    if args.out:
        for path in write_outputs(result, Path(args.out)):
            print(f"Đã ghi {path}", file=sys.stderr)
    _print_json(result) if args.json else print(summary_markdown(result))
    return 0


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="thư mục dữ liệu (mặc định: HOIDAP_DATA_DIR hoặc .hoidap)"
    )

    # What a search or a question may be narrowed to (issue 16).
    filtering = argparse.ArgumentParser(add_help=False)
    validity = filtering.add_mutually_exclusive_group()
    validity.add_argument(
        "--in-force-only",
        dest="in_force",
        action="store_true",
        default=None,
        help="chỉ văn bản còn hiệu lực (mặc định: HOIDAP_IN_FORCE_ONLY, bật); văn bản không "
        "có thông tin hiệu lực luôn được giữ",
    )
    validity.add_argument(
        "--all-versions", dest="in_force", action="store_false", help="cả văn bản hết hiệu lực"
    )
    filtering.add_argument(
        "--type", dest="doc_types", action="append", help="loại văn bản, vd. 'Thông tư' (lặp lại)"
    )
    filtering.add_argument("--issuer", dest="issuers", action="append", help="cơ quan ban hành")
    filtering.add_argument("--from", dest="date_from", help="ban hành từ ngày (YYYY-MM-DD)")
    filtering.add_argument("--to", dest="date_to", help="ban hành đến ngày (YYYY-MM-DD)")
    filtering.add_argument("--doc", dest="doc_ids", action="append", help="chỉ tài liệu này (id)")

    parser = argparse.ArgumentParser(prog="hoidap", description="Hỏi đáp tài liệu có trích dẫn.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="nạp tệp vào chỉ mục")
    p.add_argument("paths", nargs="+", help="tệp hoặc thư mục")
    p.add_argument("--prune", action="store_true", help="xoá tài liệu có tệp đã mất")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", parents=[common, filtering], help="tìm đoạn văn liên quan")
    p.add_argument("query", nargs="?", help="câu hỏi; bỏ trống để đọc từng dòng từ stdin")
    p.add_argument("-k", type=int, default=None, help="số kết quả")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "ask", parents=[common, filtering], help="hỏi và nhận câu trả lời có trích dẫn"
    )
    p.add_argument("question", nargs="?", help="câu hỏi; bỏ trống để đọc từng dòng từ stdin")
    p.add_argument("--mode", choices=["auto", "llm", "extractive"], default="auto")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", parents=[common], help="đo chất lượng câu trả lời")
    p.add_argument(
        "--dataset",
        default="golden",
        help=f"golden, {', '.join(BENCH_DATA_DIRS)} hoặc đường dẫn .jsonl",
    )
    p.add_argument("--mode", choices=["llm", "extractive"], default="extractive")
    p.add_argument("--limit", type=int, default=None, help="chỉ N câu hỏi đầu")
    p.add_argument(
        "--split",
        choices=["dev", "test", "all"],
        default="all",
        help="Zalo: chỉ phần dev (để chỉnh) hoặc test (để báo cáo); mặc định: tất cả",
    )
    p.add_argument("--out", default=None, help="thư mục ghi report.json và report.html")
    p.add_argument(
        "--check", action="store_true", help="exit 1 nếu dưới ngưỡng eval/thresholds.toml"
    )
    p.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="so sánh hai report.json")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("fit-reader", parents=[common], help="khớp lại bộ đọc (Zalo dev + golden)")
    p.add_argument("--zalo-data-dir", default=str(ZALO_DATA_DIR), help="chỉ mục kho Zalo")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fit_reader)

    p = sub.add_parser(
        "rescue-curve",
        parents=[common],
        help="ngưỡng cứu theo nghĩa trên các cặp Zalo có nhãn",
    )
    p.add_argument("--zalo-data-dir", default=str(ZALO_DATA_DIR), help="chỉ mục kho Zalo")
    p.add_argument("--split", choices=("dev", "test", "all"), default="all")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rescue_curve)

    p = sub.add_parser(
        "words-alike",
        parents=[common],
        help="chọn ngưỡng từ gần nghĩa trên các cặp Zalo có nhãn (dev), báo cáo test",
    )
    p.add_argument("--zalo-data-dir", default=str(ZALO_DATA_DIR), help="chỉ mục kho Zalo")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_words_alike)

    p = sub.add_parser("status", parents=[common], help="tình trạng chỉ mục")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("doctor", parents=[common], help="kiểm tra và sửa chỉ mục")
    p.add_argument("--repair", action="store_true", help="sửa: xoá phần lệch rồi nạp lại")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("models", parents=[common], help="ghép và kiểm tra mô hình ngoại tuyến")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("serve", parents=[common], help="chạy giao diện web")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("feedback", parents=[common], help="đánh giá 👍/👎 của người dùng")
    p.add_argument("what", choices=["export"])
    p.add_argument("--out", default=None, help="tệp CSV (mặc định: in ra stdout)")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("stats", parents=[common], help="thống kê câu hỏi (như thẻ “Thống kê”)")
    p.add_argument("--since", default=None, help="từ ngày (YYYY-MM-DD); mặc định: tất cả")
    p.add_argument(
        "--unanswered-csv",
        default=None,
        metavar="FILE",
        help="ghi thêm báo cáo “Câu hỏi chưa trả lời được” (CSV) vào FILE",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("users", parents=[common], help="người dùng được phép đăng nhập")
    p.add_argument("what", choices=["add"])
    p.add_argument("name")
    p.add_argument("--file", default=None, help="tệp người dùng (mặc định HOIDAP_USERS_FILE)")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    p.add_argument(
        "--role",
        choices=["user", "admin"],
        default="user",
        help="admin: được thêm và gỡ tài liệu trong ứng dụng (thẻ “Quản lý tài liệu”)",
    )
    p.add_argument(
        "--groups",
        default="",
        help="nhóm được đọc tài liệu, ví dụ phap-che,do-luong (admin đọc được mọi tài liệu)",
    )
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("bench", parents=[common], help="đo hiệu năng")
    p.add_argument(
        "what",
        choices=[
            "ingest",
            "search",
            "answer",
            "load",
            "all",
            "retrieval",
            "ocr-retrieval",
            "formats",
            "legal",
            "groups",
            "dashboard",
            "dashboard-calibrate",
        ],
    )
    p.add_argument("--dataset-dir", default=str(ZALO_DIR), help="Zalo WikiQA")
    p.add_argument("--limit", type=int, default=None, help="số câu hỏi (answer/load; retrieval)")
    p.add_argument("--sizes", default=None, help="kích thước chỉ mục, vd. 3000,30000,300000")
    p.add_argument("--work", default=None, help="thư mục làm việc (giữ lại để chạy lại nhanh)")
    p.add_argument(
        "--copy-noise",
        type=float,
        default=None,
        help="σ nhiễu vectơ của bản sao khi nhân cỡ chỉ mục (mặc định: hiệu chỉnh theo dữ liệu)",
    )
    p.add_argument("--out", default=None, help="thư mục (retrieval: tệp) ghi kết quả")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(data_dir=Path(args.data_dir) if args.data_dir else None)
    from index import EmbedderMismatchError, StoreUnavailableError

    try:
        return int(args.func(args, settings))
    except (StoreUnavailableError, EmbedderMismatchError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
