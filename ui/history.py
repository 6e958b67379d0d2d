"""Each user's history (issue 17): every answered question, whatever the channel (the chat
page, ``/api/ask``, ``/v1/chat/completions``), kept in the app database (``ui.database``) as
a ``ui.questions.QuestionRecord``; the chat page's questions also belong to a conversation the
user can list, reopen, rename and delete.

Every conversation call is scoped by the user's name: another user's conversation id is "not
found", exactly as an id that does not exist. Deleting a conversation removes it and the text
of its questions and answers; the question records stay (their text "", as the retention
setting leaves them) so the statistics still count them.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, delete, insert, select, update

from assistant.answer import Answer, AnswerPath
from ui.audit import QUESTION, AuditLog
from ui.database import Database, conversations, dumps, questions, utc
from ui.questions import CHANNELS, QuestionRecord

TITLE_CHARS = 80  # a new conversation is named after its first question, this long at most
MAX_TITLE_CHARS = 200
KEPT_RELATED = 3  # an abstention's closest passages, as the source panel offers them


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created_at: datetime  # UTC
    updated_at: datetime  # UTC: its last question

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
        }


def new_conversation_id() -> str:
    """An id a user cannot guess (and the scoping by name makes guessing useless anyway)."""
    return secrets.token_hex(16)


def _cited(answer: Answer) -> list[str]:
    return list(dict.fromkeys(c.hit.doc_id for c in answer.citations))


def chat_turn(answer: Answer) -> dict[str, Any]:
    """What the chat page keeps of an answer to reopen it: its JSON (as the page's turns hold
    it), with only the passages the source panel can open."""
    data = answer.to_json()
    data["retrieved"] = data["retrieved"][:KEPT_RELATED]
    return data


class History:
    def __init__(
        self, database: Database, audit: AuditLog | None = None, audit_question_text: bool = False
    ) -> None:
        self.database = database
        self.audit = audit or AuditLog(database)
        self.audit_question_text = audit_question_text

    # -- recording -----------------------------------------------------------------------
    def record(
        self,
        user: str,
        channel: str,
        conversation_id: str | None,
        answer: Answer,
        latency_ms: float,
        answer_id: str | None = None,
        turn: dict[str, Any] | None = None,
    ) -> int:
        """Keeps one answered question (and writes it to the audit log: who and when, the
        text only when the setting allows); returns the question's id. A conversation id the
        user does not own yet is created for them, named after the question; one another
        user owns is not joined (the question is kept without it)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        now = datetime.now(UTC)
        path = (answer.path or AnswerPath.GENERATED).value
        with self.database.begin() as db:
            if conversation_id is not None and not self._join(
                db, user, conversation_id, now, answer
            ):
                conversation_id = None
            question_id = db.execute(
                insert(questions).values(
                    at=now,
                    user_name=user,
                    channel=channel,
                    conversation_id=conversation_id,
                    question=answer.question,
                    answer=answer.answer,
                    path=path,
                    abstained=answer.abstained,
                    latency_ms=float(latency_ms),
                    cited_doc_ids=dumps(_cited(answer)),
                    answer_id=answer_id,
                    turn=dumps(turn) if turn is not None else None,
                )
            ).inserted_primary_key[0]
        details = {"channel": channel, "question_id": int(question_id), "path": path}
        said = answer.question if self.audit_question_text else ""
        self.audit.record(user, QUESTION, said, "ok", details)
        return int(question_id)

    def _join(
        self, db: Any, user: str, conversation_id: str, now: datetime, answer: Answer
    ) -> bool:
        owner = db.execute(
            select(conversations.c.user_name).where(conversations.c.id == conversation_id)
        ).scalar()
        if owner is None:
            title = " ".join(answer.question.split())[:TITLE_CHARS] or "Cuộc trò chuyện"
            # Made at the same moment by another request (the same id): one insert wins.
            db.execute(
                self.database.insert_ignoring_conflict(conversations).values(
                    id=conversation_id,
                    user_name=user,
                    title=title,
                    created_at=now,
                    updated_at=now,
                )
            )
            owner = db.execute(
                select(conversations.c.user_name).where(conversations.c.id == conversation_id)
            ).scalar()
        if owner != user:
            return False
        db.execute(
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(updated_at=now)
        )
        return True

    # -- a user's conversations ------------------------------------------------------------
    @staticmethod
    def _owned(user: str, conversation_id: str) -> Any:
        return and_(conversations.c.id == conversation_id, conversations.c.user_name == user)

    def conversations(self, user: str) -> list[Conversation]:
        """The user's conversations, the latest used first."""
        query = (
            select(
                conversations.c.id,
                conversations.c.title,
                conversations.c.created_at,
                conversations.c.updated_at,
            )
            .where(conversations.c.user_name == user)
            .order_by(conversations.c.updated_at.desc(), conversations.c.created_at.desc())
        )
        with self.database.begin() as db:
            rows = db.execute(query).all()
        return [Conversation(r.id, r.title, utc(r.created_at), utc(r.updated_at)) for r in rows]

    def conversation(
        self, user: str, conversation_id: str
    ) -> tuple[Conversation, list[dict[str, Any]]] | None:
        """One of the user's conversations and its answers' JSON in order (the chat page's
        turns); None when the user has no conversation of that id."""
        with self.database.begin() as db:
            row = db.execute(
                select(conversations).where(self._owned(user, conversation_id))
            ).first()
            if row is None:
                return None
            turns = db.execute(
                select(questions.c.turn)
                .where(questions.c.conversation_id == conversation_id)
                .where(questions.c.turn.is_not(None))
                .order_by(questions.c.id)
            ).scalars()
            found = [json.loads(turn) for turn in turns]
        kept = Conversation(row.id, row.title, utc(row.created_at), utc(row.updated_at))
        return kept, found

    def rename(self, user: str, conversation_id: str, title: str) -> bool:
        """False when the user has no conversation of that id (or the title is blank)."""
        title = " ".join(title.split())[:MAX_TITLE_CHARS]
        if not title:
            return False
        with self.database.begin() as db:
            result = db.execute(
                update(conversations).where(self._owned(user, conversation_id)).values(title=title)
            )
            return result.rowcount == 1

    def delete(self, user: str, conversation_id: str) -> bool:
        """Removes the conversation and the text of its questions and answers (their records
        stay, without text, for the statistics); False when the user has no such one."""
        with self.database.begin() as db:
            owned = db.execute(
                select(conversations.c.id).where(self._owned(user, conversation_id))
            ).first()
            if owned is None:
                return False
            db.execute(
                update(questions)
                .where(questions.c.conversation_id == conversation_id)
                .values(conversation_id=None, question="", answer="", turn=None)
            )
            db.execute(delete(conversations).where(conversations.c.id == conversation_id))
        return True

    # -- what the statistics read ------------------------------------------------------------
    def questions(self, since: date | None = None) -> list[QuestionRecord]:
        """Every question asked (all users, all channels) from ``since`` (a UTC day) on,
        oldest first."""
        query = select(
            questions.c.id,
            questions.c.at,
            questions.c.user_name,
            questions.c.channel,
            questions.c.conversation_id,
            questions.c.question,
            questions.c.answer,
            questions.c.path,
            questions.c.abstained,
            questions.c.latency_ms,
            questions.c.cited_doc_ids,
            questions.c.rating,
        ).order_by(questions.c.id)
        if since is not None:
            query = query.where(questions.c.at >= datetime.combine(since, time(), UTC))
        with self.database.begin() as db:
            rows = db.execute(query).all()
        return [
            QuestionRecord(
                id=r[0],
                at=utc(r[1]),
                user=r[2],
                channel=r[3],
                conversation_id=r[4],
                question=r[5],
                answer=r[6],
                path=r[7],
                abstained=bool(r[8]),
                latency_ms=float(r[9]),
                cited_doc_ids=tuple(json.loads(r[10])),
                rating=r[11],
            )
            for r in rows
        ]
