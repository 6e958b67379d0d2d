"""The model's job (issue 14): it writes from the selected sentences only and is never offered
the refusal; as a reader, its yes/no is read from the first token's probabilities. Hand-made
inputs, no model file."""

from __future__ import annotations

import pytest

from assistant.condense import Query
from assistant.evidence import ScoredSentence
from assistant.extractive import Selection
from assistant.generate import prompt_for
from assistant.generators import GeneratorError, _top_probabilities
from assistant.limits import RequestLimits
from assistant.llm_reader import answer_probability, judging_messages
from assistant.prompts import ABSTAIN_EN, ABSTAIN_VI
from assistant.verify import respelled, verify, verify_clauses
from index import Hit

ANSWERING = "Tổ chức APO được thành lập năm 1961 tại Tokyo."
OTHER = "Việt Nam là thành viên của APO từ năm 1996."
TEXT = f"{ANSWERING} {OTHER}"
HIT = Hit(1, 1.0, "d1", "Giới thiệu APO", "2024-01-02", "d1:0", TEXT, 0, len(TEXT))
# Words that would offer the model a way out: the gate decides answerability, not the writer.
REFUSAL_WORDS = (
    "không có thông tin",
    "không chứa",
    "không thể trả lời",
    "từ chối",
    "do not contain",
    "does not contain",
    "not contain",
    "cannot answer",
    "no information",
)


def _prompt(question: str, language: str) -> str:
    chosen = [ScoredSentence(0, 0, len(ANSWERING), 1.0)]
    selection = Selection(ranked=chosen, chosen=chosen)
    query = Query(question, question, language)
    prompt = prompt_for(query, [HIT], selection, RequestLimits(), budget_words=180)
    return "\n".join(m["content"] for m in prompt.messages)


@pytest.mark.parametrize(
    ("question", "language"),
    [("APO được thành lập năm nào?", "vi"), ("When was the APO founded?", "en")],
)
def test_the_prompt_offers_no_refusal_and_carries_only_the_selected_sentences(
    question: str, language: str
) -> None:
    prompt = _prompt(question, language)
    assert ABSTAIN_VI not in prompt and ABSTAIN_EN not in prompt
    assert not [w for w in REFUSAL_WORDS if w in prompt.lower()]
    assert ANSWERING in prompt and OTHER not in prompt  # only what the select stage chose
    assert question in prompt


def test_the_prompt_asks_for_a_short_cited_answer_in_the_questions_language() -> None:
    vietnamese, english = _prompt("APO ra đời năm nào?", "vi"), _prompt("When?", "en")
    assert "tiếng Việt" in vietnamese and "[" in vietnamese
    assert "English" in english and "one or two" in english


class Judge:
    """First-token probabilities fixed in advance."""

    def __init__(self, top: dict[str, float] | Exception) -> None:
        self.top = top
        self.asked: list[list[dict[str, str]]] = []

    def first_token_probabilities(self, messages, top):  # type: ignore[no-untyped-def]
        self.asked.append(list(messages))
        if isinstance(self.top, Exception):
            raise self.top
        return self.top


MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "tài liệu + câu hỏi"}]


def test_the_reader_reads_yes_against_no_among_the_first_tokens() -> None:
    # Qwen splits "Có" into "C" + "ó": the first piece counts; other tokens are ignored.
    assert answer_probability(Judge({"C": 0.6, "K": 0.2, "Theo": 0.2}), MESSAGES, "vi") == 0.75
    assert answer_probability(Judge({" No": 0.9, "Yes": 0.1}), MESSAGES, "en") == 0.1


def test_the_reader_has_no_opinion_without_yes_or_no_or_without_probabilities() -> None:
    assert answer_probability(Judge({"Theo": 0.7, "APO": 0.3}), MESSAGES, "vi") is None
    assert answer_probability(Judge(GeneratorError("no logprobs")), MESSAGES, "vi") is None


def test_the_judging_question_extends_the_answer_prompt_so_its_prefix_is_shared() -> None:
    asked = judging_messages(MESSAGES, "vi")
    assert asked[0] == MESSAGES[0]
    assert asked[-1]["content"].startswith(MESSAGES[-1]["content"])
    assert "Có hoặc Không" in asked[-1]["content"]
    assert MESSAGES[-1]["content"] == "tài liệu + câu hỏi"  # the answer's prompt is untouched


