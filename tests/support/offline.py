"""A guard that makes any network use, or rapidocr's model downloader, fail the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest

__all__ = ["NetworkUsed", "no_network"]


class NetworkUsed(AssertionError):
    """Something tried to reach the network (or to download OCR models) during a test."""


@contextmanager
def no_network() -> Iterator[None]:
    """Within the block, opening a connection or calling rapidocr's downloader raises."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise NetworkUsed(f"network use during an offline test: {args[1:]!r:.120}")

    from rapidocr.utils.download_file import DownloadFile

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(DownloadFile, "run", classmethod(refuse))
        yield
