"""Why a file was refused: a stable code for tools, a Vietnamese reason for people."""

from __future__ import annotations

REASONS = {
    "not_found": "không tìm thấy tệp",
    "not_a_file": "không phải tệp thông thường",
    "unsupported_type": "định dạng không được hỗ trợ (chỉ nhận .txt, .md, .html, .pdf, .docx)",
    "empty": "tệp rỗng",
    "too_large": "tệp vượt giới hạn kích thước",
    "binary": "tệp nhị phân, không phải văn bản",
    "undecodable": "không giải mã được văn bản (không phải UTF-8, UTF-16 hay Windows-1258)",
    "encrypted_pdf": "PDF được mã hoá bằng mật khẩu",
    "corrupt_pdf": "PDF hỏng, không đọc được",
    "too_many_pages": "PDF có quá nhiều trang",
    "corrupt_docx": "tệp DOCX hỏng, không đọc được",
    "no_text": "không có văn bản trích xuất được (tài liệu quét hoặc chỉ có hình?)",
    "bad_catalog": "catalog.toml không hợp lệ",
    "unreadable": "không đọc được tệp",
    "outside_folder": "liên kết (symlink) trỏ ra ngoài thư mục đang nạp",
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