def test_first_token_probabilities_are_read_from_an_openai_style_reply() -> None:
    reply = {
        "choices": [{"logprobs": {"content": [{"top_logprobs": [{"token": "C", "logprob": 0.0}]}]}}]
    }
    assert _top_probabilities(reply) == {"C": 1.0}
    with pytest.raises(GeneratorError):
        _top_probabilities({"choices": [{}]})


# -- verify: what the answer adds must be in the passage, what it restates is given -----------
def _hit(text: str) -> Hit:
    return Hit(1, 1.0, "d", "Nhiệm vụ năm 2024", "", "d:0", text, 0, len(text))


TASKS = "Nghiên cứu lựa chọn các sản phẩm OCOP 5 sao để đề xuất kế hoạch xây dựng TCVN."
ASKED_TASKS = "Năm 2024, Tổng cục sẽ nghiên cứu lựa chọn những sản phẩm nào để xây dựng TCVN?"
GREEN = (
    "Ba là, đi sâu vào các tiêu chuẩn phục vụ cho sản xuất xanh trong các ngành như dệt may, "
    "khai khoáng,… để tập trung vào phát triển bền vững, công nghiệp hóa."
)
ASKED_GREEN = "Chiến lược hướng tới tiêu chuẩn phục vụ sản xuất xanh trong những ngành nào?"


def test_an_answer_restating_the_questions_year_is_verified() -> None:
    """The passage leaves "2024" to its heading; the model opens with the question's premise."""
    sentence = "Năm 2024, Tổng cục sẽ nghiên cứu lựa chọn các sản phẩm OCOP 5 sao [1]."
    claim = verify(sentence, [_hit(TASKS)], ASKED_TASKS)
    assert claim is not None and "OCOP 5 sao" in claim.text


def test_an_answer_adding_a_number_or_name_the_passage_lacks_is_not_verified() -> None:
    assert (
        verify("Năm 2024, Tổng cục chọn sản phẩm OCOP 4 sao [1].", [_hit(TASKS)], ASKED_TASKS)
        is None
    )
    assert (
        verify("Năm 2024, Tổng cục chọn sản phẩm OCOP của Hà Nội [1].", [_hit(TASKS)], ASKED_TASKS)
        is None
    )
    # A name that opens with an accented capital is a name too ("Đức", "Ấn Độ", "Ủy ban").
    halal = "Năm 2023, Việt Nam ký thỏa thuận hợp tác về Halal với Iran và UAE."
    asked = "Năm 2023 Việt Nam ký hợp tác Halal với những nước nào?"
    assert verify("Việt Nam ký hợp tác về Halal với Iran và UAE [1].", [_hit(halal)], asked)
    for place in ("Đức", "Ấn Độ"):
        claim = f"Việt Nam ký thỏa thuận hợp tác về Halal với Iran và {place} [1]."
        assert verify(claim, [_hit(halal)], asked) is None, place


MEMBERSHIP = (
    "Hiệp hội Năng suất khu vực công nhận Việt Nam là thành viên chính thức. Đây là lần thứ hai "
    "sau 20 năm gia nhập, Việt Nam đảm nhận vai trò quan trọng này (lần đầu tiên vào năm 2001)."
)


def test_a_year_the_passage_gives_to_something_else_does_not_verify_the_claim() -> None:
    """The claim restates the question and adds a year the passage has, but the passage dates
    the first chairmanship with it, far from "gia nhập"."""
    asked = "Việt Nam gia nhập Hiệp hội Năng suất khu vực năm nào?"
    joined = "Việt Nam gia nhập Hiệp hội Năng suất khu vực năm 2001 [1]."
    assert verify(joined, [_hit(MEMBERSHIP)], asked) is None
    asked = "Việt Nam đảm nhận vai trò quan trọng này lần đầu tiên vào năm nào?"
    first = "Việt Nam đảm nhận vai trò này lần đầu tiên vào năm 2001 [1]."
    assert verify(first, [_hit(MEMBERSHIP)], asked) is not None
    # Another name for the same thing beside the date still places it ("Hoa Kỳ" / "Mỹ").
    memo = "Tổng cục đã ký bản ghi nhớ với Viện Tiêu chuẩn Mỹ (ANSI) ngày 12/5/2023."
    asked = "Tổng cục ký bản ghi nhớ với viện tiêu chuẩn của Hoa Kỳ vào ngày nào?"
    signed = "Tổng cục ký bản ghi nhớ với viện tiêu chuẩn Hoa Kỳ ngày 12/5/2023 [1]."
    assert verify(signed, [_hit(memo)], asked) is not None


