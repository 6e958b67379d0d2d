"""Adding and removing documents from the app: the admin's "Quản lý tài liệu" tab, and the one
``DocumentManager`` that it and the REST API (``ui.api``) go through, which checks the role
and writes every attempt to the audit log (``ui.audit``).

The files themselves are handled by an intake handed in by the composition root (the ingest
side's ``DocumentIntake``: sanitised names, validated zips, the same ``Ingestor`` as ``hoidap
ingest``); this module only needs its small shape, ``Intake``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import gradio as gr

from assistant import Library
from index.access import InvalidGroup, parse_groups
from ui.audit import AuditLog
from ui.auth import Principal, principal_of_request

Progress = Callable[[int, int, str], None]  # (done, total, file name)


class IntakeResult(Protocol):
    def to_json(self) -> dict[str, Any]: ...


class Intake(Protocol):
    """What the app needs of the ingest side (``ingest.uploads.DocumentIntake``)."""

    file_types: tuple[str, ...]  # ".pdf", ".zip", …

    def staging(self) -> Path: ...

    def add(
        self,
        uploads: Sequence[tuple[str, Path]],
        progress: Progress | None = None,
        groups: tuple[str, ...] | None = None,
    ) -> IntakeResult: ...

    def remove(self, doc_id: str) -> dict[str, Any] | None: ...


class NotAllowed(Exception):
    """The caller is not an admin (the API answers 403)."""


FORBIDDEN = "Chỉ quản trị viên mới được thêm hoặc gỡ tài liệu"


class DocumentManager:
    def __init__(self, intake: Intake, audit: AuditLog, library: Library) -> None:
        self.intake = intake
        self.audit = audit
        self.library = library

    def require_admin(self, who: Principal | None, action: str, target: str) -> Principal:
        if who is None or not who.is_admin:
            self.audit.record(who.name if who else "?", action, target, "forbidden")
            raise NotAllowed(FORBIDDEN)
        return who

    def add(
        self,
        who: Principal | None,
        uploads: Sequence[tuple[str, Path]],
        progress: Progress | None = None,
        groups: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        """Ingest uploaded files, read by ``groups`` (None: as their folder's catalog says,
        everyone when it names them not); the ``hoidap ingest --json`` report plus each
        file's doc id."""
        names = ", ".join(name for name, _ in uploads)[:1000]
        admin = self.require_admin(who, "upload", names)
        try:
            report = self.intake.add(uploads, progress, groups).to_json()
        except Exception as exc:
            self.audit.record(admin.name, "upload", names, "failed", {"error": type(exc).__name__})
            raise
        accepted = report["added"] + report["updated"] + report["unchanged"]
        outcome = "ok" if not report["failed"] else "partial" if accepted else "refused"
        details = {
            key: report[key] for key in ("added", "updated", "unchanged", "failed", "documents")
        }
        if groups is not None:
            details["groups"] = list(groups)
        self.audit.record(admin.name, "upload", names, outcome, details)
        return report

    def remove(self, who: Principal | None, doc_id: str) -> dict[str, Any] | None:
        """Remove one document (index and corpus file); None when there is no such id."""
        admin = self.require_admin(who, "remove", doc_id)
        try:
            removed = self.intake.remove(doc_id)
        except Exception as exc:
            self.audit.record(admin.name, "remove", doc_id, "failed", {"error": type(exc).__name__})
            raise
        outcome = "ok" if removed else "not_found"
        self.audit.record(admin.name, "remove", doc_id, outcome, removed or {})
        return removed


# -- the tab ---------------------------------------------------------------------------------


