"""What the answer engine needs to know, handed in by the composition root (``hoidap.wiring``).

No defaults here: the product's defaults, and where each was measured, live in one place,
``hoidap/settings.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WordsAlike:
    """The gate's last look (``gate.gate_by_words``): a question word the passage lacks counts
    when a word or word pair of the passage embeds this close to it. Both values were chosen
    on the Zalo WikiQA pairs, dev split (``hoidap words-alike``, ``eval/words_alike.py``):
    ``min_similarity`` is the cosine whose coverage best ranks answering paragraphs above the
    others (ROC AUC), and ``min_coverage`` lets through no larger a share of non-answering
    paragraphs than the rules' own coverage threshold (0.45) does."""

    min_similarity: float = 0.96
    min_coverage: float = 0.53
    candidates: int = 3  # sentences read (closest in meaning first): each embeds ~100 words


@dataclass(frozen=True)
class AnswerConfig:
    mode: str  # auto | llm | extractive; "auto" is llm when a model can be had
    passages: int  # passages retrieved per question (and their share of the prompt)
    passage_words: int  # prompt budget per passage, in words
    # The gate: below either the documents are taken not to answer (fitted on the golden set,
    # README "Abstention").
    min_coverage: float  # IDF-weighted share of the question's words in one passage window
    min_dense: float  # cosine similarity, for questions in English
    # A Vietnamese question the rules refuse on coverage (a paraphrase shares few words) is
    # answered by the sentence closest in meaning, when its cosine reaches this and it holds
    # the asked kind and contradicts nothing the question states; None: never.
    min_sentence_similarity: float | None
    # … and then, with the question's words matched by meaning to the passage's; None: never.
    words_alike: WordsAlike | None
    # Who decides which sentence answers, and whether any does: "lexical" (the rules above and
    # ``assistant.evidence``), "learned" (``assistant.reader``, fitted on Zalo pairs dev +
    # golden; alone it loses on the golden set), or "combined" (the default): the rules, and
    # on a question they refuse the learned reader, when confident (its rescue threshold,
    # chosen on Zalo dev). Measured in README "Reader".
    reader: str
    min_confidence: float | None  # learned reader's threshold; None: the fitted one
    # LLM mode: before writing, the model reads the selected sentences (``llm_reader``) and the
    # answer abstains when P(they answer) is below this; None: not asked (README "Reader").
    llm_reader_min: float | None
    # LLM mode: an answer drawn from a legal provision (a chunk with an article path, "Điều 43 >
    # Khoản 1") quotes it word for word instead of having the model paraphrase it: the law's
    # wording is the answer, and the small model's paraphrases of provisions dropped or swapped
    # their conditions (README "Reader", seventh session).
    quote_provisions: bool
    max_tokens: int  # the model's answer length


@dataclass(frozen=True)
class LLMConfig:
    """Which model writes answers: an OpenAI-compatible endpoint, or the bundled GGUF file."""

    url: str | None
    model: str
    api_key: str | None
    timeout_s: float
    model_path: Path  # the local model, used when no url is set
    threads: int | None = None  # llama.cpp threads; None: every core
    # Prompt-lookup speculative decoding for the local model: llama.cpp drafts up to
    # ``lookup_draft_tokens`` tokens by finding the last ``lookup_ngram`` tokens written in the
    # prompt, and checks the draft in one batch. Answers copy names, figures and phrases from the
    # quoted sentences, so many drafts are accepted; greedy decoding writes the same text
    # either way. Chosen on 22 golden questions (total answer time, 2 cores) among (2, 8),
    # (3, 16), (3, 32), (4, 16), (6, 24); README "Performance". 0 tokens: off.
    lookup_ngram: int = 4
    lookup_draft_tokens: int = 16


