"""Hostile input: files built to hurt the ingester are refused with a reason, quickly, and
nothing already indexed is lost."""

from __future__ import annotations

import io
import os
import resource
import time
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from hoidap.wiring import Wiring
from ingest import Ingestor
from ingest.limits import IngestLimits
from tests.conftest import ingest, settings_of
from tests.helpers import write_docx


def _decompression_bomb(path, megabytes: int = 120) -> None:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB (≈ 0.1 % of it on disk)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream._data = zlib.compress(
        b"BT /F1 12 Tf 10 10 Td (bom) Tj ET\n" + b" " * (megabytes << 20), 9
    )
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def test_hostile_files_are_refused_and_nothing_indexed_is_lost(make_index, tmp_path):
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "tot.txt").write_text("Quy định tốt\n\nVăn bản hợp lệ về đo lường.\n", "utf-8")
    index = make_index(max_file_mb=5)
    assert ingest(index, folder).added == 1

    outside = tmp_path / "bi-mat.txt"
    outside.write_text("Mật khẩu máy chủ là 123456.\n", encoding="utf-8")
    (folder / "lien-ket.txt").symlink_to(outside)  # a link out of the corpus folder
    with (folder / "khong-lo.txt").open("wb") as huge:  # 1 GB, sparse: costs no disk
        huge.truncate(1 << 30)
    (folder / "nul.txt").write_bytes(b"van ban\x00\x00\x00 co byte NUL" * 50)
    _decompression_bomb(folder / "bom-nen.pdf")
    (folder / "long-sau.html").write_text("<div>" * 200_000 + "Sâu" + "</div>" * 200_000)
    (folder / "catalog.toml").write_text(
        '[[document]]\nfile = "../bi-mat.txt"\ndoc_id = "bi-mat"\ntitle = "x"\n', "utf-8"
    )

    started = time.monotonic()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = ingest(index, folder)
    seconds = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024

    reasons = {os.path.basename(f.path): f.code for f in report.failed}
    assert reasons["lien-ket.txt"] == "outside_folder"
    assert reasons["khong-lo.txt"] == "too_large"
    assert reasons["nul.txt"] == "binary"
    assert reasons["bom-nen.pdf"] in ("no_text", "corrupt_pdf")
    assert all(f.reason for f in report.failed)
    assert seconds < 120 and grown_mb < 1024  # bounded: nothing was inflated or read whole
    # Nothing from outside the folder reached the index; the good document is still there.
    assert not index.search("mật khẩu máy chủ", k=5) or all(
        "123456" not in h.text for h in index.search("mật khẩu máy chủ", k=5)
    )
    assert "Văn bản hợp lệ" in index.search("đo lường hợp lệ", k=1)[0].text
    assert index.status().documents >= 1


# -- M8: one bad file never aborts the run -------------------------------------------------------
GOOD = "Quy chuẩn kỹ thuật quốc gia về mũ bảo hiểm cho người đi xe máy.\n"


def _folder_with_good_file(tmp_path: Path) -> Path:
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    return folder


def _run(index, folder: Path, limits: IngestLimits | None = None):
    ingestor = Wiring(settings_of(index)).ingestor(index, progress=False)
    if limits is not None:
        ingestor = Ingestor(index, replace(ingestor.config, limits=limits), progress=False)
    return ingestor.ingest_paths([folder])


def _good_file_is_indexed(index) -> bool:
    hits = index.search("mũ bảo hiểm xe máy", k=3)
    return any("mũ bảo hiểm" in hit.text and hit.doc_id == "ok-txt" for hit in hits)


