"""Plain-text files: the encodings Vietnamese offices use, decoded to str."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ingest.errors import Notice, RejectedFileError
from ingest.legacy_encoding import convert_texts, detect_legacy, latin1_reading

_C0 = re.compile(r"[\x00-\x08\x0e-\x1f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Decode the encodings Vietnamese offices use: UTF-8 (±BOM), UTF-16, Windows-1258, and
    the pre-Unicode TCVN3/VNI fonts' bytes (read as Windows-1252, for convert_legacy)."""
    return decode_text_with_notices(data)[0]


# A well-formed UTF-8 sequence of two to four bytes (what Vietnamese letters are in UTF-8).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text_with_notices(data: bytes) -> tuple[str, list[Notice]]:
    """decode_text, and what had to be repaired: UTF-8 text with a few stray bytes (a quote
    pasted from Windows-1252) is kept, the bytes shown as U+FFFD, rather than refused whole;
    TCVN3/VNI text (as bytes, or as its mojibake in Unicode) converted to Unicode, here
    rather than after an HTML parser has dropped TCVN3's ư (the soft-hyphen code)."""
    text, notices = _decode(data)
    (converted,), legacy_notices = convert_texts([text])
    return converted, [*notices, *legacy_notices]


def _decode(data: bytes) -> tuple[str, list[Notice]]:
    if not data.strip():
        raise RejectedFileError("empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data[len(bom) :].decode(encoding)), []
            except UnicodeDecodeError as exc:
                raise RejectedFileError("undecodable", f"{encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise RejectedFileError("binary", "chứa byte NUL")
        try:
            return _plausible(data.decode(encoding, errors="strict")), []
        except UnicodeDecodeError as exc:  # odd length, lone surrogates: not UTF-16 after all
            raise RejectedFileError("binary", f"chứa byte NUL ({exc.reason})") from exc
    try:
        return _plausible(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    # Windows-1258 Vietnamese is full of bytes that are not UTF-8 and has next to no
    # well-formed UTF-8 sequences; UTF-8 with stray bytes is the other way round.
    if len(_UTF8_MULTIBYTE.findall(data)) >= bad:
        detail = f"{bad} byte (byte đầu tiên ở vị trí {first_bad})"
        return _plausible(repaired), [Notice("replaced_bytes", detail)]
    # TCVN3 and VNI bytes are as far from UTF-8 as Windows-1258 is; read as Windows-1258 they
    # would be garbage with stray tone marks, so they are read byte for byte instead and
    # converted to Unicode by ingest.legacy_encoding like the same text from any loader.
    reading = latin1_reading(data)
    if detect_legacy(reading) is not None:
        return _plausible(reading), []
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise RejectedFileError("undecodable", f"byte 0x{data[exc.start]:02x}") from exc
    if not _looks_vietnamese_cp1258(text):
        raise RejectedFileError("undecodable")
    return _plausible(text), []


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> str:
    """Refuse decoded 'text' that is mostly control characters (a binary file renamed .txt)."""
    if text and len(_C0.findall(text[:65536])) > max(3, len(text[:65536]) // 100):
        raise RejectedFileError("binary", "nhiều ký tự điều khiển")
    return text


def _looks_vietnamese_cp1258(text: str) -> bool:
    # Windows-1258 text has tone marks as combining characters; random bytes rarely do, and
    # produce many symbols instead.
    letters = sum(ch.isalpha() or ch.isspace() or unicodedata.combining(ch) > 0 for ch in text)
    return letters / max(1, len(text)) > 0.85
