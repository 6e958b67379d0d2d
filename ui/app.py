"""Gradio app. For now: search over the indexed documents (the chat view builds on it)."""

from __future__ import annotations

import gradio as gr

from hoidap.settings import Settings
from index import SearchIndex

COLUMNS = ["#", "Tài liệu", "Ngày", "Điểm", "Đoạn văn"]


def build_app(index: SearchIndex) -> gr.Blocks:
    def search(query: str) -> list[list[object]]:
        hits = index.search(query)
        return [[h.rank, h.title, h.date, round(h.score, 3), h.text] for h in hits]

    with gr.Blocks(title="Hỏi đáp tài liệu") as app:
        gr.Markdown("## Hỏi đáp — tra cứu tài liệu\nGõ câu hỏi (có dấu hoặc không dấu).")
        query = gr.Textbox(label="Câu hỏi", placeholder="Ví dụ: STAMEQ là gì?")
        results = gr.Dataframe(
            headers=COLUMNS, label="Đoạn văn liên quan", wrap=True, interactive=False
        )
        query.submit(search, inputs=query, outputs=results)
        gr.Button("Tìm", variant="primary").click(search, inputs=query, outputs=results)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    index = SearchIndex(settings)
    print(f"Hỏi đáp đang chạy tại http://{host}:{port}")
    build_app(index).launch(server_name=host, server_port=port)