@dataclass(frozen=True)
class EvidenceWeights:
    """How a sentence's score is made (``score_sentences``). A frozen dataclass rather than
    module constants so a caller (the answer pipeline's weights, a test) can hand over other
    values without patching the module; the defaults are the weights in use. None was
    fitted: each was set by hand and is held in place by the golden-set evaluation
    (``hoidap eval``, README "Answer quality") and tests/test_lists.py; change one only with
    the eval comparison run."""

    # The IDF-weighted share of the question's terms found in the sentence itself …
    own_sentence: float = 0.8
    # … plus this weight of the share found within it and its neighbours: a sentence whose
    # subject is named in the sentence before still answers.
    neighbours: float = 0.2
    # A sentence missing a number the question states ("… năm 2023?") is multiplied by this.
    missing_number: float = 0.8
    # Added to a sentence that spells out the acronym a definition question asks about
    # ("TBT là gì?"): it ranks above any sentence that merely uses the acronym; likewise a
    # sentence "<term> là …" for the term a question asks to define ("X là gì?").
    definition: float = 0.5
    # Per passage rank, the share taken off a sentence's score (1 - rank × this): earlier
    # passages were ranked higher by retrieval.
    rank_decay: float = 0.03
    # A sentence whose window states years, none of them a year (or in a period) the question
    # states, is multiplied by this: asked about 2024, "Năm 2023 … 55 khóa" is 2023's figure.
    # Not applied when the question asks for a date. 0: such a sentence never answers.
    contradicted_year: float = 0.0
    # A sentence of another article than the one the question names ("Điều 35 … quy định
    # gì?" and a chunk at "Điều 36", by ``Hit.legal_path``) is multiplied by this: retrieval
    # ranks the named article first, but its neighbours share its words.
    other_article: float = 0.5
    # A sentence of a passage that never writes a proper name the question states ("… ở Bình
    # Dương?" and a page about Biên Hòa) is multiplied by this: it is about something else.
    # Names of two or more capitalised words, not acronyms (those are spelled out in turn).
    missing_name: float = 0.0
    # A sentence of a passage (read on, with its title) that never names the kind of plan the
    # question asks about ("Chiến lược …", "Đề án …", ``vietnamese.PLAN_KINDS``) is multiplied
    # by this: a related plan shares the words and has its own number, date and targets.
    other_plan: float = 0.0
    # A sentence that states a standard code of the series the question names, but not the
    # asked code, is multiplied by this: asked about "TCVN 14413:2025", the sentence on "TCVN
    # 14412:2025" gives the sibling standard's limit (``index.identifiers``).
    other_standard: float = 0.0
    # Added, times the share of the question's asked slots it states in the question's own
    # frame ("hỗ trợ bao nhiêu doanh nghiệp, tăng bao nhiêu so với năm 2023?" — "hỗ trợ 37 doanh
    # nghiệp, tăng 15 doanh nghiệp so với năm 2023"; "thử nghiệm những chỉ tiêu gì?" — "thử
    # nghiệm các chỉ tiêu đạm tổng số, …"; ``evidence.answer_frames``): the sentence that says
    # it as asked ranks above a longer one sharing more words. Set by hand.
    answer_in_frame: float = 0.5
    # A sentence without a superlative ("nhiều nhất", "cao nhất", "ít nhất") when the question
    # states one is multiplied by this: "những công cụ … nào nhiều nhất?" is answered by "… áp
    # dụng nhiều nhất là 5S, Kaizen, Lean", not by the sentence that shares most of its words.
    # Chosen among 0, 0.1, 0.3, 0.5 on the web set's dev half, Zalo dev, golden and legal: 0.1
    # and 0 answer most, 0.1 leaves a sentence saying it in other words ("Giải Vàng") a chance.
    missing_superlative: float = 0.1


@dataclass(frozen=True)
class AnswerWeights:
    """The answer pipeline's heuristic weights, named. Each was set by hand and is held in
    place by the golden-set evaluation (``hoidap eval``, README "Answer quality") and the tests
    named in its comment, but ``vietnamese_similarity``, chosen on Zalo questions dev (its
    comment); change one only with the eval comparison run.
    Unlike ``AnswerConfig`` these are no product setting, so they have defaults here."""

    # retrieve: each passage is read on this many chunks (and on while a list it announces is
    # missing items): lists run long (tests/test_lists.py).
    following_chunks: int = 3
    # retrieve: "TBT là gì?" looks for the passage that spells the acronym out among this many
    # lexical results per answer passage; the first that does is kept.
    definition_candidates: int = 4
    # gate: a question asking for a number, date or name needs one among this many best
    # sentences …
    answer_type_depth: int = 5
    # … each scoring at least this share of the best one ("entity mentioned, fact not stated").
    answer_type_share: float = 0.5
    # select: in a follow-up, the weight of the standalone form's score next to the follow-up's
    # own: what it asks now weighs more than the turn it leans on.
    follow_up_context: float = 0.3
    # select, English questions: the weight of a sentence's cosine with the question (the
    # multilingual embedder's) added to its lexical score, which only names and numbers feed.
    english_similarity: float = 1.0
    # select, Vietnamese questions: the same, at this weight, to order the sentences the words
    # found (the well-matching ones holding the asked kind; the gate's call whether any does
    # is unchanged), each keeping its score, so how many an answer quotes is still the words'
    # call. The words a question shares with a sentence find its topic; its meaning finds, of
    # those, the one that answers. Chosen on Zalo questions, dev split (key facts 0.795 at 0,
    # 0.790 at 3, 0.800 at 10, 0.810 at 30, 0.821 from 100 on) and the golden set's acronym
    # questions, which Zalo has none of: from 100 on the rules' own signal that a sentence
    # spells out the asked acronym (+0.5) stops counting ("TBT nghĩa là gì?" was answered by a
    # sentence using TBT; golden key facts 0.905 at 30, 0.873 at 100). README "Reader".
    vietnamese_similarity: float = 30.0
    # verify: a generated sentence is re-cited to another passage only when that one supports
    # it by this much more than the passage it cites (or the first that supports it).
    recite_margin: float = 0.1
    # verify: what a new number in a claim is about is the claim's words this close to it
    # (the passage writes at least one of them) …
    claim_number_context: int = 5
    # … and the passage must write one of them this close to the same number, or the number
    # is another thing's ("gia nhập APO năm 1999" from "sau 24 năm gia nhập, … (lần đầu tiên
    # vào năm 1999)", the first chairmanship). Set by hand; with them, no answer changed on
    # the web or held-out sets (LLM mode), and golden g039 lost a false claim (README "Reader").
    claim_number_reach: int = 8
    # abstain: passages listed as possibly related, and the characters shown of each.
    related_passages: int = 3
    related_chars: int = 160
    # gate and select: how a sentence's score is made.
    evidence: EvidenceWeights = field(default_factory=EvidenceWeights)


DEFAULT_WEIGHTS = AnswerWeights()
