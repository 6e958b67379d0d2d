"""Adding and removing documents in the app (issue 15): an admin uploads a PDF in Chromium and
asks about it; a non-admin gets 403 and never sees the tab; a zip with `../` names or a zip
bomb is refused with its reason and nothing is touched; removals take effect and every add or
remove is in the audit log. One real `hoidap serve` (users file, corpus folder) for all."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest

from hoidap.settings import Settings
from ingest.catalog import read_catalog, record_groups, restore_catalog
from ingest.errors import RejectedFileError
from ingest.uploads import safe_name
from tests.conftest import ROOT, ingest, open_index
from tests.helpers import ServedApp, http_request, post_json, signed_in_page, write_pdf
from ui.audit import AuditLog
from ui.auth import AuthConfigError, hash_password, read_accounts

ADMIN = ("quan-tri", "mật khẩu quản trị")
STAFF = ("nhan-vien", "mật khẩu nhân viên")
TAB = "Quản lý tài liệu"
PDF_FACT = "Năm 2025, Phòng thí nghiệm Sao Mai đã kiểm định 3.456 cân điện tử cho các chợ đầu mối."
ADD_USER = [sys.executable, "-m", "hoidap", "users", "add"]
PDF_QUESTION = "Phòng thí nghiệm Sao Mai đã kiểm định bao nhiêu cân điện tử?"


def _basic(user: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()


def _request(
    url: str,
    method: str = "GET",
    user: tuple[str, str] | None = None,
    files: list[tuple[str, bytes]] | None = None,
    fields: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One request (multipart when ``files``, with form ``fields``): status and parsed JSON
    (or text)."""
    headers = {"Authorization": _basic(user)} if user else {}
    data = None
    if files is not None:
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in (fields or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, content in files:
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        data = body.getvalue()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    return http_request(url, data, method, headers, timeout=120)


def _ask(app: ServedApp, question: str) -> dict[str, Any]:
    status, answer = post_json(
        f"{app.url}/api/ask",
        {"question": question, "mode": "extractive"},
        headers={"Authorization": _basic(STAFF)},
    )
    assert status == 200, answer
    return answer


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, hidden ones included, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("manage")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "hoa-sen.txt").write_text(
        "Quy chế phòng thí nghiệm Hoa Sen\n\n"
        "Phòng thí nghiệm Hoa Sen được thành lập năm 1987 tại Đà Lạt.\n",
        encoding="utf-8",
    )
    data_dir = root / "data"
    index = open_index(Settings(data_dir=data_dir), embedder)
    assert ingest(index, corpus).added == 1
    users = root / "users"
    # The admin through the CLI, as staff would add one; the other user written directly.
    subprocess.run(
        [*ADD_USER, ADMIN[0], "--role", "admin", "--file", str(users), "--password-stdin"],
        input=ADMIN[1] + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    with users.open("a", encoding="utf-8") as out:
        out.write(f"{STAFF[0]}:{hash_password(STAFF[1], iterations=1000)}\n")
    return {"corpus": corpus, "data_dir": data_dir, "users": users}


@pytest.fixture(scope="module")
def app(site: dict[str, Any]):
    with ServedApp(
        site["data_dir"],
        HOIDAP_USERS_FILE=str(site["users"]),
        HOIDAP_CORPUS_DIR=str(site["corpus"]),
        HOIDAP_ANSWER_MODE="extractive",
    ) as served:
        yield served


def test_a_non_admin_gets_403_and_never_sees_the_tab(app, browser, site):
    before = _tree(site["corpus"])
    status, body = _request(
        f"{app.url}/api/documents", "POST", STAFF, [("x.txt", "Nội dung".encode())]
    )
    assert status == 403 and "quản trị" in body["error"]
    status, _ = _request(f"{app.url}/api/documents/hoa-sen-txt", "DELETE", STAFF)
    assert status == 403
    status, _ = _request(f"{app.url}/api/documents", "POST", None, [("x.txt", b"abc")])
    assert status == 401
    assert _tree(site["corpus"]) == before

    page = signed_in_page(browser, app.url, STAFF)
    page.wait_for_timeout(1500)  # the page's load events (and the admin-only render) ran
    assert TAB not in page.get_by_role("tab").all_inner_texts()
    assert TAB not in page.content()
    page.context.close()
    forbidden = [e for e in AuditLog(site["data_dir"]).events() if e.outcome == "forbidden"]
    assert {e.actor for e in forbidden} == {STAFF[0]}


def test_the_admin_uploads_a_pdf_in_chromium_and_gets_a_cited_answer(app, browser, site, tmp_path):
    pdf = write_pdf(
        tmp_path / "Báo cáo kiểm định Sao Mai.pdf",
        ["Báo cáo kiểm định đo lường năm 2025", PDF_FACT],
    )
    page = signed_in_page(browser, app.url, ADMIN)
    page.get_by_role("tab", name=TAB).click()
    page.locator("#manage-files input[type=file]").set_input_files(str(pdf))
    page.wait_for_selector("#manage-files :text('Báo cáo kiểm định Sao Mai')", timeout=30_000)
    page.click("#manage-add")
    page.wait_for_selector("#manage-report .manage-summary", timeout=120_000)
    report = page.inner_text("#manage-report")
    assert "Nạp mới: 1" in report and "lỗi: 0" in report, report
    assert "Báo cáo kiểm định Sao Mai.pdf" in page.inner_text("#manage-report")
    assert (site["corpus"] / pdf.name).read_bytes() == pdf.read_bytes()

    page.get_by_role("tab", name="Hỏi đáp").click()
    page.locator("#mode label", has_text="Trích dẫn nguyên văn").click()
    page.fill("#question textarea", PDF_QUESTION)
    page.click("#ask")
    page.wait_for_selector("#chat a.cite", timeout=60_000)
    assert "3.456" in page.locator("#chat .bot").last.inner_text()
    page.context.close()

    upload = next(e for e in AuditLog(site["data_dir"]).events() if e.action == "upload")
    assert (upload.actor, upload.outcome, upload.target) == (ADMIN[0], "ok", pdf.name)
    assert upload.at.endswith("+00:00") and upload.details["added"] == 1


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "code"),
    [
        (
            {"tot.txt": "Tệp tốt đi kèm.".encode(), "../../thoat-ra.txt": "ra ngoài".encode()},
            "unsafe_archive_path",
        ),
        ({"/etc/cron.d/x.txt": b"absolute"}, "unsafe_archive_path"),
        # 20 MB of zeros deflate to ~20 KB: a ratio of ~1,000, over the limit of 100.
        ({"tot.txt": "Tệp tốt.".encode(), "bom.txt": b"0" * (20 * 1024 * 1024)}, "zip_bomb"),
    ],
    ids=["dotdot", "absolute", "bomb"],
)
def test_a_hostile_zip_is_refused_with_its_reason_and_nothing_is_touched(app, site, members, code):
    corpus_before = _tree(site["corpus"])
    outside_before = sorted(p.name for p in site["corpus"].parent.iterdir())
    _, listed_before = _request(f"{app.url}/api/documents", user=STAFF)
    status, body = _request(
        f"{app.url}/api/documents", "POST", ADMIN, [("tai-lieu.zip", _zip(members))]
    )
    assert status == 422, body
    assert [f["code"] for f in body["report"]["failed"]] == [code]
    assert body["reasons"] and body["reasons"][0].startswith("tai-lieu.zip: ")
    assert _tree(site["corpus"]) == corpus_before
    assert sorted(p.name for p in site["corpus"].parent.iterdir()) == outside_before
    assert _request(f"{app.url}/api/documents", user=STAFF)[1] == listed_before
    assert not any((site["data_dir"] / "uploads-tmp").iterdir())  # staging cleaned up
    last = AuditLog(site["data_dir"]).events(1)[0]
    assert (last.action, last.outcome, last.target) == ("upload", "refused", "tai-lieu.zip")