def test_a_symlink_loop_is_a_reported_failure_and_the_rest_is_ingested(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    index = make_index()

    report = _run(index, folder)
    # A loop passed by name is reported the same way, in the same run as good files.
    direct = (
        Wiring(settings_of(index))
        .ingestor(index, progress=False)
        .ingest_paths([folder / "loop_a.txt", folder / "ok.txt"])
    )

    reasons = {Path(f.path).name: f.code for f in report.failed}
    assert reasons == {"loop_a.txt": "symlink_loop", "loop_b.txt": "symlink_loop"}
    assert all("vòng" in f.reason for f in report.failed)
    assert report.added == 1 and _good_file_is_indexed(index)
    assert [(Path(f.path).name, f.code) for f in direct.failed] == [("loop_a.txt", "symlink_loop")]
    assert direct.unchanged == 1


def test_a_file_name_that_is_not_utf8_is_ingested_with_a_readable_title(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    bad_name = os.path.join(os.fsencode(folder), b"bad\xffutf8.txt")
    with open(bad_name, "wb") as handle:
        handle.write("Văn bản có tên tệp hỏng nói về kiểm định cân điện tử.\n".encode())
    index = make_index()

    report = _run(index, folder)

    assert report.failed == [] and report.added == 2 and _good_file_is_indexed(index)
    hit = index.search("kiểm định cân điện tử", k=1)[0]
    assert hit.title == "bad\ufffdutf8"  # the undecodable byte shows as �, nothing else lost
    hit.title.encode("utf-8")  # storable and embeddable
    row = index.document(hit.doc_id)
    assert row is not None and "\ufffd" in row.path
    # Running again finds it unchanged (the stored path is the same every time).
    assert _run(index, folder).unchanged == 2


def _one_line_html(path: Path, size: int, unit: str) -> None:
    block = (unit * (1_000_000 // len(unit) + 1)).encode()
    with path.open("wb") as out:
        out.write(b"<html><body><p>")
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
        out.write(b"</p></body></html>")


def test_a_50_mb_one_line_html_of_sentences_is_cut_to_the_character_cap(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    sentence = "Đây là một câu văn bản thử nghiệm về đo lường chất lượng. "
    _one_line_html(folder / "big.html", 50_000_000, sentence)
    limits = IngestLimits(max_document_chars=10_000)  # embedding 1,000,000 takes minutes
    index = make_index(max_file_mb=60)

    started = time.monotonic()
    report = _run(index, folder, limits)
    seconds = time.monotonic() - started

    assert report.failed == [] and report.added == 2 and _good_file_is_indexed(index)
    assert [(Path(w.path).name, w.code) for w in report.warnings] == [("big.html", "truncated")]
    assert "10.000" in report.warnings[0].reason
    text = index.document_text("big-html") or ""
    assert 9_000 < len(text) <= 10_000
    assert seconds < 120  # the old code gave up with a TimeoutError from the sentence splitter
    assert report.to_json()["warnings"][0]["code"] == "truncated"


def test_a_50_mb_single_word_is_split_into_chunks_of_bounded_length(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    with (folder / "oneword.html").open("wb") as out:
        out.write(b"<p>" + b"a" * 50_000_000 + b"</p>")
    limits = IngestLimits(max_document_chars=10_000, max_chunk_chars=1_000)
    index = make_index(max_file_mb=60)

    started = time.monotonic()
    report = _run(index, folder, limits)
    seconds = time.monotonic() - started

    assert report.failed == [] and report.added == 2 and _good_file_is_indexed(index)
    rows = {row.doc_id: row for row in index.documents()}
    assert rows["oneword-html"].chunk_count == 10  # 10,000 characters in pieces of 1,000
    hits = index.search("aaaa", k=20, mode="dense")
    assert hits and all(len(hit.text) <= 1_000 for hit in hits)
    assert seconds < 120  # the old code stored one 50,000,000-character chunk


def _docx_bomb(path: Path, inflated: int) -> None:
    """A real DOCX whose word/document.xml inflates to ``inflated`` bytes of paragraphs."""
    write_docx(path.with_suffix(".seed.docx"), "Bom", ["x"])
    with (
        zipfile.ZipFile(path.with_suffix(".seed.docx")) as seed,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for item in seed.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, seed.read(item.filename))
                continue
            with out.open(item.filename, "w", force_zip64=True) as member:
                member.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
                    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b"<w:body>"
                )
                paragraph = "<w:p><w:r><w:t>Đoạn văn thử nghiệm về đo lường.</w:t></w:r></w:p>"
                block = paragraph.encode() * 20_000
                for _ in range(inflated // len(block) + 1):
                    member.write(block)
                member.write(b"</w:body></w:document>")
    path.with_suffix(".seed.docx").unlink()


def test_a_docx_that_inflates_to_200_mb_is_refused_before_it_is_opened(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    _docx_bomb(folder / "paras.docx", 200_000_000)
    assert (folder / "paras.docx").stat().st_size < 1_000_000
    index = make_index()

    started = time.monotonic()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = _run(index, folder)
    seconds = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024

    assert [(Path(f.path).name, f.code) for f in report.failed] == [("paras.docx", "zip_bomb")]
    assert "word/document.xml" in report.failed[0].reason
    assert report.added == 1 and _good_file_is_indexed(index)
    assert seconds < 60 and grown_mb < 500  # the old code reached 3.2 GB and then aborted


def test_an_honest_but_huge_docx_is_refused_by_its_declared_size(make_index, tmp_path):
    folder = _folder_with_good_file(tmp_path)
    _docx_bomb(folder / "to.docx", 3_000_000)  # 3 MB of XML: over this test's 2 MB limit
    index = make_index()

    report = _run(index, folder, IngestLimits(max_archive_xml_mb=2, max_compression_ratio=1e9))

    refused = [(Path(f.path).name, f.code) for f in report.failed]
    assert refused == [("to.docx", "archive_too_large")]
    assert report.added == 1 and _good_file_is_indexed(index)


def test_an_unexpected_error_in_one_file_fails_that_file_only(make_index, tmp_path, monkeypatch):
    import ingest.pipeline

    folder = _folder_with_good_file(tmp_path)
    (folder / "hong.txt").write_text("Tài liệu làm hỏng bộ nạp.\n", encoding="utf-8")
    real_load = ingest.pipeline.load_file

    def load(path, data, *args, **kwargs):
        if path.name == "hong.txt":
            raise ValueError("lỗi bất ngờ trong bộ đọc")
        return real_load(path, data, *args, **kwargs)

    monkeypatch.setattr(ingest.pipeline, "load_file", load)
    index = make_index()

    report = _run(index, folder)

    assert [(Path(f.path).name, f.code) for f in report.failed] == [
        ("hong.txt", "unexpected_error")
    ]
    assert "ValueError" in report.failed[0].reason
    assert report.added == 1 and _good_file_is_indexed(index)


def test_a_document_that_fails_to_embed_keeps_its_old_version(make_index, tmp_path, monkeypatch):
    folder = _folder_with_good_file(tmp_path)
    (folder / "doi.txt").write_text("Phiên bản cũ về hiệu chuẩn nhiệt kế.\n", encoding="utf-8")
    index = make_index()
    assert _run(index, folder).added == 2

    (folder / "doi.txt").write_text("Phiên bản mới về hiệu chuẩn NỔ-TUNG.\n", encoding="utf-8")
    (folder / "moi.txt").write_text("Tài liệu mới về đồng hồ nước.\n", encoding="utf-8")
    real_embed = index.embed_passages

    def embed(texts):
        if any("NỔ-TUNG" in text for text in texts):
            raise RuntimeError("embedder crashed")
        return real_embed(texts)

    monkeypatch.setattr(index, "embed_passages", embed)
    report = _run(index, folder)

    assert [(Path(f.path).name, f.code) for f in report.failed] == [("doi.txt", "write_failed")]
    assert (report.added, report.updated, report.unchanged) == (1, 0, 1)
    assert "hiệu chuẩn nhiệt kế" in index.search("hiệu chuẩn nhiệt kế", k=1)[0].text
    assert index.search("đồng hồ nước", k=1)[0].doc_id == "moi-txt"
    assert index.document("doi-txt").state == "complete"
