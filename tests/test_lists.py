"""A list announced with a count ("… ba hoạt động nổi bật.") is read until that many items,
however long each item runs: the starter question got two of three."""

from __future__ import annotations

from assistant.evidence import score_sentences
from assistant.extractive import select_sentences
from index import Hit
from index.enumeration import announced_count, unfinished_enumeration
from tests.conftest import assistant_for

STARTER = "Năm 2023 có ba hoạt động hợp tác quốc tế nổi bật nào?"
THIRD = "Thứ ba, nhân chuyến thăm của Tổng Bí thư, Chủ tịch Trung Quốc Tập Cận Bình"


def _filler(topic: str, n: int) -> str:
    return " ".join(f"Chi tiết {i + 1} về {topic} được trình bày trong báo cáo." for i in range(n))


# Each item runs on for many sentences: the third item starts 20 sentences after the intro.
LONG_LIST = (
    "Năm 2022, Viện có nhiều kết quả, trong đó có thể kể đến ba nhiệm vụ trọng tâm. "
    f"Thứ nhất, hoàn thiện phòng thử nghiệm điện. {_filler('phòng thử nghiệm', 9)} "
    f"Thứ hai, đào tạo kiểm định viên. {_filler('đào tạo', 9)} "
    f"Thứ ba, mở rộng hợp tác với Nhật Bản. {_filler('hợp tác', 3)} "
    "Thứ nhất, một danh sách khác bắt đầu ở đây."
)


def _hit(text: str) -> Hit:
    return Hit(1, 1.0, "vien", "Báo cáo của Viện", "", "vien#0000", text, 0, len(text))


def _flat(terms: set[str]) -> dict[str, float]:
    return dict.fromkeys(terms, 1.0)


def test_the_count_a_sentence_announces():
    assert announced_count("… có thể kể đến ba hoạt động nổi bật.") == 3
    assert announced_count("tập trung vào năm trụ cột.") == 5
    assert announced_count("Tổng cục đặt ra 4 nhiệm vụ như sau:") == 4
    assert announced_count("Năm 2023, chúng ta có rất nhiều hoạt động.") is None  # a year
    assert announced_count("Đoàn đã ba lần sang làm việc tại Nhật Bản.") is None  # a quantity
    assert announced_count("Một số kết quả nổi bật như sau:") is None


def test_a_counted_list_is_read_until_its_last_item():
    hits = [_hit(LONG_LIST)]
    question = "Năm 2022 Viện có ba nhiệm vụ trọng tâm nào?"
    chosen = select_sentences(question, hits, score_sentences(question, hits, _flat), _flat)
    said = [LONG_LIST[c.start : c.end] for c in chosen]
    assert [s.split(",")[0] for s in said if s.startswith("Thứ")] == [
        "Thứ nhất",
        "Thứ hai",
        "Thứ ba",
    ]
    assert not any("danh sách khác" in s for s in said)


def test_an_unfinished_list_is_told_from_a_finished_one():
    intro = "Có ba hoạt động nổi bật. Thứ nhất, A là một. Thứ hai, B là hai."
    assert unfinished_enumeration(intro)
    assert not unfinished_enumeration(intro + " Thứ ba, C là ba.")
    assert not unfinished_enumeration("Có nhiều hoạt động. Thứ nhất, A. Thứ hai, B.")


def test_a_hit_reads_on_until_its_announced_list_is_whole(corpus_index):
    hit = corpus_index.search("ba hoạt động hợp tác quốc tế nổi bật năm 2023", k=1)[0]
    assert hit.text.rstrip().endswith("ba hoạt động nổi bật.")
    longer = corpus_index.with_following(hit, 3)
    assert "Thứ nhất" in longer.text and "Thứ hai" in longer.text and THIRD in longer.text
    assert longer.text in corpus_index.document_text(hit.doc_id)


def test_the_starter_question_gets_all_three_activities(corpus_index):
    answer = assistant_for(corpus_index).ask(STARTER, mode="extractive")
    assert not answer.abstained
    for item in ("Thứ nhất, được hỗ trợ", "Thứ hai, hợp tác với Đức", THIRD):
        assert item in answer.answer, answer.answer
    assert answer.answer.index("Thứ hai") < answer.answer.index("Thứ ba")


class _Recording:
    """A model that records its prompt and answers with the three items it was given."""

    name = "recording"

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def stream(self, messages, max_tokens):
        prompt = "\n".join(m["content"] for m in messages)
        self.prompts.append(prompt)
        yield (
            "Thứ nhất, tiếp cận các nước về chứng nhận Halal [1]. Thứ hai, hợp tác với Đức về đo "
            "lường pin mặt trời [1]. Thứ ba, thúc đẩy hài hòa tiêu chuẩn giữa Việt Nam và Trung "
            "Quốc [1]."
        )


def test_the_model_is_given_all_three_activities(corpus_index):
    model = _Recording()
    answer = assistant_for(corpus_index, model).ask(STARTER, mode="llm")
    assert THIRD in model.prompts[0] and "Thứ hai, hợp tác với Đức" in model.prompts[0]
    assert "Trung Quốc" in answer.answer and not answer.abstained