def test_a_removed_document_is_no_longer_found_and_both_steps_are_audited(app, site):
    text = "Quy định Bạch Mã\n\nTrạm quan trắc Bạch Mã đo được 412 mm mưa trong tháng 9.\n"
    status, report = _request(
        f"{app.url}/api/documents", "POST", ADMIN, [("../bach-ma.txt", text.encode())]
    )
    assert status == 200 and report["added"] == 1, report
    assert (site["corpus"] / "bach-ma.txt").is_file()  # the `../` stayed in the name only
    doc_id = report["documents"][0]["doc_id"]
    question = "Trạm Bạch Mã đo được bao nhiêu mm mưa trong tháng 9?"
    assert doc_id in {c["doc_id"] for c in _ask(app, question)["citations"]}

    status, body = _request(f"{app.url}/api/documents/{doc_id}", "DELETE", ADMIN)
    assert status == 200 and body["removed"]["deleted"] is True
    assert not (site["corpus"] / "bach-ma.txt").exists()
    answer = _ask(app, question)
    assert doc_id not in {c["doc_id"] for c in answer["citations"]}
    assert "412" not in answer["answer"]
    status, _ = _request(f"{app.url}/api/documents/{doc_id}", "DELETE", ADMIN)
    assert status == 404

    # (Sign-ins and the questions asked between are in the log too.)
    events = [e for e in AuditLog(site["data_dir"]).events() if e.action in ("upload", "remove")]
    events = events[:3]
    assert [(e.action, e.target, e.outcome) for e in reversed(events)] == [
        ("upload", "../bach-ma.txt", "ok"),
        ("remove", doc_id, "ok"),
        ("remove", doc_id, "not_found"),
    ]
    assert {e.actor for e in events} == {ADMIN[0]}


