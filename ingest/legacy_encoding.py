"""Pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) read as if they were Unicode.

A document typed with a .VnTime (TCVN3) or VNI-Times font stores its letters as single bytes
(TCVN3) or as a base letter plus an accent byte (VNI). Read as Windows-1252/Latin-1 — what a
.txt, .doc, .xls or .html loader does — they come out as mojibake: "Tæng côc" (TCVN3) or
"Toång cuïc" (VNI) for "Tổng cục". Such text is recognised by what conversion does to it:
mojibake words become valid Vietnamese syllables, while genuine Unicode Vietnamese, French or
German words stop being valid (or stay unchanged). The decision is made per line, so a Unicode
header over a TCVN3 body converts only the body.

TCVN3 tables: the TCVN 5712:1993 code chart (glibc's ``TCVN5712-1`` agrees on all 90 codes
used here). The ABC (VN3) fonts have no capital letters with tone marks: capitals are typed
with the lower-case codes in a ".VnTimeH" font, so a line (or word) whose plain letters are
all capitals is taken to be set in that font and upper-cased, and so is a sentence's first
letter; a capital with a tone mark inside a sentence ("châu Á") cannot be told and comes back
small. The VN1 capitals that TCVN 5712 places in 0xA0-0xFF are decoded too; those it places at
0x01-0x17 and 0x80-0x9F are not, because there .VnTime documents hold control codes and
Windows punctuation (curly quotes). VNI: the VNI-Windows layout, all 134 letters.

Measured on docs_corpus encoded each way (7,830 words): VNI converts back exactly, TCVN3 with
13 words wrong (capitals inside sentences); on LibreOffice's autocorrect word lists of 47 other
languages (18,752 lines) no line is converted and no file is flagged.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ingest.errors import Notice
from ingest.loaded import LoadedFile


class Legacy(Enum):
    TCVN3 = "TCVN3 (ABC)"
    VNI = "VNI"


# -- TCVN3 ----------------------------------------------------------------------------------

# Lower-case letters in the order of the TCVN3 code chart: each base letter's five tones
# (grave, hook, tilde, acute, dot below), or the letter itself for ă â ê ô ơ ư đ.
_TCVN3_LOWER = {
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư",
    "\u00ae": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}  # fmt: skip
_TCVN3_UPPER = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư",
    "\u00a7": "Đ",
}  # fmt: skip
# TCVN 5712 VN1 capitals in the upper half; decoded, never produced by the encoder.
_TCVN3_VN1_CAPITALS = {
    "¯": "Ằ", "º": "Ẳ", "¿": "Ẵ", "À": "Ắ", "Á": "Ầ", "Â": "Ẩ", "Ã": "Ẫ", "Ä": "Ấ", "Å": "Ề",
    "Í": "Ể", "Ù": "Ễ", "Ú": "Ế", "Û": "Ồ", "à": "Ổ", "ð": "Ỗ", "ÿ": "Ố",
}  # fmt: skip
_TCVN3_DECODE = str.maketrans({**_TCVN3_LOWER, **_TCVN3_UPPER, **_TCVN3_VN1_CAPITALS})
_TCVN3_ENCODE = {v: k for k, v in (*_TCVN3_LOWER.items(), *_TCVN3_UPPER.items())}
# A PDF text layer of a .VnTime document gives U+2212 MINUS SIGN for ư (0xAD, the
# soft-hyphen slot) and U+2219 BULLET OPERATOR for ã (0xB7); only next to a letter are they
# letters.
_PDF_STAND_INS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_PDF_STAND_IN = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")


def decode_tcvn3(text: str, before: str = "") -> str:
    """TCVN3 text read as Latin-1/Windows-1252 → Unicode NFC; all-capital lines and words
    (the .VnTimeH font) and sentence starts come back in capitals. ``before`` is the line
    above the text, if any (a line that goes on from it starts no sentence)."""
    text = _PDF_STAND_IN.sub(lambda m: _PDF_STAND_INS[m[0]], text)
    lines: list[str] = []
    for line in text.split("\n"):
        lines.append(_capitals(line, line.translate(_TCVN3_DECODE), not _goes_on(before)))
        before = line
    return unicodedata.normalize("NFC", "\n".join(lines))


def _goes_on(line: str) -> bool:
    """Whether the next line continues this one's sentence (a hard-wrapped paragraph, a list
    item ended by ";"): it ends in a small letter, a comma or a semicolon."""
    end = line.rstrip()[-1:]
    return end in {",", ";"} or end.islower() or end in _TCVN3_LOWER


def encode_tcvn3(text: str) -> str:
    """Unicode Vietnamese → TCVN3 as Latin-1 characters (capitals with tone marks as their
    lower-case codes, as typed in the .VnTimeH font)."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(char) or _TCVN3_ENCODE.get(char.lower())
        out.append(code if code and not char.isascii() else char)
    return "".join(out)


