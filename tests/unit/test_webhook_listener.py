"""The webhook listener (Starlette): checks from the headers, a capped body, and a 200 only
once the update is answered (so Telegram's next update of that chat cannot overtake it)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from bot.channels.telegram.webhook import MAX_BODY, SECRET_HEADER, webhook_app
from bot.errors import StorageError

SECRET = "s3cret_for-tests"
UPDATE = {"update_id": 5, "message": {"message_id": 1, "text": "hi"}}


class Submit:
    """Answers each update when the test lets it (``release``); records what it got."""

    def __init__(self, result: bool = True, error: BaseException | None = None) -> None:
        self.got: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.result = result
        self.error = error
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, data: dict[str, Any]) -> bool:
        self.got.append(data)
        self.arrived.set()
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return self.result


def _client(submit: Submit) -> httpx.AsyncClient:
    app = webhook_app("hook", SECRET, submit)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot")


async def _post(
    client: httpx.AsyncClient, body: bytes | None = None, secret: str = SECRET
) -> httpx.Response:
    content = json.dumps(UPDATE).encode() if body is None else body
    headers = {"Content-Type": "application/json", SECRET_HEADER: secret}
    return await client.post("/hook", content=content, headers=headers)


async def test_the_answer_waits_until_the_update_is_answered() -> None:
    submit = Submit()
    submit.release.clear()
    async with _client(submit) as client:
        request = asyncio.create_task(_post(client))
        await submit.arrived.wait()  # the update reached the bot ...
        for _ in range(50):
            await asyncio.sleep(0)
        assert not request.done()  # ... and Telegram hears nothing until it is answered
        submit.release.set()
        reply = await request
    assert reply.status_code == 200
    assert submit.got == [UPDATE]


async def test_a_wrong_or_missing_secret_is_refused_before_the_update_is_looked_at() -> None:
    submit = Submit()
    async with _client(submit) as client:
        assert (await _post(client, secret="wrong")).status_code == 403
        reply = await client.post("/hook", content=json.dumps(UPDATE))
        assert reply.status_code == 403
    assert submit.got == []


async def test_a_body_larger_than_any_update_is_refused() -> None:
    submit = Submit()
    async with _client(submit) as client:
        reply = await _post(client, b"{" + b" " * MAX_BODY + b"}")
    assert reply.status_code == 413
    assert submit.got == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe"])
async def test_a_body_that_is_not_a_json_object_is_a_bad_request(body: bytes) -> None:
    submit = Submit()
    async with _client(submit) as client:
        assert (await _post(client, body)).status_code == 400
    assert submit.got == []


async def test_an_object_that_is_not_an_update_is_a_bad_request() -> None:
    async with _client(Submit(error=ValueError("no update_id"))) as client:
        assert (await _post(client)).status_code == 400


@pytest.mark.parametrize(
    "submit",
    [Submit(result=False), Submit(error=StorageError("inbox_add failed: OSError"))],
    ids=["not answered", "store down"],
)
async def test_an_update_that_could_not_be_answered_is_asked_for_again(submit: Submit) -> None:
    async with _client(submit) as client:
        assert (await _post(client)).status_code == 503  # Telegram sends it again


async def test_only_post_on_the_hook_path_is_served() -> None:
    async with _client(Submit()) as client:
        assert (await client.get("/hook")).status_code == 405
        assert (await client.post("/other", content=b"{}")).status_code == 404