def test_an_upload_for_one_group_is_hidden_from_other_staff_and_its_catalog_keeps_it(app, site):
    text = "Quy chế nội bộ Tràng An\n\nQuỹ khen thưởng Tràng An năm 2025 là 918 triệu đồng.\n"
    question = "Quỹ khen thưởng Tràng An năm 2025 là bao nhiêu?"
    upload = [("trang-an.txt", text.encode())]
    url = f"{app.url}/api/documents"
    status, body = _request(url, "POST", ADMIN, upload, {"groups": "Phap-Che; bad name!"})
    assert status == 422 and "groups" in body["reasons"][0]  # refused, nothing written
    assert not (site["corpus"] / "trang-an.txt").exists()

    status, report = _request(url, "POST", ADMIN, upload, {"groups": "phap-che"})
    assert status == 200 and report["added"] == 1, report
    doc_id = report["documents"][0]["doc_id"]
    # The catalog says so (a later `hoidap ingest` of the folder keeps it), the staff member
    # outside the group neither finds nor lists it, the admin sees it with its group.
    assert read_catalog(site["corpus"])["trang-an.txt"].groups == ("phap-che",)
    answer = _ask(app, question)
    assert (
        doc_id not in {c["doc_id"] for c in answer["citations"]} and "918" not in answer["answer"]
    )
    assert doc_id not in {d["doc_id"] for d in _request(url, user=STAFF)[1]["documents"]}
    listed = {d["doc_id"]: d for d in _request(url, user=ADMIN)[1]["documents"]}
    assert listed[doc_id]["groups"] == ["phap-che"]
    # Sent again for another group: the catalog's entry wins until a person edits it.
    status, body = _request(url, "POST", ADMIN, upload, {"groups": "do-luong"})
    assert status == 422 and body["report"]["failed"][0]["code"] == "catalog_conflict"
    assert read_catalog(site["corpus"])["trang-an.txt"].groups == ("phap-che",)
    assert _request(f"{url}/{doc_id}", "DELETE", ADMIN)[0] == 200


def test_recording_an_uploads_groups_keeps_what_people_wrote_in_the_catalog(tmp_path):
    written = '# Danh mục của phòng\n[[document]]\nfile = "a.txt"\ntitle = "A"\n'
    (tmp_path / "catalog.toml").write_text(written, encoding="utf-8")
    before = record_groups(tmp_path, 'b "mới".txt', ("do-luong", "phap-che"))
    assert before == written.encode()
    entries = read_catalog(tmp_path)
    assert entries['b "mới".txt'].groups == ("do-luong", "phap-che")
    assert entries["a.txt"].title == "A"
    assert (tmp_path / "catalog.toml").read_text(encoding="utf-8").startswith(written)
    assert record_groups(tmp_path, "c.txt", ("everyone",)) is None  # the default: no entry
    restore_catalog(tmp_path, before)
    assert (tmp_path / "catalog.toml").read_text(encoding="utf-8") == written
    with pytest.raises(RejectedFileError) as refused:
        record_groups(tmp_path, "a.txt", ("phap-che",))
    assert refused.value.code == "catalog_conflict"


