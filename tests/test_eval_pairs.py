"""Zalo pairs by split, and the ROC AUC a reader signal is reported with (eval/pairs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.pairs import load_pairs, pairs_auc, roc_auc

ZALO_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "zalo_wikiqa"


def _write(folder: Path) -> None:
    rows = [
        ("q1", "p1", "Ai là chủ tịch Hòa Phát?", "Trần Đình Long là chủ tịch Hòa Phát.", True),
        ("q1", "p2", "Ai là chủ tịch Hòa Phát?", "Hòa Phát là tập đoàn thép lớn.", False),
        ("q2", "p3", "Sông nào dài nhất?", "Sông Nile dài nhất thế giới.", True),
        ("q2", "p4", "Sông nào dài nhất?", "Sông Hồng chảy qua Hà Nội.", False),
        ("q3", "p5", "Núi nào cao nhất?", "Everest cao nhất.", True),
    ]
    splits = {"q1": "dev", "q2": "test", "q3": "test"}
    with (folder / "pairs.jsonl").open("w", encoding="utf-8") as handle:
        for qid, pid, question, paragraph, answerable in rows:
            record = {"question_id": qid, "paragraph_id": pid, "question": question,
                      "paragraph": paragraph, "answerable": answerable,
                      "answers": ["x"] if answerable else [], "split": splits[qid]}  # fmt: skip
            handle.write(json.dumps(record, ensure_ascii=False) + "\n\n")


def _overlap(question: str, paragraph: str) -> float:
    """A toy scorer: the share of the paragraph's words that are not in the question."""
    asked = set(question.lower().split())
    words = paragraph.lower().split()
    return sum(w not in asked for w in words) / len(words)


def test_pairs_load_by_split(tmp_path: Path) -> None:
    _write(tmp_path)
    assert len(load_pairs(tmp_path)) == 5
    dev, test = load_pairs(tmp_path, "dev"), load_pairs(tmp_path, "test")
    assert [p.paragraph_id for p in dev] == ["p1", "p2"]
    assert {p.question_id for p in test} == {"q2", "q3"} and all(p.split == "test" for p in test)
    assert test[0].answerable and not test[1].answerable and test[0].answers == ("x",)
    with pytest.raises(ValueError):
        load_pairs(tmp_path, "train")


def test_auc_of_a_scorer_over_a_split(tmp_path: Path) -> None:
    _write(tmp_path)
    test = load_pairs(tmp_path, "test")
    labelled = {p.paragraph: p.answerable for p in test}
    assert pairs_auc(lambda q, p: float(labelled[p]), test) == 1.0  # an oracle
    assert pairs_auc(lambda q, p: 1.0 - labelled[p], test) == 0.0  # an inverted one
    assert pairs_auc(lambda q, p: 0.3, test) == 0.5  # a constant: chance (ties count half)
    assert 0.0 <= pairs_auc(_overlap, test) <= 1.0
    assert roc_auc([0.2, 0.9, 0.4], [False, True, True]) == 1.0
    assert roc_auc([0.1, 0.2], [True, True]) is None  # one class only: undefined


@pytest.mark.skipif(not ZALO_DIR.exists(), reason="Zalo WikiQA benchmark not present")
def test_the_real_pairs_split_by_question() -> None:
    dev, test = load_pairs(ZALO_DIR, "dev"), load_pairs(ZALO_DIR, "test")
    assert len(dev) + len(test) == len(load_pairs(ZALO_DIR)) == 3454
    assert not {p.question_id for p in dev} & {p.question_id for p in test}


def test_the_rescue_curve_sets_what_the_rescue_would_answer_against_the_peoples_labels():
    from eval.meaning_rescue import PairRead, curve

    read = [
        PairRead("dev", True, True, 0.95, True),  # the rules answer it: not the rescue's
        PairRead("dev", False, True, None, False),
        PairRead("dev", True, False, 0.92, True),  # refused; the rescue answers it rightly
        PairRead("dev", False, False, 0.90, False),  # refused; a distractor close in meaning
        PairRead("dev", False, False, None, False),  # no sentence holds the asked kind
        PairRead("test", True, False, 0.93, False),
    ]
    dev = curve(read, thresholds=(0.89, 0.91))["dev"]
    assert dev["rules_precision"] == 0.5 and dev["refused"] == 3 and dev["refused_answering"] == 1
    assert dev["curve"] == [
        {"threshold": 0.89, "rescued": 2, "precision": 0.5, "quote_holds_answer": 1},
        {"threshold": 0.91, "rescued": 1, "precision": 1.0, "quote_holds_answer": 1},
    ]
    assert curve(read)["test"]["refused_answering"] == 1


def test_a_pair_is_read_as_the_pipeline_gates_it():
    from eval.meaning_rescue import read_pairs
    from eval.pairs import Pair
    from tests.test_stages import CONFIG, FakeSource

    paragraph = "Năm 2024, Chi cục phát hiện 17 cột đo có sai số vượt giới hạn cho phép."
    pair = Pair("q", "p", "Chi cục phát hiện bao nhiêu trụ bơm đong sai?", paragraph, True,
                ("17 cột đo",), "dev")  # fmt: skip
    source = FakeSource([], similar={paragraph: 0.93})
    [read] = read_pairs([pair], source, CONFIG)
    assert not read.rules_pass and read.cosine == 0.93 and read.quote_holds_answer


def test_the_words_alike_values_are_chosen_on_dev_and_reported_on_test():
    from eval.words_alike import PairCoverage, choose

    read = [
        # dev: at 0.95 the coverage ranks the answering pairs first; at 0.97 it does not
        PairCoverage("dev", True, 0.30, {0.95: 0.80, 0.97: 0.30}),
        PairCoverage("dev", True, 0.50, {0.95: 0.90, 0.97: 0.50}),
        PairCoverage("dev", False, 0.50, {0.95: 0.60, 0.97: 0.50}),
        PairCoverage("dev", False, 0.20, {0.95: 0.20, 0.97: 0.60}),
        PairCoverage("test", True, 0.30, {0.95: 0.85, 0.97: 0.30}),
        PairCoverage("test", False, 0.60, {0.95: 0.70, 0.97: 0.60}),
    ]
    chosen = choose(read, rules_threshold=0.45)
    assert chosen["min_similarity"] == 0.95
    # The rules let through 1 of 2 non-answering dev pairs; so may the chosen coverage.
    assert chosen["dev"]["rules_at_threshold"] == {"tpr": 0.5, "fpr": 0.5}
    assert chosen["min_coverage"] == 0.40 and chosen["dev"]["alike_at_chosen"]["fpr"] <= 0.5
    assert chosen["test"]["alike_auc"][0.95] == 1.0 and chosen["test"]["pairs"] == 2