def test_a_phrase_cut_from_the_word_it_qualifies_does_not_verify_the_claim() -> None:
    """The model hangs "nông nghiệp thông minh"'s "thông minh" on the question's "lĩnh vực":
    every word is in the passage, the phrase is not."""
    initiative = (
        "Tổng cục đã đề xuất sáng kiến chia sẻ kinh nghiệm về nông nghiệp thông minh trong"
        " năm 2019 và sáng kiến thúc đẩy sản xuất bền vững trong năm 2020."
    )
    asked = "Năm 2019, Tổng cục đề xuất sáng kiến chia sẻ kinh nghiệm trong lĩnh vực nào?"
    cut = "Năm 2019, Tổng cục đề xuất sáng kiến chia sẻ kinh nghiệm trong lĩnh vực thông minh [1]."
    assert verify(cut, [_hit(initiative)], asked) is None
    whole = "Năm 2019, Tổng cục đề xuất sáng kiến về nông nghiệp thông minh [1]."
    assert verify(whole, [_hit(initiative)], asked) is not None
    # After a function word, the phrase stands as written.
    plain = "Năm 2019, Tổng cục chia sẻ kinh nghiệm về nông nghiệp thông minh [1]."
    assert verify(plain, [_hit(initiative)], asked) is not None


def test_a_word_the_model_misspelled_is_written_as_the_sources_write_it() -> None:
    """Echoing the question, the model wrote "Phên họp" for "Phiên họp": the answer is right
    and is shown spelled right, not dropped for a word no passage has."""
    meeting = (
        "Phiên họp lần thứ ba của Nhóm công tác về hàng rào kỹ thuật diễn ra ngày 12/9/2023 tại"
        " Singapore, do Ủy ban đồng chủ trì."
    )
    asked = "Phiên họp lần thứ ba của Nhóm công tác về hàng rào kỹ thuật diễn ra ngày nào?"
    claim = verify(
        "Phên họp lần thứ ba của Nhóm công tác diễn ra ngày 12/9/2023 [1].", [_hit(meeting)], asked
    )
    assert claim is not None and claim.text.startswith("Phiên họp lần thứ ba")
    # A word the passage does not write is no misspelling for fitting one side: "sử dụng" is
    # not "từ dụng" because a passage writes "năng suất từ".
    growth = "Năng suất lao động tăng năng suất từ 10% lên 14%, nhờ công cụ cải tiến."
    plain = "Doanh nghiệp tăng năng suất sử dụng công cụ cải tiến."
    assert respelled(plain, [growth]) == plain
    assert respelled("Đây là câu trả lời của bạn.", ["Lớp học của cán bộ."]).endswith("của bạn.")
    # A wrong value stays wrong, however it is spelled.
    assert verify("Phên họp lần thứ ba diễn ra ngày 12/9/2022 [1].", [_hit(meeting)], asked) is None


