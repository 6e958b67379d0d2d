"""Ingestion into a real embedded Chroma with the real embedder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import assistant_for, ingest
from tests.helpers import write_pdf


def test_corpus_ingests_with_catalog_metadata(corpus_index):
    status = corpus_index.status()
    assert status.documents == 5 and status.chunks > 5 and status.pending == 0
    row = corpus_index.document("tdc-2024-dinh-huong")
    assert row.info.title.startswith("Hoạt động Tiêu chuẩn Đo lường Chất lượng 2024")
    assert row.info.date == "2023-12-25"
    assert row.info.source == "Tổng cục Tiêu chuẩn Đo lường Chất lượng"


def test_chunk_spans_point_into_the_cleaned_text(corpus_index):
    from ingest.loaders import RawSection
    from ingest.pipeline import assemble

    row = corpus_index.document("htqt-2015-2020-nang-luc-hoi-nhap")
    cleaned, _ = assemble([RawSection(Path(row.path).read_text(encoding="utf-8"))])
    hits = corpus_index.search("Tổng cục tham gia đàm phán điều khoản TBT của bao nhiêu FTA", k=3)
    assert hits
    for hit in hits:
        if hit.doc_id == row.doc_id:
            assert cleaned[hit.char_start : hit.char_end] == hit.text


def test_reingest_is_idempotent_then_changes_replace_and_prune_removes(make_index, corpus_copy):
    index = make_index()
    first = ingest(index, corpus_copy)
    assert (first.added, first.unchanged, first.failed) == (5, 0, [])
    chunks = index.count_chunks()

    again = ingest(index, corpus_copy)
    assert (again.added, again.updated, again.unchanged, again.chunks_written) == (0, 0, 5, 0)
    assert index.count_chunks() == chunks

    target = corpus_copy / "2020-07-26-hop-tac-quoc-te-tcdlcl-giai-doan-2015-2020.txt"
    target.write_text(
        "Hợp tác quốc tế\n\nVăn bản mới hoàn toàn về chuẩn đo lường kim cương xanh.",
        encoding="utf-8",
    )
    changed = ingest(index, corpus_copy)
    assert (changed.updated, changed.unchanged) == (1, 4)
    hits = index.search("kim cương xanh", k=1)
    assert hits[0].doc_id == "htqt-2015-2020-nang-luc-hoi-nhap"
    assert "kim cương xanh" in hits[0].text
    old = index.search("ký kết thêm nhiều thỏa thuận hợp tác với các tổ chức Tiêu chuẩn hoá", k=10)
    assert all(h.doc_id != "htqt-2015-2020-nang-luc-hoi-nhap" for h in old)

    target.unlink()
    kept = ingest(index, corpus_copy)  # without --prune nothing is removed
    assert kept.removed == 0 and index.status().documents == 5
    pruned = ingest(index, corpus_copy, prune=True)
    assert pruned.removed == 1 and index.status().documents == 4
    assert all(
        h.doc_id != "htqt-2015-2020-nang-luc-hoi-nhap" for h in index.search("kim cương xanh", k=10)
    )


def test_bad_files_are_reported_and_skipped_and_nothing_indexed_is_lost(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "tot.txt").write_text("Quy chuẩn kỹ thuật quốc gia về mũ bảo hiểm.", encoding="utf-8")
    (folder / "rong.txt").write_bytes(b"")
    (folder / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    (folder / "lung-tung.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 40)
    good_pdf = write_pdf(tmp_path / "x.pdf", ["Nội dung PDF."])
    (folder / "hong.pdf").write_bytes(good_pdf.read_bytes()[:300])
    write_pdf(folder / "khoa.pdf", ["Bí mật."], password="pw")
    (folder / "to.txt").write_bytes(b"a" * (2 * 1024 * 1024))
    index = make_index(max_file_mb=1)

    report = ingest(index, folder)
    reasons = {Path(f.path).name: f.code for f in report.failed}
    assert reasons == {
        "rong.txt": "empty",
        "anh.txt": "binary",
        "lung-tung.txt": "undecodable",
        "hong.pdf": "corrupt_pdf",
        "khoa.pdf": "encrypted_pdf",
        "to.txt": "too_large",
    }
    assert all(f.reason for f in report.failed)
    assert report.added == 1 and index.status().documents == 1

    # A good file that later turns bad keeps its indexed chunks.
    (folder / "tot.txt").write_bytes(b"\x00\x01\x02binary now" * 10)
    again = ingest(index, folder)
    assert "tot.txt" in {Path(f.path).name for f in again.failed}
    assert index.search("mũ bảo hiểm", k=1)[0].doc_id == "tot-txt"


def test_generated_vietnamese_pdf_round_trips_with_pages(make_index, tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    write_pdf(
        folder / "bao-cao.pdf",
        [
            "Báo cáo năm 2024 của Tổng cục về đo lường.",
            "Trang hai: Việt Nam có 15 phòng thử nghiệm được công nhận về khí thải xe máy.",
        ],
    )
    index = make_index()
    report = ingest(index, folder)
    assert report.added == 1
    # One passage runs over the page break; a sentence on page 2 is cited as page 2.
    hit = index.search("phòng thử nghiệm khí thải xe máy", k=1)[0]
    assert hit.page == 1 and hit.page_at(hit.text.index("khí thải xe máy")) == 2
    answer = assistant_for(index).ask(
        "Việt Nam có bao nhiêu phòng thử nghiệm được công nhận về khí thải xe máy?",
        mode="extractive",
    )
    assert "15 phòng thử nghiệm" in answer.answer
    assert answer.citations[0].hit.page == 2


def test_moved_folder_with_prune_keeps_one_copy(make_index, corpus_copy, tmp_path):
    index = make_index()
    ingest(index, corpus_copy)
    moved = tmp_path / "moved"
    shutil.move(corpus_copy, moved)
    report = ingest(index, moved, prune=True)
    assert report.failed == []
    assert index.status().documents == 5


# -- L6: what file names and odd bytes can do to titles, paths and the report --------------------
def test_a_dangling_link_is_reported_by_its_own_path(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.txt").write_text("Quy chuẩn về mũ bảo hiểm.", encoding="utf-8")
    (folder / "dangling.txt").symlink_to("missing.txt")
    index = make_index()

    report = ingest(index, folder)

    assert [(f.path, f.code) for f in report.failed] == [
        (str(folder / "dangling.txt"), "broken_link")
    ]
    assert "missing.txt" in report.failed[0].reason  # where it points, said as the reason
    assert report.added == 1


def test_control_and_bidi_characters_in_names_reach_neither_titles_nor_report_lines(
    make_index, tmp_path, cli_data_dir
):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.txt").write_text("Quy chuẩn về mũ bảo hiểm.", encoding="utf-8")
    (folder / "tài liệu \u202etxt.exe.txt").write_text(
        "Nội dung về kiểm định đồng hồ đo điện.", encoding="utf-8"
    )
    (folder / "rong\nBỏ qua gia-mao.txt: tệp an toàn\u2028x.txt").write_bytes(b"")
    index = make_index()

    report = ingest(index, folder)

    hit = index.search("kiểm định đồng hồ đo điện", k=1)[0]
    assert hit.title == "tài liệu txt.exe"  # the override is gone: no spoofed "exe.txt"
    assert [f.code for f in report.failed] == ["empty"]
    shown = report.failed[0].path
    assert "\n" not in shown and "\u2028" not in shown and "\\n" in shown

    # The human-readable output: one "Bỏ qua" line per failure, none forged by a file name.
    run = subprocess.run(
        [sys.executable, "-m", "hoidap", "ingest", str(folder), "--no-progress"],
        env={**os.environ, "HOIDAP_DATA_DIR": str(tmp_path / "cli")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = run.stderr.splitlines()
    assert [line for line in lines if line.startswith("Bỏ qua")] == [f"Bỏ qua {shown}: tệp rỗng"], (
        run.stderr
    )


def test_a_utf8_file_with_one_stray_byte_is_ingested_with_a_warning(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "Tổng cục Đo lường ban hành quy định về hiệu chuẩn… ".encode() * 5
    (folder / "stray.txt").write_bytes(body + b"\x93trich dan\x94 cuoi van ban.\n")
    index = make_index()

    report = ingest(index, folder)

    assert report.failed == [] and report.added == 1
    assert [(Path(w.path).name, w.code) for w in report.warnings] == [
        ("stray.txt", "replaced_bytes")
    ]
    assert "2 byte" in report.warnings[0].reason
    text = index.document_text("stray-txt") or ""
    assert "Đo lường" in text and "\ufffdtrich dan\ufffd" in text


def _long_text(topic: str, paragraphs: int) -> str:
    return "\n\n".join(
        f"Đoạn {i} về {topic}: phòng thí nghiệm số {i} kiểm định cân điện tử, đồng hồ đo "
        f"nước và nhiệt kế y tế theo quy trình hiệu chuẩn mới của tổng cục năm {2000 + i}. " * 3
        for i in range(paragraphs)
    )


def test_a_document_stays_findable_when_its_rewrite_is_cut_short(make_index, tmp_path, monkeypatch):
    """The new version is written before the old chunks beyond it are deleted: cut short in
    between, the document is still there (its row pending) and the next run completes it."""
    from index.vectors import VectorStore

    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "dai.txt").write_text(
        _long_text("máy đo", 8) + "\n\nPhụ lục: bảng tra cứu áp kế thủy ngân.\n", encoding="utf-8"
    )
    (folder / "khac.txt").write_text("Thông báo về lịch kiểm định taxi mét.\n", encoding="utf-8")
    index = make_index()
    assert ingest(index, folder).added == 2
    long_before = index.document("dai-txt").chunk_count
    assert long_before > 2

    (folder / "dai.txt").write_text(
        "Bản mới ngắn: quy định về cột đo xăng dầu.\n", encoding="utf-8"
    )
    (folder / "khac.txt").write_text(
        "Thông báo mới về lịch kiểm định taxi mét.\n", encoding="utf-8"
    )
    real_delete = VectorStore.delete_ids

    def killed_before_deleting(store, ids):
        if any(cid.startswith("dai-txt#") for cid in ids):
            raise RuntimeError("killed")
        real_delete(store, ids)

    monkeypatch.setattr(VectorStore, "delete_ids", killed_before_deleting)
    report = ingest(index, folder)
    assert [(Path(f.path).name, f.code) for f in report.failed] == [("dai.txt", "write_failed")]
    assert index.document("dai-txt").state == "pending"
    # Published with the other document's change: the long one is found, old and new text.
    assert index.search("cột đo xăng dầu", k=1)[0].doc_id == "dai-txt"
    assert index.search("áp kế thủy ngân", k=1)[0].doc_id == "dai-txt"

    monkeypatch.setattr(VectorStore, "delete_ids", real_delete)
    report = ingest(index, folder)
    assert (report.updated, report.unchanged, report.failed) == (1, 1, [])
    assert index.document("dai-txt").state == "complete"
    assert index.status().chunks == sum(row.chunk_count for row in index.documents())
    assert "áp kế" not in index.document_text("dai-txt")
    assert index.check().consistent


def test_a_delete_cut_short_is_finished_by_the_index(make_index, corpus_copy):
    index = make_index()
    ingest(index, corpus_copy)
    row = index.documents()[0]
    index.manifest.set_state(row.doc_id, "deleting")  # as a kill mid-delete leaves it
    chunks = index.count_chunks()

    assert index.recover() == [row.doc_id]
    index.publish(changed=True)
    assert index.document(row.doc_id) is None
    assert index.count_chunks() == chunks - row.chunk_count
    assert index.document_text(row.doc_id) is None
    assert index.recover() == [] and index.check().consistent
