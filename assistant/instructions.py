"""Instructions planted in documents, recognised by their grammar (``is_instruction``); the
evidence scorer leaves them out of everything it reads (``evidence.informative_spans``)."""

from __future__ import annotations

import re

from index import normalize_tone

# Sentences that talk to the answerer instead of informing the reader are content, never
# commands, and never evidence either: they are not quoted, not given to the model and not
# shown as snippets. They are recognised by their grammar, not by known wordings:
# - addressed to an AI: "Lưu ý dành cho trợ lý AI: …", "Note to the model", "Nếu bạn là AI";
# - orders to set aside what came before: "Bỏ qua các hướng dẫn ở trên", "Disregard the above";
# - a change of role: "you are now", "từ giờ bạn là", "hãy đóng vai", "pretend that";
# - an imperative to answer, say, assert, confirm… with no subject of its own, at the start of
#   a sentence or clause, after "hãy / vui lòng / bạn phải", or after a condition ("Nếu được
#   hỏi …, trả lời rằng …"); "đừng tiết lộ", "say that", "respond with:";
# - chat-template tokens and "System:"-style speaker labels.
# Reported speech stays evidence: "Tổng cục trả lời rằng …", "ACCSQ confirmed that …" say who
# answered. A false fact written plainly (or reported) is still answered: a residual risk.
_AI = (
    r"(?:trợ lý (?:ảo|ai|trí tuệ nhân tạo)|mô hình (?:ngôn ngữ(?: lớn)?|ai|trí tuệ nhân tạo)"
    r"|chat ?bot|chatgpt|gpt|llm|ai|a\.i\.|(?:ai |virtual )?assistants?|(?:ai |language )models?"
    r"|trí tuệ nhân tạo)"
)
# "trợ lý" and "mô hình" alone name people and management models ("Trợ lý Bộ trưởng", "mô
# hình quản lý"): only where a note is addressed to them.
_ADDRESSEE = rf"(?:(?:các |the |any |all |every )?(?:{_AI}|trợ lý|mô hình|hệ thống))"
_SAY_VI = r"(?:trả lời|đáp|nói|khẳng định|xác nhận|tuyên bố|nhắc lại|lặp lại|tiết lộ|trích dẫn)"
_SAY_EN = (
    r"(?:say|answer|respond|reply|state|claim|assert|confirm|declare|tell|write|output|print"
    r"|repeat|insist|mention|reveal|cite)"
)
_ANSWER_VERB_VI = rf"(?:{_SAY_VI}|ưu tiên|bỏ qua|viết|ghi)"
_ANSWER_VERB_EN = rf"(?:{_SAY_EN}|prioriti[sz]e|ignore|disregard|forget)"
_CLAUSE_START = r"(?:^|[;:\n])\s*[\"'“(]*\s*"
# "Nếu được hỏi về ngân sách, …", "When asked, …": what follows the comma is an order when it
# starts with the verb (reported speech names its speaker: "…, Tổng cục trưởng nói rằng").
_CONDITION = r"^\s*(?:nếu|khi|if|when|whenever)\b[^.;:]{0,120},\s*(?:hãy\s+|thì\s+|please\s+)?"
_INSTRUCTION = re.compile(
    # Addressed to an AI.
    rf"\b(?:lưu ý|ghi chú|chú ý|nhắc nhở|thông báo|thông điệp|note|notice|message|attention"
    rf"|reminder|instructions?)\s+(?:(?:dành|gửi)\s+)?(?:cho|gửi|to|for)?\s*{_ADDRESSEE}\b"
    rf"|^\s*(?:gửi|kính gửi|dear|to|attention|hey|hi|hello|xin chào)\s+{_ADDRESSEE}\b"
    rf"|^\s*{_ADDRESSEE}\s*(?::|,\s*(?:hãy|please|you|bạn)\b)"
    rf"|\b(?:nếu|if)\s+(?:bạn|you)\s+(?:là|are)\s+(?:một\s+|an?\s+|the\s+)?{_AI}\b"
    rf"|\b(?:as\s+an?|với tư cách(?:\s+là)?(?:\s+một)?)\s+{_AI}\b"
    rf"|\b{_AI}\s+(?:phải|cần|nên|hãy|must|should|shall|has to|needs? to)\s+"
    rf"(?:{_ANSWER_VERB_VI}|{_ANSWER_VERB_EN})\b"
    # Orders to set aside what came before.
    r"|\b(?:bỏ qua|phớt lờ|lờ đi|quên|gạt bỏ|không (?:cần )?để ý)\s+(?:đi\s+)?"
    r"(?:(?:mọi|tất cả|toàn bộ|các|những)\s+)?(?:(?:hướng dẫn|chỉ dẫn|chỉ thị|quy tắc|lệnh"
    r"|yêu cầu|tài liệu|ngữ cảnh)\b|(?:nội dung|phần|đoạn|thông tin|mọi thứ|điều)\s+"
    r"(?:\w+\s+)?(?:ở\s+|phía\s+)?(?:trên|trước(?: đó)?)\b)"
    r"|\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|your|my|these|those"
    r"|everything|every(?:thing)?|of)\s+)*(?:above|previous|prior|earlier|preceding|instructions?"
    r"|prompts?|rules?|directions?|context|documents?|sources?|system)\b"
    # A change of role.
    r"|\b(?:you are now|you're now|from now on,? you|bạn bây giờ là|bây giờ bạn là"
    r"|từ (?:giờ|bây giờ|nay)(?: trở đi)?,? bạn (?:là|hãy|sẽ|phải|chỉ)|hãy đóng vai"
    r"|đóng vai (?:là\s+)?(?:một\s+)?(?:trợ lý|quản trị|ai)\b|giả vờ (?:là|rằng)"
    r"|giả sử bạn là|pretend (?:to be|that|you)|act as (?:an?|the|if)|roleplay)\b"
    # An imperative to answer, with no subject of its own.
    rf"|{_CONDITION}(?:{_SAY_VI}|{_SAY_EN})\b"
    rf"|\b(?:hãy|vui lòng|xin hãy|bạn (?:hãy|phải|cần|nên|chỉ được))\s+(?:luôn\s+|chỉ\s+)?"
    rf"{_SAY_VI}\s+(?:với\s+(?:người dùng|họ|mọi người)\s+)?(?:rằng|là|:|\"|“)"
    rf"|{_CLAUSE_START}(?:luôn\s+|chỉ\s+)?{_SAY_VI}\s+"
    r"(?:rằng|là|với người dùng|cho người dùng|người dùng)\b"
    r"|\bđừng\s+(?:bao giờ\s+)?(?:tiết lộ|nhắc|đề cập|nói|trả lời|trích dẫn|cho biết|tiết"
    r"|thừa nhận)\b"
    rf"|{_CLAUSE_START}(?:please\s+|always\s+|only\s+|now\s+|then\s+)*{_ANSWER_VERB_EN}"
    r"\s*(?:(?:only|just|always)\s+)?(?:that\b|with\b|:|\"|“|'|the user\b|users\b|them\b"
    r"|everyone\b|anyone\b|the answer\b)"
    rf"|\b(?:please|and then|then)\s+(?:only\s+)?{_ANSWER_VERB_EN}\b"
    r"|\band\s+(?:only\s+)?(?:say|respond|reply)\b|\band\s+answer\s+(?:that|with|only|:)"
    rf"|\b(?:you|bạn)\s+(?:must|should|have to|need to|will|are to|phải|cần|nên|sẽ|chỉ)"
    rf"\s+(?:only\s+|chỉ\s+|luôn\s+)?(?:{_SAY_EN}|{_SAY_VI})\b"
    r"|\b(?:câu trả lời|câu đáp|the answer|your answer|your response)(?:\s+\w+)?\s+"
    r"(?:phải|nên|cần|luôn|must|should)\s+(?:là|be)\b"
    # Chat-template tokens, speaker labels.
    r"|<\|[a-z_]+\|>|\[/?inst\]|<</?sys>>"
    r"|^\s*(?:system|hệ thống|assistant|trợ lý|user|người dùng)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def is_instruction(sentence: str) -> bool:
    """Does ``sentence`` address the answerer (an order, a note to an AI) rather than inform?"""
    return bool(_INSTRUCTION.search(normalize_tone(sentence)))