_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")
_TAG = re.compile(r"<[^<>]*>")


# Where a sentence starts: the line's first letter (unless it goes on from the line above),
# or one after . ! ? and a space.
_TCVN3_CODES = "".join(sorted({*_TCVN3_LOWER, *_TCVN3_UPPER, *_TCVN3_VN1_CAPITALS}))
_SENTENCE_START = re.compile(rf"(?:^|[.!?]\s)[^\w{re.escape(_TCVN3_CODES)}]*")


def _capitals(original: str, decoded: str, starts_sentence: bool) -> str:
    """Upper-case what the .VnTimeH font shows as capitals: a line, or failing that a word,
    whose plain (ASCII) letters are all capitals, at least two of them; and a letter with a
    tone mark that starts a sentence (typed in that font, as VN3 has no such capitals).
    Markup (a web page's source) is not text: it neither counts nor changes."""
    visible = _TAG.sub(lambda m: " " * len(m[0]), original)
    chars = list(decoded)  # translate maps one character to one, so positions agree
    spans = [(0, len(visible))] if _all_capitals(visible) else []
    spans += [m.span() for m in re.finditer(r"\S+", visible) if _all_capitals(m[0])]
    for start, end in spans:
        for i in range(start, end):
            if visible[i] == original[i]:
                chars[i] = chars[i].upper()
    for match in _SENTENCE_START.finditer(visible):
        if match.start() == 0 and not starts_sentence and visible[:1] not in {".", "!", "?"}:
            continue
        if visible[match.end() : match.end() + 1] in _TCVN3_LOWER:
            chars[match.end()] = chars[match.end()].upper()
    return "".join(chars)


def _all_capitals(text: str) -> bool:
    return len(_ASCII_UPPER.findall(text)) >= 2 and not _ASCII_LOWER.search(text)


# -- VNI ------------------------------------------------------------------------------------

# Accent bytes that follow a base letter (lower-case forms; capitals use the upper-case byte).
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters that are one byte: đ, ơ, ư (which then take tone bytes) and the i with tones.
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for lower in (True, False):

        def case(s: str, lower: bool = lower) -> str:
            return s if lower else s.upper()

        for base, letter in {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y"}.items():
            for mark, tone in _TONES.items():
                pairs[case(base + mark)] = case(letter + tone)
        for base in ("ô", "ö"):
            for mark, tone in _TONES.items():
                pairs[case(base + mark)] = case(_VNI_SINGLE[base] + tone)
        for base in ("a", "e", "o"):
            for mark, tone in _CIRCUMFLEX.items():
                pairs[case(base + mark)] = case(base + "\u0302" + tone)
        for mark, tone in _BREVE.items():
            pairs[case("a" + mark)] = case("a\u0306" + tone)
        for code, letter in _VNI_SINGLE.items():
            pairs[case(code)] = case(letter)
    return {k: unicodedata.normalize("NFC", v) for k, v in pairs.items()}


_VNI_DECODE = _vni_pairs()
# Longest first, so "ôù" (ớ) wins over "ô" (ơ).
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))
_VNI_ENCODE = {v: k for k, v in _VNI_DECODE.items()}