def test_an_english_answer_is_verified_by_the_numbers_and_names_the_vietnamese_passage_gives() -> (
    None
):
    """Asked in English, the model answers in English; none of its words are the passage's,
    but the numbers and names it adds are, and a wrong one is not."""
    ceremony = (
        "Sáng 20/5, Viện Đo lường tổ chức lễ kỷ niệm Ngày Đo lường Thế giới. Khoảng 240 đại biểu"
        " đã tham dự buổi lễ, do ông Trần Văn Minh chủ trì."
    )
    asked = "How many delegates attended the World Metrology Day ceremony on 20 May?"
    claim = verify("About two hundred and forty delegates attended [1].", [_hit(ceremony)], asked)
    assert claim is None  # a number it cannot read is no number it checked
    claim = verify("Two hundred forty delegates attended.", [_hit(ceremony)], asked)
    assert claim is None
    claim = verify("About 240 delegates attended the ceremony [1].", [_hit(ceremony)], asked)
    assert claim is not None and "240" in ceremony[claim.support.start : claim.support.end]
    assert verify("About 300 delegates attended the ceremony.", [_hit(ceremony)], asked) is None
    members = "Hai tổ chức tương đồng: 8 trên 10 nước thành viên ASEAN là thành viên của APO."
    asked = "How many ASEAN member states are also members of the APO?"
    claim = verify(
        "Eight of the ten ASEAN member states are members of the APO.", [_hit(members)], asked
    )
    assert claim is not None and claim.text.startswith("8 of the 10 ASEAN")
    # A denial the passage does not make, a name it does not write, the question echoed back.
    assert (
        verify("Eight ASEAN member states are not members of the APO.", [_hit(members)], asked)
        is None
    )
    chaired = "Who chaired the ceremony?"
    assert verify("It was chaired by Mr Trần Văn Minh [1].", [_hit(ceremony)], chaired) is not None
    assert verify("It was chaired by Mr Lê Văn Nam [1].", [_hit(ceremony)], chaired) is None
    assert verify("The ceremony was chaired by the director.", [_hit(ceremony)], chaired) is None
    # "Hanoi" is how English writes "Hà Nội"; "Danang" is not in this passage.
    held = "Where was the World Metrology Day ceremony held?"
    hanoi = "Ngày 20/5, tại Hà Nội, Viện Đo lường tổ chức lễ kỷ niệm Ngày Đo lường Thế giới."
    assert verify("The ceremony was held in Hanoi [1].", [_hit(hanoi)], held) is not None
    assert verify("The ceremony was held in Danang [1].", [_hit(hanoi)], held) is None
    # "Korea" is the English name of "Hàn Quốc"; "Japan" is another country's.
    signed = "Ngày 17/6/2025, Việt Nam và Hàn Quốc ký Bản ghi nhớ hợp tác về tiêu chuẩn."
    which = "Which country signed the memorandum on standards with Vietnam in June 2025?"
    assert verify("It was signed with Korea [1].", [_hit(signed)], which) is not None
    assert verify("It was signed with Japan [1].", [_hit(signed)], which) is None


def test_a_bare_value_answering_a_how_much_question_is_verified_and_says_what_it_counts() -> None:
    """Asked "bao nhiêu phần trăm …?", the model may answer "80% [1]" and nothing else: the
    value the passage gives is the answer, shown with what the passage says it counts; one it
    does not give is not, and a bare value answers no question that asks for no value."""
    target = (
        "Mục tiêu của Đề án là đến năm 2030, 80% doanh nghiệp chế biến áp dụng hệ thống truy"
        " xuất nguồn gốc. Hiện có khoảng 30% doanh nghiệp đã áp dụng."
    )
    asked = "Đến năm 2030 bao nhiêu phần trăm doanh nghiệp chế biến phải áp dụng truy xuất?"
    claim = verify("80% [1]", [_hit(target)], asked)
    assert claim is not None and claim.text == "80% doanh nghiệp chế biến"
    assert "80%" in target[claim.support.start : claim.support.end]
    assert verify("75%", [_hit(target)], asked) is None
    assert verify("80%", [_hit(target)], "Đề án truy xuất nguồn gốc nhằm mục tiêu gì?") is None
    # A count stops at a function word; a year is shown as the model wrote it.
    building = "Hoàn thành dự án nhà liên cơ 15 tầng tại trụ sở đến năm 2026 và định hướng 2030."
    floors = verify("15 [1]", [_hit(building)], "Nhà liên cơ cao bao nhiêu tầng?")
    assert floors is not None and floors.text == "15 tầng"
    year = verify("2026 [1]", [_hit(building)], "Dự án nhà liên cơ hoàn thành vào năm nào?")
    assert year is not None and year.text == "2026"


def test_an_answer_spelling_out_the_passages_acronym_is_verified() -> None:
    vision = "Chúng ta cùng nhau xây dựng tầm nhìn Tổng cục TCĐLCL (STAMEQ) đến năm 2030."
    asked = "STAMEQ là tên viết tắt của cơ quan nào?"
    spelled = "STAMEQ là tên viết tắt của Tổng cục Tiêu chuẩn Đo lường Chất lượng [1]."
    claim = verify(spelled, [_hit(vision)], asked)
    assert claim is not None and "Tiêu chuẩn Đo lường Chất lượng" in claim.text
    wrong = "STAMEQ là tên viết tắt của Tổng cục Thống kê [1]."
    assert verify(wrong, [_hit(vision)], asked) is None


def test_invented_list_items_after_the_restated_question_are_not_verified() -> None:
    invented = (
        "Chiến lược hướng tới tiêu chuẩn phục vụ sản xuất xanh trong những ngành như: "
        "nông nghiệp, thủy sản, hóa dầu, điện tử [1]."
    )
    assert verify(invented, [_hit(GREEN)], ASKED_GREEN) is None
    right = "Chiến lược hướng tới sản xuất xanh trong những ngành như dệt may, khai khoáng [1]."
    assert verify(right, [_hit(GREEN)], ASKED_GREEN) is not None


