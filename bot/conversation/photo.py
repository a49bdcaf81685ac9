"""A screenshot: read it through the reader port, show what was read, judge it once confirmed.

The conversation runs no OCR itself. It is given a ``PhotoReader`` (``bootstrap()`` wires
the ``OcrPool``, which reads in a worker process off the event loop) and turns what comes
back, or why nothing did, into views. What was read waits in ``Session.pending`` (saved,
so a restart between the read and the tap loses nothing) until the user taps "that's it"
or types the text themselves; either is then analysed like a pasted SMS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Protocol

from bot.conversation.intents import Act, Photo
from bot.conversation.port import AdvisorPort
from bot.conversation.sms import SmsDesk
from bot.conversation.views import Button, NoticeView, ReadCard, Reply, Tone
from bot.engine.session import Session
from bot.ocr.errors import BusyReason, ImageRejected, OcrBusy, OcrUnavailable, RejectReason
from bot.ocr.model import ScreenshotText
from bot.sms.intake import clip

__all__ = ["PhotoDesk", "PhotoReader", "Progress", "read_token"]

BUBBLE_BREAK = "\n\n"
"""Bubbles are kept (and pasted) separated by a blank line: one SMS card each."""


class PhotoReader(Protocol):
    """Reads a screenshot of ``user`` without blocking the event loop (``OcrPool.read``).

    Raises ``OcrBusy``, ``ImageRejected`` or ``OcrUnavailable`` (``bot.ocr.errors``).
    """

    def __call__(self, user: str, data: bytes, /) -> Awaitable[ScreenshotText]: ...


Progress = Callable[[Reply], Awaitable[None]]
"""Shows a reply at once while the conversation goes on working (the "reading…" notice)."""


def read_token(text: str) -> str:
    """A short tag of a read text for its button (a tap on an older read is stale)."""
    return hashlib.blake2s(text.encode(), digest_size=4).hexdigest()


class PhotoDesk:
    """Reads screenshots, asks the user to confirm, hands the text to the SMS desk."""

    def __init__(self, service: AdvisorPort, sms: SmsDesk, reader: PhotoReader | None) -> None:
        self.service = service
        self.k = service.advisor.knowledge
        self.sms = sms
        self.reader = reader

    async def read(
        self, user: str, session: Session, photo: Photo, progress: Progress | None
    ) -> Reply:
        """Read ``photo`` and show what it says, with a button to accept it."""
        lang = session.lang
        if photo.too_large:
            return self._notice(session, "photo_too_large")
        if photo.data is None or self.reader is None:
            return self._notice(session, "photo_paste")
        if progress is not None:
            said = NoticeView(self.k.text("photo_reading", lang))
            await progress(Reply((said,), slow=True, lang=lang))
        try:
            shot = await self.reader(user, photo.data)
        except OcrBusy as exc:
            busy = "photo_busy_user" if exc.reason is BusyReason.USER else "photo_busy"
            return self._notice(session, busy)
        except ImageRejected as exc:
            bad = exc.reason is RejectReason.NOT_AN_IMAGE
            return self._notice(session, "photo_not_image" if bad else "photo_too_large")
        except OcrUnavailable:
            return self._notice(session, "photo_paste")
        bubbles = [b.text.strip() for b in shot.received if b.text.strip()]
        if not bubbles:
            return self._notice(session, "photo_no_text")
        text, _ = clip(BUBBLE_BREAK.join(bubbles))
        token = read_token(text)
        pending = {"read": text, "sender": shot.sender or "", "token": token}
        await self.service.save(user, replace(session, pending=pending))
        return Reply((self._card(session, text, shot.sender, token),))

    async def accept(
        self, user: str, session: Session, token: str, origin: str | None
    ) -> Reply | None:
        """The user confirmed the read text: analyse it; None when it is no longer waiting."""
        pending = session.pending
        if not pending.get("read") or pending.get("token") != token:
            return None
        cleared = replace(session, pending={})
        await self.service.save(user, cleared)
        text, sender = pending["read"], pending.get("sender") or None
        intake = self.sms.analyzer.read_intake(text)
        reply = await self.sms.paste(
            user, cleared, intake.text, intake.sender or sender, intake.cut, origin
        )
        confirmed = self._card(session, text, sender, None)
        return replace(reply, views=(confirmed, *reply.views), in_place=True)

    async def correct(
        self,
        user: str,
        session: Session,
        typed: str,
        forwarded: bool,
        cut: int,
        origin: str | None,
    ) -> Reply:
        """The user typed the text instead: analyse what they typed (as a paste)."""
        sender = session.pending.get("sender") or None
        cleared = replace(session, pending={})
        await self.service.save(user, cleared)
        intake = self.sms.analyzer.read_intake(typed, forwarded=forwarded)
        return await self.sms.paste(
            user, cleared, intake.text, intake.sender or sender, cut, origin
        )

    def _card(
        self, session: Session, text: str, sender: str | None, token: str | None
    ) -> ReadCard:
        """What was read; with ``token`` the live card (hint and button), else the
        confirmed one."""
        k, lang = self.k, session.lang
        line = k.text("photo_read_sender", lang, sender=sender) if sender else ""
        bubbles = tuple(text.split(BUBBLE_BREAK))
        if token is None:
            return ReadCard(k.text("photo_confirmed", lang), bubbles, line, "", ())
        button = Button(k.text("photo_ok_button", lang), Act.READ_OK, token)
        return ReadCard(
            k.text("photo_read", lang), bubbles, line, k.text("photo_read_hint", lang), (button,)
        )

    def _notice(self, session: Session, key: str) -> Reply:
        return Reply((NoticeView(self.k.text(key, session.lang), Tone.WARN),))