def render_report(report: dict[str, Any]) -> str:
    """The upload's report as `hoidap ingest` gives it, escaped: counts, then each file."""
    counts = (
        f"<p class='manage-summary'>Nạp mới: <b>{int(report['added'])}</b> · cập nhật: "
        f"<b>{int(report['updated'])}</b> · không đổi: <b>{int(report['unchanged'])}</b> · "
        f"lỗi: <b>{len(report['failed'])}</b> · tổng số đoạn trong chỉ mục: "
        f"{int(report['chunks'])}</p>"
    )
    rows = [
        f"<tr class='ok'><td>{html.escape(d['file'])}</td><td>đã nạp</td>"
        f"<td><code>{html.escape(d['doc_id'])}</code></td></tr>"
        for d in report.get("documents", [])
    ]
    rows += [
        f"<tr class='failed'><td>{html.escape(f['path'])}</td><td>lỗi</td>"
        f"<td>{html.escape(f['reason'])}</td></tr>"
        for f in report["failed"]
    ]
    rows += [
        f"<tr class='warning'><td>{html.escape(w['path'])}</td><td>lưu ý</td>"
        f"<td>{html.escape(w['reason'])}</td></tr>"
        for w in report.get("warnings", [])
    ]
    if not rows:
        return counts
    return (
        f"{counts}<table class='documents'><thead><tr><th>Tệp</th><th>Kết quả</th>"
        f"<th>Mã tài liệu / lý do</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def upload_groups(text: str | None) -> tuple[str, ...] | None:
    """The groups an upload form or request names ("a, b"); None when it names none (the
    folder's catalog decides). Raises ``InvalidGroup`` naming a bad name."""
    if not text or not text.strip():
        return None
    return parse_groups(text) or None


def _document_choices(library: Library) -> list[tuple[str, str]]:
    return [(f"{d.title} ({d.doc_id})", d.doc_id) for d in library.documents()]


def build_manage_tab(manager: DocumentManager) -> None:
    """The "Quản lý tài liệu" tab (called inside the page's Tabs, only for an admin)."""
    from ui.render import render_documents

    library = manager.library
    types = list(manager.intake.file_types)
    with gr.Tab("Quản lý tài liệu", elem_id="manage-tab"):
        gr.Markdown(
            f"Tải lên tệp ({', '.join(t for t in types if t != '.zip')}) hoặc một tệp .zip "
            "chứa chúng. Tệp được lưu vào thư mục tài liệu và nạp ngay: câu hỏi tiếp theo đã "
            "tìm được nội dung mới. Tải lại đúng tệp đó thì không nạp lại; tệp cùng tên thì "
            "thay bản cũ."
        )
        files = gr.File(
            label="Tệp cần thêm",
            file_count="multiple",
            file_types=types,
            elem_id="manage-files",
        )
        groups = gr.Textbox(
            label="Nhóm được xem",
            placeholder="để trống: mọi người; ví dụ: phap-che, do-luong",
            info="Ghi vào catalog.toml của thư mục, nên lần nạp lại sau vẫn giữ.",
            elem_id="manage-groups",
        )
        add = gr.Button("Tải lên và nạp", variant="primary", elem_id="manage-add")
        report = gr.HTML(elem_id="manage-report")
        gr.Markdown("### Tài liệu đang dùng")
        table = gr.HTML(render_documents(library.documents()), elem_id="manage-documents")
        with gr.Row():
            pick = gr.Dropdown(
                choices=_document_choices(library),
                value=None,
                label="Chọn tài liệu để gỡ",
                elem_id="manage-pick",
                scale=4,
            )
            remove = gr.Button("Gỡ tài liệu", variant="stop", elem_id="manage-remove", scale=1)
        removed = gr.HTML(elem_id="manage-removed")
        gr.Markdown("### Nhật ký kiểm toán")
        # A plain link: the browser sends its credentials, and the route checks the role again.
        gr.HTML(
            '<a href="api/audit.csv" download="audit.csv" class="audit-export">'
            "Tải nhật ký kiểm toán (CSV)</a> — đăng nhập, câu hỏi, tải lên, gỡ bỏ, xuất dữ liệu.",
            elem_id="audit-export",
        )

        def listing() -> tuple[str, Any]:
            return render_documents(library.documents()), gr.update(
                choices=_document_choices(library), value=None
            )

        def add_files(
            paths: list[str] | None,
            group_text: str,
            request: gr.Request,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's own idiom)
        ) -> tuple[Any, ...]:
            if not paths:
                return ("<p>Chưa chọn tệp nào.</p>", *listing(), gr.skip())
            try:
                chosen = upload_groups(group_text)
            except InvalidGroup as exc:
                return (f"<p>{html.escape(str(exc))}</p>", *listing(), gr.skip())

            def step(done: int, total: int, name: str) -> None:
                progress((done, total), desc=f"Đang nạp {name}" if name else "Xong", unit="tệp")

            # Gradio keeps each upload under a folder of its own, with the name it was sent as.
            uploads = [(Path(p).name, Path(p)) for p in paths]
            try:
                result = manager.add(principal_of_request(request), uploads, step, chosen)
            except NotAllowed as exc:
                return (f"<p>{html.escape(str(exc))}</p>", *listing(), gr.skip())
            return (render_report(result), *listing(), None)

        def remove_document(doc_id: str | None, request: gr.Request) -> tuple[Any, ...]:
            if not doc_id:
                return ("<p>Chưa chọn tài liệu.</p>", *listing())
            try:
                gone = manager.remove(principal_of_request(request), doc_id)
            except NotAllowed as exc:
                return (f"<p>{html.escape(str(exc))}</p>", *listing())
            if gone is None:
                message = f"Không có tài liệu {html.escape(doc_id)}."
            else:
                where = (
                    "đã xoá tệp"
                    if gone["deleted"]
                    else "tệp nằm ngoài thư mục tài liệu, giữ nguyên"
                )
                message = (
                    f"Đã gỡ <b>{html.escape(gone['title'])}</b> "
                    f"(<code>{html.escape(doc_id)}</code>; {html.escape(gone['file'])}: {where})."
                )
            return (f"<p>{message}</p>", *listing())

        add.click(add_files, [files, groups], [report, table, pick, files], concurrency_limit=1)
        remove.click(remove_document, [pick], [removed, table, pick], concurrency_limit=1)
