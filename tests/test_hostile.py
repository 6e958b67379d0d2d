"""Hostile input: files built to hurt the ingester are refused with a reason, quickly, and
nothing already indexed is lost."""

from __future__ import annotations

import io
import os
import resource
import time
import zlib

from tests.conftest import ingest


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