def test_a_new_number_keeps_its_unit_even_when_the_question_uses_the_word() -> None:
    passage = "Lần đầu tiên tổ chức 3 Hội nghị toàn quốc về công tác chứng nhận."
    asked = "Lần đầu tiên Tổng cục tổ chức bao nhiêu Hội nghị toàn quốc?"
    assert verify("Tổng cục tổ chức 3 lần [1].", [_hit(passage)], asked) is None
    assert verify("Tổng cục tổ chức 3 Hội nghị toàn quốc [1].", [_hit(passage)], asked)


@pytest.mark.parametrize(
    "reply",
    [
        "Nội dung của câu hỏi không phù hợp với nội dung trong tài liệu về dự án [1].",
        "Đoạn văn không đề cập đến nhiệm vụ của dự án nhà liên cơ [1].",
        "The passages do not mention the project's floors [1].",
    ],
)
def test_a_refusal_in_the_models_own_words_is_no_claim(reply: str) -> None:
    """The passage shares the words, so the support check alone would cite it."""
    passage = (
        "Nội dung câu hỏi của doanh nghiệp phù hợp với dự án nhà liên cơ 15 tầng; đoạn văn đề cập"
        " đến project floors, the passages mention."
    )
    assert verify(reply, [_hit(passage)], "Nhiệm vụ về dự án nhà liên cơ là gì?") is None


def test_a_sentence_only_about_the_answer_is_no_claim() -> None:
    """Meta-talk cites a passage that says "câu trả lời" and states nothing."""
    passage = "Câu trả lời của Tổng cục cho doanh nghiệp được gửi trong tháng 3 theo tài liệu."
    asked = "Doanh nghiệp nhận phản hồi của Tổng cục vào lúc nào?"
    assert verify("Đây là câu trả lời [1].", [_hit(passage)], asked) is None
    assert verify("Theo tài liệu, thông tin như sau [1].", [_hit(passage)], asked) is None
    assert verify("Câu trả lời được gửi trong tháng 3 [1].", [_hit(passage)], asked)


FOUNDED = Hit(1, 1.0, "d1", "Giới thiệu APO", "2024-01-02", "d1:0", ANSWERING, 0, len(ANSWERING))
JOINED = Hit(2, 0.9, "d2", "Việt Nam và APO", "2024-01-02", "d2:0", OTHER, 0, len(OTHER))
TWO_PARTS = "APO được thành lập năm nào, và Việt Nam là thành viên của APO từ năm nào?"


@pytest.mark.parametrize(
    ("reply", "cited"),
    [
        # Each statement of the sentence stands on its own passage: both are cited.
        (
            "APO được thành lập năm 1961 tại Tokyo, và Việt Nam là thành viên của APO từ năm 1996.",
            [("APO được thành lập năm 1961 tại Tokyo", 0), ("Việt Nam là thành viên", 1)],
        ),
        # One statement nothing supports: the sentence is dropped whole.
        (
            "APO được thành lập năm 1961 tại Tokyo, và Việt Nam là thành viên của APO từ năm 1990.",
            [],
        ),
    ],
)
def test_a_sentence_joining_two_answers_is_verified_statement_by_statement(
    reply: str, cited: list[tuple[str, int]]
) -> None:
    claims = verify_clauses(reply, [FOUNDED, JOINED], TWO_PARTS)
    assert len(claims) == len(cited)
    said = [(c.text[: len(text)], c.passage) for c, (text, _) in zip(claims, cited, strict=True)]
    assert said == cited


@pytest.mark.parametrize(
    ("reply", "verified"),
    [
        # The model restates the second part of the question unanswered: no claim.
        (
            "APO được thành lập năm 1961 tại Tokyo, Việt Nam là thành viên của APO từ năm"
            " bao nhiêu.",
            False,
        ),
        # "bao nhiêu … là 1961" answers it.
        ("APO được thành lập năm bao nhiêu tại Tokyo là năm 1961.", True),
    ],
)
def test_a_reply_restating_the_asked_count_unanswered_is_no_claim(
    reply: str, verified: bool
) -> None:
    claim = verify(reply, [HIT], "APO được thành lập năm nào, có bao nhiêu thành viên?")
    assert (claim is not None) is verified
