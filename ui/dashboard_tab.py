"""The "Thống kê" tab (issue 17): the dashboard's figures as charts, and the "Câu hỏi chưa
trả lời được" groups as a table with a CSV download, for admins and evaluators only: for anyone
else the tab is never built (``ui.app`` mounts it as it mounts "Quản lý tài liệu").

The figures come from ``ui.dashboard``; this module only turns them into Gradio's components
(pandas frames for ``gr.LinePlot`` / ``gr.BarPlot``). The figures are computed as the tab is
built (milliseconds for 10,000 questions); the unanswered report, which embeds questions and
searches the documents, when its accordion is opened; both again on "Cập nhật" or a new period.
"""

from __future__ import annotations

import html
import os
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from ui.auth import principal_of_request
from ui.dashboard import CSV_HEADERS, Dashboard, Figures, report_csv, report_rows

PERIODS = [("7 ngày", 7), ("30 ngày", 30), ("90 ngày", 90), ("Tất cả", 0)]
DEFAULT_PERIOD = 30
FORBIDDEN = "Chỉ quản trị viên và người đánh giá mới xem được thống kê"
ANSWERED = "Trả lời được"
ABSTAINED = "Không có trong tài liệu"


def since_of(days: int | None, today: date | None = None) -> date | None:
    """The first day of the last ``days`` days (today included); None: all time."""
    if not days:
        return None
    return (today or datetime.now(UTC).date()) - timedelta(days=int(days) - 1)


def per_day_frame(figures: Figures) -> pd.DataFrame:
    rows = [
        (d.day, label, count)
        for d in figures.per_day
        for label, count in ((ANSWERED, d.answered), (ABSTAINED, d.abstained))
    ]
    return pd.DataFrame(rows, columns=["Ngày", "Kết quả", "Số câu hỏi"])


def paths_frame(figures: Figures) -> pd.DataFrame:
    return pd.DataFrame(list(figures.paths.items()), columns=["Cách trả lời", "Số câu trả lời"])


def ratings_frame(figures: Figures) -> pd.DataFrame:
    return pd.DataFrame(
        [("👍", figures.thumbs_up), ("👎", figures.thumbs_down)], columns=["Đánh giá", "Số lượt"]
    )


def documents_frame(figures: Figures) -> pd.DataFrame:
    rows = [(f"{d.title} ({d.doc_id})", d.citations) for d in figures.top_documents]
    return pd.DataFrame(rows, columns=["Tài liệu", "Số câu trả lời trích dẫn"])


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:.1f} giây"


def render_summary(figures: Figures) -> str:
    """The headline numbers, escaped."""
    cells = [
        ("Câu hỏi", f"{figures.questions:,}"),
        (ANSWERED, f"{figures.answered:,}"),
        (ABSTAINED, f"{figures.abstained:,} ({_share(figures.abstained_share)})"),
        ("Thời gian trả lời p50 / p95", f"{_ms(figures.latency_p50_ms)} / "
         f"{_ms(figures.latency_p95_ms)}"),
        ("👍 / 👎", f"{_share(figures.up_share)} / {_share(figures.down_share)} "
         f"({figures.rated:,} lượt)"),
    ]  # fmt: skip
    items = "".join(
        "<div class='stat' style='padding:0 1.5em 0 0'>"
        f"<div class='stat-label' style='opacity:.7'>{html.escape(label)}</div>"
        f"<div class='stat-value' style='font-size:1.4em;font-weight:600'>{html.escape(value)}"
        "</div></div>"
        for label, value in cells
    )
    return f"<div class='dashboard-summary' style='display:flex;flex-wrap:wrap'>{items}</div>"