def decode_vni(text: str) -> str:
    """VNI text read as Latin-1/Windows-1252 → Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m[0]], text))


def encode_vni(text: str) -> str:
    """Unicode Vietnamese → VNI as Latin-1 characters."""
    return "".join(
        _VNI_ENCODE.get(char, char) if not char.isascii() else char
        for char in unicodedata.normalize("NFC", text)
    )


_DECODERS: dict[Legacy, Callable[[str], str]] = {
    Legacy.TCVN3: decode_tcvn3,
    Legacy.VNI: decode_vni,
}

# -- What a Vietnamese syllable looks like ---------------------------------------------------

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSETS = (
    "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x"
).split()  # fmt: skip
# Vowel groups that take a final consonant, and those that end the syllable themselves.
_CLOSABLE = set(
    "a ă â e ê i y o ô ơ u ư iê yê uô ươ oa oă oe uâ uê uy uyê oo".split()
)  # fmt: skip
_OPEN = set(
    "a e ê i y o ô ơ u ư uơ ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uy oa oe uê "
    "oai oao oay oeo uây uôi ươi ươu iêu yêu uyu uya".split()
)  # fmt: skip
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_STOPS = ("c", "ch", "p", "t")  # after these only the acute or the dot below


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelt like a Vietnamese syllable (lower, Title or ALL CAPS): an
    onset, a vowel group, a final consonant it may take, at most one tone mark, on a vowel
    of the group where Vietnamese puts it (so "daò", German "daß" read as TCVN3, is not)."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    word = unicodedata.normalize("NFC", word.lower())
    toned = [i for i, c in enumerate(word) if _TONE_MARKS & set(unicodedata.normalize("NFD", c))]
    if len(toned) > 1:
        return False
    bare = "".join(_without_tone(c) for c in word)
    for onset in ("", *_ONSETS):
        if not bare.startswith(onset):
            continue
        rest = bare[len(onset) :]
        if onset == "gi" and rest and rest[0] not in "aăâeêoôơuưy":
            continue
        tone_at = toned[0] - len(onset) if toned else None
        if onset == "gi" and rest == "":  # gì, gỉ: the i is the vowel
            return True
        if rest in _OPEN:
            return tone_at is None or tone_at in _OPEN_TONE_AT.get(rest, (0,))
        for coda in _CODAS:
            vowels = rest[: -len(coda)]
            if rest.endswith(coda) and vowels in _CLOSABLE:
                if tone_at is None:
                    return True
                stop_ok = coda not in _STOPS or _tone_of(word[toned[0]]) in {"\u0301", "\u0323"}
                return stop_ok and tone_at in _CLOSED_TONE_AT.get(vowels, (len(vowels) - 1,))
    return False


# Which letter of an open vowel group takes the tone: the first of a falling pair (mái,
# mía), either of oa/oe/uy (hoà and hòa are both in use), the middle of three (người).
_OPEN_TONE_AT = {
    **dict.fromkeys("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu".split(), (0,)),
    **dict.fromkeys(("oa", "oe", "uy"), (0, 1)),
    **dict.fromkeys(("uê", "uơ"), (1,)),
    **dict.fromkeys("oai oao oay oeo uây uôi ươi ươu iêu yêu uyu".split(), (1,)),
    "uya": (1, 2),
}
# With a final consonant the last vowel takes it (hoàng, tiến, được); xoong may have either.
_CLOSED_TONE_AT = {"oo": (0, 1)}


def _without_tone(char: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", char) if c not in _TONE_MARKS)
    )


def _tone_of(char: str) -> str:
    return next(c for c in unicodedata.normalize("NFD", char) if c in _TONE_MARKS)


# -- Detection ------------------------------------------------------------------------------

# Runs of anything but spaces, digits and ASCII punctuation: legacy letters (¸ · µ ­ …) are
# Latin-1 symbols, so Unicode's idea of a letter would cut TCVN3 words apart.
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~\u201c\u201d\u2018\u2019\u2013\u2014\u2026]+")
_HAS_ASCII_LETTER = re.compile(r"[A-Za-z]")


# Latin-1 letters and signs that are not Vietnamese letters, and the PDF's stand-ins.
# TCVN3 or VNI text always has some (VNI's ư, đ, dot below; TCVN3's ă â ê ô ơ ư đ and most
# tones), Unicode Vietnamese none: text without them is passed by at once.
_MOJIBAKE_SIGN = re.compile(
    "[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db-\u00df"
    "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb-\u00ff\u2212\u2219]"
)


@dataclass(frozen=True)
class _Score:
    """How converting some text changes its ``words`` (those with a plain letter): of the
    ``changed`` ones, ``valid`` are Vietnamese syllables after it, ``gained`` became one
    (``distinct``: those words as written, lower-cased) and ``lost`` stopped being one."""

    words: int = 0
    changed: int = 0
    valid: int = 0
    gained: int = 0
    lost: int = 0
    distinct: frozenset[str] = frozenset()

    def __add__(self, other: _Score) -> _Score:
        return _Score(
            self.words + other.words,
            self.changed + other.changed,
            self.valid + other.valid,
            self.gained + other.gained,
            self.lost + other.lost,
            self.distinct | other.distinct,
        )

    @property
    def mostly_better(self) -> bool:
        # Much mojibake is a valid syllable already ("Vô" for "Vụ"), so what counts is that
        # nearly every changed word is Vietnamese after and far more got better than worse.
        return self.valid >= 0.8 * self.changed and self.gained >= 3 * self.lost

    @property
    def gain(self) -> int:
        return self.gained - self.lost


@lru_cache(maxsize=65536)
def _verdict(token: str, legacy: Legacy) -> tuple[bool, bool] | None:
    """Whether the token is a syllable before and after conversion; None if it is unchanged."""
    converted = _DECODERS[legacy](token)
    if converted == token:
        return None
    return is_syllable(unicodedata.normalize("NFC", token)), is_syllable(converted)


def _score(line: str, legacy: Legacy) -> _Score:
    words = changed = valid = gained = lost = 0
    distinct: set[str] = set()
    # Only words with a plain letter are scored: a lone "«" or "µ" is also punctuation.
    for token in _TOKEN.findall(line):
        if not _HAS_ASCII_LETTER.search(token):
            continue
        words += 1
        verdict = _verdict(token, legacy)
        if verdict is None:
            continue
        before, after = verdict
        changed += 1
        valid += after
        if after and not before:
            gained += 1
            distinct.add(token.lower())  # "în" and "În" (Romanian) are one word, not two
        elif before and not after:
            lost += 1
    return _Score(words, changed, valid, gained, lost, frozenset(distinct))


def _clear_alone(score: _Score) -> bool:
    """A line that is legacy text on its own evidence (no help from the rest of the file):
    two different words that become Vietnamese (French "où" → VNI "ó" is one, however often)."""
    return len(score.distinct) >= 2 and score.mostly_better


def _clear_in_document(score: _Score) -> bool:
    """A line of a file already known to be in that encoding (a heading, a short line)."""
    return (
        score.gained >= 1 and score.gained >= 2 * score.lost and score.valid >= 0.6 * score.changed
    )


def _document_is(score: _Score) -> bool:
    """Enough different words become Vietnamese, and few get worse."""
    enough = len(score.distinct) >= 4 or (
        len(score.distinct) >= 2 and score.gained >= 0.3 * score.words
    )
    return enough and score.mostly_better


def detect_legacy(text: str) -> Legacy | None:
    """The legacy encoding most of ``text`` is in, or None (Unicode, or another language)."""
    if not _MOJIBAKE_SIGN.search(text):
        return None
    best: tuple[int, Legacy] | None = None
    for legacy in Legacy:
        total = sum((_score(line, legacy) for line in text.splitlines()), _Score())
        if _document_is(total) and (best is None or total.gain > best[0]):
            best = (total.gain, legacy)
    return best[1] if best else None


@dataclass(frozen=True)
class Conversion:
    """Converted text, the encoding it was converted from (None: nothing converted), and how
    many of its lines beyond ASCII (the only ones that can be legacy text) were converted."""

    text: str
    legacy: Legacy | None = None
    lines_converted: int = 0
    lines_beyond_ascii: int = 0


def convert_text(text: str, legacy: Legacy | None = None) -> Conversion:
    """``text`` with each line in a legacy encoding converted; ``legacy`` is the encoding of
    the file as a whole (detected when None), which lets short lines convert on less evidence."""
    document = legacy or detect_legacy(text)
    out: list[str] = []
    used: Legacy | None = None
    converted = beyond_ascii = 0
    before = ""
    for line in text.split("\n"):
        beyond_ascii += not line.isascii()
        choice = _line_encoding(line, document)
        if choice is None:
            out.append(line)
        else:
            out.append(decode_tcvn3(line, before) if choice is Legacy.TCVN3 else decode_vni(line))
            used = used or choice
            converted += 1
        before = line
    return Conversion("\n".join(out), used, converted, beyond_ascii)


def _line_encoding(line: str, document: Legacy | None) -> Legacy | None:
    if line.isascii():
        return None
    if document is not None and _clear_in_document(_score(line, document)):
        return document
    if not _MOJIBAKE_SIGN.search(line):
        return None
    scores = {legacy: _score(line, legacy) for legacy in Legacy}
    clear = [legacy for legacy, score in scores.items() if _clear_alone(score)]
    return max(clear, key=lambda legacy: scores[legacy].gain) if clear else None


# -- Mojibake left over ---------------------------------------------------------------------


def looks_like_mojibake(text: str) -> bool:
    """Whether ``text`` still reads like legacy-encoded Vietnamese: at least three different
    words, and a tenth of all words, are not Vietnamese but would be if read as TCVN3 or VNI
    (French and German words do not turn into Vietnamese syllables)."""
    if not _MOJIBAKE_SIGN.search(text):
        return False
    words = [t for t in _TOKEN.findall(text) if _HAS_ASCII_LETTER.search(t) and not t.isascii()]
    odd = [w for w in words if not is_syllable(w) and _becomes_syllable(w)]
    scored = sum(1 for t in _TOKEN.findall(text) if _HAS_ASCII_LETTER.search(t))
    return len(set(odd)) >= 3 and len(odd) >= 0.1 * scored


def _becomes_syllable(word: str) -> bool:
    return any(is_syllable(decode(word)) for decode in _DECODERS.values())


# -- Loaded files ---------------------------------------------------------------------------


def convert_legacy(loaded: LoadedFile) -> LoadedFile:
    """The loaded file with legacy-encoded text converted to Unicode NFC (and a notice); text
    that still looks like mojibake gets a warning notice instead of passing silently."""
    texts = [section.text for section in loaded.sections]
    converted, notices = convert_texts([*texts, loaded.title_hint])
    already = {notice.code for notice in loaded.notices}
    notices = [notice for notice in notices if notice.code not in already]
    if converted[:-1] == texts and not notices:
        return loaded
    # replace() keeps what else a section carries (a page's OCR confidence).
    sections = [
        dataclasses.replace(section, text=text)
        for text, section in zip(converted[:-1], loaded.sections, strict=True)
    ]
    return dataclasses.replace(
        loaded,
        sections=sections,
        title_hint=converted[-1],
        notices=(*loaded.notices, *notices),
    )


def convert_texts(texts: list[str]) -> tuple[list[str], list[Notice]]:
    """The texts of one file (pages, a title) with lines in TCVN3 or VNI converted to Unicode
    NFC, and notices: which encoding was converted (and how many lines, if not all), or that
    what is left still looks like mojibake."""
    if all(text.isascii() for text in texts):
        return texts, []
    document = detect_legacy("\n".join(texts))
    results = [convert_text(text, document) for text in texts]
    notices: list[Notice] = []
    used = next((result.legacy for result in results if result.legacy), None)
    if used is not None:
        converted = sum(result.lines_converted for result in results)
        candidates = sum(result.lines_beyond_ascii for result in results)
        scope = "" if converted == candidates else f", {converted}/{candidates} dòng"
        notices.append(Notice("converted_encoding", f"{used.value}{scope}"))
    if looks_like_mojibake("\n".join(result.text for result in results)):
        notices.append(Notice("legacy_mojibake"))
    return [result.text for result in results], notices


def latin1_reading(data: bytes) -> str:
    """Bytes as legacy-font text reaches a loader: Windows-1252, with the five bytes it leaves
    undefined read as Latin-1 (so no byte is lost)."""
    return "".join(
        chunk.decode("cp1252", errors="strict") if i % 2 == 0 else chunk.decode("latin-1")
        for i, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d]+)", data))
    )
