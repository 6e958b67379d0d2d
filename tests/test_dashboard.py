"""The "Thống kê" dashboard and the unanswered-questions report (issue 17): the figures of
hand-made question records; three paraphrases of one missing topic grouped together, apart
from an unrelated question, with the closest passages of the real corpus; the CSV the document
owners get (opens with the csv module, no formula runs); `hoidap stats --json`."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hoidap import cli, wiring
from hoidap.wiring import Wiring, server_config
from tests.conftest import settings_of
from tests.helpers import signed_in_page
from ui.auth import hash_password
from ui.dashboard import CSV_HEADERS, Dashboard, RecordList, figures, report_csv
from ui.questions import QuestionRecord
from ui.server import create_server

# Ten days ago: the tab's default period (30 days) holds every record but the "old" one.
DAY = (datetime.now(UTC) - timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
HOP_TAC = "tcdlcl-2020-hop-tac-quoc-te"
TDC = "tdc-2024-dinh-huong"

# One topic the documents lack, asked three ways (none of these is in the calibration sets).
MISSING = [
    "Kiểm định viên có được hưởng phụ cấp độc hại không?",
    "Phụ cấp độc hại của người làm kiểm định là bao nhiêu?",
    "Chế độ phụ cấp độc hại dành cho kiểm định viên như thế nào?",
]
UNRELATED = "Thời hạn nộp báo cáo thuế thu nhập cá nhân là ngày nào?"
FORMULA = '=HYPERLINK("http://x.invalid","bấm")'
TAB = "Thống kê"
EVALUATOR = ("danh-gia", "mật khẩu người đánh giá")
STAFF = ("nhan-vien", "mật khẩu nhân viên")


def record(
    n: int,
    question: str = "APO là tổ chức gì?",
    *,
    days: int = 0,
    path: str = "quoted",
    latency_ms: float = 100.0,
    cited: tuple[str, ...] = (),
    rating: int | None = None,
) -> QuestionRecord:
    abstained = path == "abstained"
    return QuestionRecord(
        id=n,
        at=DAY + timedelta(days=days, minutes=n),
        user="nhan-vien",
        channel="chat",
        conversation_id="c1",
        question=question,
        answer="" if abstained else "Trả lời [1].",
        path=path,
        abstained=abstained,
        latency_ms=latency_ms,
        cited_doc_ids=() if abstained else cited,
        rating=rating,
    )


def hand_made() -> list[QuestionRecord]:
    return [
        record(1, path="quoted", latency_ms=100, cited=(HOP_TAC,), rating=1),
        record(2, path="generated", latency_ms=200, cited=(HOP_TAC, TDC), rating=1),
        record(3, path="fell_back_unsupported", latency_ms=300, cited=(TDC,), rating=-1),
        record(4, path="fell_back_llm_error", days=2, latency_ms=400, cited=(HOP_TAC,)),
        record(5, MISSING[0], path="abstained", days=2, latency_ms=1000),
        record(6, "cũ", path="quoted", days=-30, latency_ms=9999, cited=(TDC,), rating=-1),
    ]


def test_figures_of_hand_made_records():
    titles = {HOP_TAC: "Hợp tác quốc tế", TDC: "Định hướng 2024"}
    result = figures(hand_made(), since=DAY.date(), title=titles.__getitem__)
    assert (result.questions, result.answered, result.abstained) == (5, 4, 1)
    # Every day of the window, the empty one too.
    assert [(d.day, d.questions, d.answered, d.abstained) for d in result.per_day] == [
        (DAY.date().isoformat(), 3, 3, 0),
        ((DAY + timedelta(days=1)).date().isoformat(), 0, 0, 0),
        ((DAY + timedelta(days=2)).date().isoformat(), 2, 1, 1),
    ]
    assert result.paths == {
        "Trích dẫn": 1,
        "Mô hình": 1,
        "Mô hình → trích dẫn": 2,
        "Không có trong tài liệu": 1,
    }
    assert (result.latency_p50_ms, result.latency_p95_ms) == (300.0, 880.0)
    assert (result.rated, result.thumbs_up, result.thumbs_down) == (3, 2, 1)
    assert result.up_share == pytest.approx(2 / 3)
    assert [(d.doc_id, d.title, d.citations) for d in result.top_documents] == [
        (HOP_TAC, "Hợp tác quốc tế", 3),
        (TDC, "Định hướng 2024", 2),
    ]
    json.dumps(result.to_json(), ensure_ascii=False)  # JSON-able as it is
    assert figures(hand_made(), until=DAY.date() - timedelta(days=1)).questions == 1
    assert figures([]).latency_p50_ms is None and figures([]).per_day == []


@pytest.fixture(scope="module")
def dashboard(corpus_index) -> Dashboard:
    """Over the three paraphrases (one asked twice), an unrelated question, an answered
    question given 👎, one with a formula for a name, and answered questions; wired as the
    server wires it, over the real corpus."""
    records = [
        record(10, MISSING[0], path="abstained"),
        record(11, MISSING[1], path="abstained", days=1),
        record(12, MISSING[2].lower(), path="abstained", days=1),
        record(13, MISSING[2], path="abstained", days=2),
        record(14, UNRELATED, path="abstained"),
        record(15, FORMULA, path="abstained"),
        record(16, "APO là tổ chức gì?", cited=(HOP_TAC,), rating=-1),
        record(17, "Ai là Chủ tịch APO?", cited=(HOP_TAC,), rating=1),
        record(18, "", path="abstained"),  # the question the retention setting dropped
    ]
    return Wiring(settings_of(corpus_index)).dashboard(corpus_index, RecordList(records))


@pytest.fixture(scope="module")
def report(dashboard):
    return dashboard.unanswered()


def test_three_paraphrases_of_one_missing_topic_form_one_group(report):
    assert report.records == 7  # 6 abstained with a question, 1 👎; the 👍 one is answered
    top = report.groups[0]
    assert (top.count, top.distinct, top.abstained, top.disliked) == (4, 3, 4, 0)
    assert sorted(top.examples) == sorted(MISSING)
    assert top.examples[0] == MISSING[2]  # the most asked first, as last asked
    assert top.last_asked.startswith((DAY + timedelta(days=2)).date().isoformat())
    others = [g.examples for g in report.groups[1:]]
    assert [UNRELATED] in others and ["APO là tổ chức gì?"] in others
    assert next(g for g in report.groups if g.examples == ["APO là tổ chức gì?"]).disliked == 1
    # The closest passages: from the real corpus, unrestricted, for the owners to start from.
    apo = next(g for g in report.groups if g.examples == ["APO là tổ chức gì?"])
    assert apo.passages and all(p.doc_id and p.title and p.text for p in apo.passages)
    assert "APO" in " ".join(p.text for p in apo.passages)


def test_the_csv_opens_with_the_csv_module_and_runs_no_formula(report):
    text = report_csv(report)
    assert text.startswith("\ufeff")  # spreadsheets read the Vietnamese as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_HEADERS
    assert len(rows) == 1 + len(report.groups)
    assert rows[1][1] == "4" and rows[1][6].splitlines() == report.groups[0].examples
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_hoidap_stats_json_gives_the_dashboard_figures(cli_data_dir, monkeypatch, capsys):
    monkeypatch.setattr(wiring, "question_source", lambda settings: RecordList(hand_made()))
    data_dir = ["--data-dir", str(cli_data_dir)]
    since = (DAY - timedelta(days=1)).date().isoformat()
    assert cli.main(["stats", "--json", "--since", since, *data_dir]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["questions"], out["answered"], out["abstained"]) == (5, 4, 1)
    assert out["since"] == since and out["up_share"] == pytest.approx(2 / 3)
    assert out["paths"]["Mô hình → trích dẫn"] == 2
    assert out["latency_p95_ms"] == 880.0
    # Titles from the index's documents, as the tab shows them.
    assert out["top_documents"][0]["doc_id"] == HOP_TAC
    assert out["top_documents"][0]["title"] not in ("", HOP_TAC)

    assert cli.main(["stats", *data_dir]) == 0
    text = capsys.readouterr().out
    assert "câu hỏi: 6" in text and "p95" in text and "👎 2" in text
    assert cli.main(["stats", "--since", "2/30/2026", *data_dir]) == 2
    assert "ngày không hợp lệ" in capsys.readouterr().err


def test_an_evaluator_sees_the_charts_and_downloads_the_gaps_a_user_never_sees_the_tab(
    dashboard, corpus_index, browser, tmp_path
):
    users = tmp_path / "users"
    users.write_text(
        f"{EVALUATOR[0]}:{hash_password(EVALUATOR[1], iterations=1000)}:role=evaluator\n"
        f"{STAFF[0]}:{hash_password(STAFF[1], iterations=1000)}\n",
        encoding="utf-8",
    )
    settings = settings_of(corpus_index).model_copy(update={"users_file": users})
    wired = Wiring(settings)
    server = create_server(
        server_config(settings),
        wired.assistant(corpus_index),
        wired.library(corpus_index),
        dashboard=lambda _source: dashboard,
    )
    with InProcessApp(server) as url:
        staff = signed_in_page(browser, url, STAFF)
        staff.wait_for_timeout(1500)  # the page's load events (and the gated render) ran
        assert TAB not in staff.get_by_role("tab").all_inner_texts()
        assert TAB not in staff.content()
        staff.context.close()

        page = signed_in_page(browser, url, EVALUATOR)
        page.get_by_role("tab", name=TAB).click()
        summary = page.locator("#dashboard-summary")
        summary.get_by_text("Không có trong tài liệu").wait_for(timeout=60_000)
        assert "Câu hỏi" in summary.inner_text()
        # The charts drew (Vega renders each into a canvas or an svg).
        for chart in ("#dashboard-per-day", "#dashboard-paths", "#dashboard-documents"):
            page.locator(f"{chart} canvas, {chart} svg").first.wait_for(timeout=60_000)
        page.locator("#dashboard-gaps").get_by_text("Câu hỏi chưa trả lời được").first.click()
        table = page.locator("#dashboard-unanswered")
        table.get_by_text(UNRELATED).first.wait_for(timeout=120_000)
        with page.expect_download(timeout=60_000) as download:
            page.locator("#dashboard-csv").click()
        text = download.value.path().read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert tuple(rows[0]) == CSV_HEADERS
        assert sorted(rows[1][6].splitlines()) == sorted(MISSING)
        page.context.close()


class InProcessApp:
    """The whole server (auth guard, API, page) on a real uvicorn on loopback, in process."""

    def __init__(self, server: Any) -> None:
        import uvicorn

        from tests.helpers import free_port

        self.url = f"http://127.0.0.1:{free_port()}"
        port = int(self.url.rsplit(":", 1)[1])
        self.server = uvicorn.Server(uvicorn.Config(server, port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