def build_dashboard_tab(dashboard: Dashboard) -> None:
    """The "Thống kê" tab (called inside the page's Tabs, only for admins and evaluators)."""
    first = dashboard.figures(since_of(DEFAULT_PERIOD))
    with gr.Tab("Thống kê", elem_id="dashboard-tab") as tab:
        with gr.Row():
            period = gr.Radio(
                PERIODS,
                value=DEFAULT_PERIOD,
                label="Khoảng thời gian",
                elem_id="dashboard-period",
                interactive=True,
                scale=4,
            )
            refresh = gr.Button("Cập nhật", elem_id="dashboard-refresh", scale=1)
        summary = gr.HTML(render_summary(first), elem_id="dashboard-summary")
        with gr.Row():
            # Bars per day, answered and abstained stacked (a line over a few days reads as
            # hours on a time axis).
            per_day = gr.BarPlot(
                per_day_frame(first),
                x="Ngày",
                y="Số câu hỏi",
                color="Kết quả",
                sort="x",
                y_lim=[0, None],
                x_label_angle=-45,
                label="Câu hỏi theo ngày",
                elem_id="dashboard-per-day",
            )
            paths = gr.BarPlot(
                paths_frame(first),
                x="Cách trả lời",
                y="Số câu trả lời",
                y_lim=[0, None],
                label="Cách trả lời",
                elem_id="dashboard-paths",
            )
        with gr.Row():
            ratings = gr.BarPlot(
                ratings_frame(first),
                x="Đánh giá",
                y="Số lượt",
                y_lim=[0, None],
                label="Đánh giá 👍/👎",
                elem_id="dashboard-ratings",
            )
            documents = gr.BarPlot(
                documents_frame(first),
                x="Tài liệu",
                y="Số câu trả lời trích dẫn",
                y_lim=[0, None],
                label="Tài liệu được trích dẫn nhiều nhất",
                sort="-y",
                elem_id="dashboard-documents",
            )
        with gr.Accordion(
            "Câu hỏi chưa trả lời được", open=False, elem_id="dashboard-gaps"
        ) as gaps:
            gr.Markdown(
                "Câu hỏi không có trong tài liệu và câu trả lời bị đánh giá 👎, gom theo chủ "
                "đề, kèm các đoạn gần nhất trong tài liệu: danh sách nội dung cần bổ sung cho "
                "người phụ trách tài liệu."
            )
            groups = gr.Dataframe(
                headers=list(CSV_HEADERS),
                interactive=False,
                wrap=True,
                column_widths=["5%", "7%", "8%", "7%", "7%", "10%", "28%", "28%"],
                elem_id="dashboard-unanswered",
            )
            download = gr.DownloadButton("Tải CSV", elem_id="dashboard-csv", interactive=False)

        folders: list[Path] = []

        def show_figures(days: int | None, request: gr.Request) -> tuple[Any, ...]:
            who = principal_of_request(request)
            if who is None or not who.sees_dashboard:
                return (f"<p>{html.escape(FORBIDDEN)}</p>", *(gr.skip(),) * 4)
            result = dashboard.figures(since_of(days))
            return (
                render_summary(result),
                per_day_frame(result),
                paths_frame(result),
                ratings_frame(result),
                documents_frame(result),
            )

        def show_unanswered(days: int | None, request: gr.Request) -> tuple[Any, ...]:
            who = principal_of_request(request)
            if who is None or not who.sees_dashboard:
                return gr.skip(), gr.skip()
            report = dashboard.unanswered(since_of(days))
            if not folders:  # one private (0700) folder for this page, in Gradio's own
                where = os.environ.get("GRADIO_TEMP_DIR") or None
                folders.append(Path(tempfile.mkdtemp(prefix="hoidap-stats-", dir=where)))
            path = folders[0] / f"cau-hoi-chua-tra-loi-{datetime.now(UTC):%Y%m%d}.csv"
            path.write_text(report_csv(report), encoding="utf-8")
            frame = pd.DataFrame(report_rows(report), columns=list(CSV_HEADERS))
            return frame, gr.update(value=str(path), interactive=bool(report.groups))

        quick: dict[str, Any] = {"show_progress": "hidden", "concurrency_limit": None}
        charts = [summary, per_day, paths, ratings, documents]
        report: dict[str, Any] = {"concurrency_limit": 2, "concurrency_id": "dashboard-report"}
        tab.select(show_figures, [period], charts, **quick)
        gaps.expand(show_unanswered, [period], [groups, download], **report)
        for trigger in (refresh.click, period.input):
            trigger(show_figures, [period], charts, **quick).then(
                show_unanswered, [period], [groups, download], **report
            )
