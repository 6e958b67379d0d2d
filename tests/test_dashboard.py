"""The "Thống kê" dashboard and the unanswered-questions report (issue 17): the figures of
hand-made question records; three paraphrases of one missing topic grouped together, apart
from an unrelated question, with the closest passages of the real corpus; the CSV the document
owners get (opens with the csv module, no formula runs); `hoidap stats --json`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from hoidap import cli, wiring
from hoidap.wiring import Wiring
from tests.conftest import settings_of
from ui.dashboard import CSV_HEADERS, Dashboard, RecordList, figures, report_csv
from ui.questions import QuestionRecord

DAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
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
        ("2026-11-02", 3, 3, 0),
        ("2026-11-03", 0, 0, 0),
        ("2026-11-04", 2, 1, 1),
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
def report(corpus_index):
    """The report over the three paraphrases (one asked twice), an unrelated question, an
    answered question given 👎, one with a formula for a name, and answered questions."""
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
    dashboard = Wiring(settings_of(corpus_index)).dashboard(corpus_index, RecordList(records))
    assert isinstance(dashboard, Dashboard)
    return dashboard.unanswered()


def test_three_paraphrases_of_one_missing_topic_form_one_group(report):
    assert report.records == 7  # 6 abstained with a question, 1 👎; the 👍 one is answered
    top = report.groups[0]
    assert (top.count, top.distinct, top.abstained, top.disliked) == (4, 3, 4, 0)
    assert sorted(top.examples) == sorted(MISSING)
    assert top.examples[0] == MISSING[2]  # the most asked first, as last asked
    assert top.last_asked.startswith("2026-11-04")
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
    assert cli.main(["stats", "--json", "--since", "2026-11-01", *data_dir]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["questions"], out["answered"], out["abstained"]) == (5, 4, 1)
    assert out["since"] == "2026-11-01" and out["up_share"] == pytest.approx(2 / 3)
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
