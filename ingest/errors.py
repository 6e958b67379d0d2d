"""Why a file was refused: a stable code for tools, a Vietnamese reason for people."""

from __future__ import annotations

from dataclasses import dataclass

REASONS = {
    "not_found": "không tìm thấy tệp",
    "not_a_file": "không phải tệp thông thường",
    "unsupported_type": (
        "định dạng không được hỗ trợ (nhận .txt, .md, .html, .pdf, .docx, .doc, .odt, .rtf, "
        ".xls, .xlsx, .pptx, .png, .jpg, .tif)"
    ),
    "empty": "tệp rỗng",
    "too_large": "tệp vượt giới hạn kích thước",
    "binary": "tệp nhị phân, không phải văn bản",
    "undecodable": (
        "không giải mã được văn bản (không phải UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI)"
    ),
    "encrypted_pdf": "PDF được mã hoá bằng mật khẩu",
    "corrupt_pdf": "PDF hỏng, không đọc được",
    "too_many_pages": "PDF có quá nhiều trang",
    "corrupt_docx": "tệp DOCX hỏng, không đọc được",
    "no_text": "không có văn bản trích xuất được (tài liệu quét hoặc chỉ có hình?)",
    "bad_catalog": "catalog.toml không hợp lệ",
    "catalog_conflict": "catalog.toml đã ghi nhóm khác cho tệp này",
    "unreadable": "không đọc được tệp",
    "outside_folder": "liên kết (symlink) trỏ ra ngoài thư mục đang nạp",
    "symlink_loop": "liên kết (symlink) tạo thành vòng lặp, không trỏ tới tệp nào",
    "broken_link": "liên kết (symlink) trỏ tới tệp không tồn tại",
    "bad_name": "tên tệp không dùng được",
    "unsafe_archive_path": "tệp nén có đường dẫn ra ngoài thư mục (../, đường dẫn tuyệt đối)",
    "encrypted_archive": "tệp nén được mã hoá bằng mật khẩu",
    "too_many_files": "quá nhiều tệp trong một lần tải lên",
    "zip_bomb": "tệp nén bung ra lớn bất thường so với kích thước nén (bom giải nén?)",
    "archive_too_large": "tệp nén bung ra vượt giới hạn",
    "corrupt_office": "tệp Office hỏng hoặc không đúng định dạng, không đọc được",
    "encrypted_office": "tệp Office được bảo vệ bằng mật khẩu",
    "converter_missing": "thiếu chương trình chuyển đổi định dạng",
    "converter_timeout": "chuyển đổi định dạng quá thời gian cho phép",
    "unexpected_error": "lỗi không lường trước khi xử lý tệp",
    "write_failed": "không nhúng hoặc ghi được vào chỉ mục",
    "ocr_unavailable": "không nhận dạng được chữ trong ảnh (OCR)",
    "too_many_ocr_pages": "quá nhiều trang quét cần nhận dạng chữ (OCR)",
    "corrupt_image": "tệp ảnh hỏng, không đọc được",
    "ocr_failed": "Tesseract không đọc được trang ảnh",
}

# Things a file was ingested despite: reported next to the failures, not instead of the file.
NOTICES = {
    "truncated": "văn bản quá dài, chỉ nạp phần đầu",
    "replaced_bytes": "có byte không hợp lệ UTF-8, đã thay bằng ký tự \ufffd",
    "converted_encoding": "đã chuyển từ mã tiếng Việt cũ sang Unicode",
    "legacy_mojibake": (
        "văn bản có vẻ vẫn còn lỗi phông chữ cũ (TCVN3/VNI) chưa chuyển được, nên kiểm tra lại"
    ),
    "ocr_low_confidence": "chữ nhận dạng (OCR) kém tin cậy, nên kiểm tra lại bản quét",
}


class RejectedFileError(Exception):
    """A file that cannot be ingested; the batch goes on without it."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        base = REASONS.get(self.code, self.code)
        return f"{base}: {self.detail}" if self.detail else base


@dataclass(frozen=True)
class Notice:
    """A warning about a file that was still ingested (text cut, bytes replaced)."""

    code: str
    detail: str = ""

    @property
    def reason(self) -> str:
        base = NOTICES.get(self.code, self.code)
        return f"{base}: {self.detail}" if self.detail else base


def thousands(number: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese digit grouping)."""
    return f"{number:,}".replace(",", ".")