def test_the_history_panel_reopens_renames_and_deletes_only_the_users_conversations(app, browser):
    """Issue 17 in Chromium: each answer is kept in "Lịch sử"; a conversation reopens with its
    sources; rename and delete; another user's list has none of it; the admin's audit export."""
    first, second = "Phòng thí nghiệm Hoa Sen được thành lập năm nào?", "Hoa Sen ở đâu?"
    page = signed_in_page(browser, app.url, STAFF)
    page.locator("#mode label", has_text="Trích dẫn nguyên văn").click()
    for question in (first, second):
        page.fill("#question textarea", question)
        page.click("#ask")
        page.locator("#history-list label", has_text=question).wait_for(timeout=60_000)
        page.click("#new-chat")
        # "Cuộc trò chuyện mới" un-picks the list; wait for it, or it lands after the reopen.
        page.wait_for_function(
            "() => !document.querySelector('#history-list input:checked')", timeout=30_000
        )
    listed = page.locator("#history-list label")
    assert listed.count() == 2 and second in listed.first.inner_text()  # the latest first
    page.locator("#history-list label", has_text=first).click()
    page.wait_for_selector("#chat a.cite", timeout=30_000)
    assert first in page.inner_text("#chat") and second not in page.inner_text("#chat")
    page.locator("#chat a.cite").first.click()
    page.wait_for_selector("#source-panel mark", timeout=30_000)
    assert "1987" in page.inner_text("#source-panel")
    page.screenshot(path=str(ROOT / "docs" / "screenshots" / "history.png"))

    page.locator("#history-title :is(input, textarea)").fill("Hoa Sen thành lập")
    page.click("#history-rename")
    page.locator("#history-list label", has_text="Hoa Sen thành lập").wait_for(timeout=30_000)
    page.click("#history-delete")
    page.wait_for_function(
        "() => document.querySelectorAll('#history-list label').length === 1", timeout=30_000
    )
    assert "Hoa Sen thành lập" not in page.inner_text("#history-list")
    assert not page.locator("#chat a.cite").count()  # the open conversation went with it
    page.context.close()

    other = signed_in_page(browser, app.url, ADMIN)
    other.wait_for_timeout(1500)  # the page's load events ran
    assert "Hoa Sen" not in other.inner_text("#history-list")
    other.context.close()
    status, exported = _request(f"{app.url}/api/audit.csv", user=ADMIN)
    assert status == 200 and "sign_in" in exported and "question" in exported
    assert first not in exported  # question text is kept only when the setting allows
    assert _request(f"{app.url}/api/audit.csv", user=STAFF)[0] == 403


def test_the_audit_log_cannot_be_rewritten(tmp_path):
    import sqlite3

    log = AuditLog(tmp_path)
    log.record("a", "upload", "x.pdf", "ok")
    with sqlite3.connect(log.path) as db, pytest.raises(sqlite3.DatabaseError, match="append"):
        db.execute("DELETE FROM audit_events")
    with sqlite3.connect(log.path) as db, pytest.raises(sqlite3.DatabaseError, match="append"):
        db.execute("UPDATE audit_events SET actor = 'b'")
    assert [e.actor for e in log.events()] == ["a"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Windows\\system.ini.txt", "system.ini.txt"),
        ("/abs/ghi-chu.md", "ghi-chu.md"),
        ("CON.txt", "_CON.txt"),
        ("bao\u202ecao\x00.pdf", "bao_cao.pdf"),
        ("  .an-di.pdf. ", "an-di.pdf"),
        ("Quyết định số 1.pdf", "Quyết định số 1.pdf"),
    ],
)
def test_client_names_are_made_safe(sent, kept):
    assert safe_name(sent) == kept
    assert os.sep not in kept


@pytest.mark.parametrize("sent", ["..", "../", "C:", "\x01\x02", "..."])
def test_a_name_with_nothing_usable_left_is_refused(sent):
    with pytest.raises(RejectedFileError) as refused:
        safe_name(sent)
    assert refused.value.code == "bad_name"


def test_users_file_roles_are_read_and_older_lines_still_work(tmp_path):
    users = tmp_path / "users"
    stored = hash_password("mật khẩu dài", iterations=1000)
    users.write_text(f"cu:{stored}\nmoi:{stored}:role=admin\n", encoding="utf-8")
    accounts = read_accounts(users)
    assert (accounts["cu"].role, accounts["moi"].role) == ("user", "admin")
    users.write_text(f"sai:{stored}:role=chu-nhan\n", encoding="utf-8")
    with pytest.raises(AuthConfigError, match="users:1"):
        read_accounts(users)
