"""The checked knowledge, kept between start-ups: validated again only when a file changed.

``load_knowledge`` parses every YAML file, validates it and runs every check (about half a
second of CPU, the larger part of the bot's start-up). ``load_cached`` does that only when
the knowledge files' bytes, or the code of the classes the result is made of, differ from
the last start that succeeded; otherwise it unpickles the ``Knowledge`` that start checked.
A broken file changes the bytes, so it is always found by the full check and reported with
its file, line and node, as before; nothing broken is ever written to the cache.

The cache is one file, ``knowledge-cache.pickle``, in a folder the bot owns (the SQLite
file's folder by default: ``bot.bootstrap.cache_dir``). Pickle runs code when loaded, so
the file is trusted only when it belongs to this user and nobody else may write it or its
folder; anything else, and any file that does not load, is ignored (and replaced).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.knowledge.base import Knowledge

__all__ = ["CACHE_FILE", "knowledge_key", "load_cached"]

log = logging.getLogger(__name__)
CACHE_FILE = "knowledge-cache.pickle"
_MAGIC = b"paidoff knowledge cache 1\n"
_PACKAGE = Path(__file__).resolve().parents[1]
"""The ``bot`` package folder: the modules named in a cache header are files under it."""


def load_cached(directory: str | Path, cache_dir: Path | None) -> Knowledge:
    """The checked knowledge of ``directory``: from ``cache_dir`` when it holds the result
    of checking these very files with this very code, else ``load_knowledge`` (which
    raises KnowledgeError listing every problem) and the cache written for next time."""
    root = Path(directory)
    key = knowledge_key(root)
    path = cache_dir / CACHE_FILE if cache_dir is not None else None
    if path is not None and key is not None:
        cached = _read(path, key)
        if cached is not None:
            return cached
    from bot.knowledge.loader import load_knowledge  # noqa: PLC0415 - only on a miss

    knowledge = load_knowledge(root)
    if path is not None and key is not None:
        _write(path, key, knowledge)
    return knowledge


def knowledge_key(root: Path) -> str | None:
    """A digest of every file in ``root`` (names and bytes: more than ``load_knowledge``
    reads, never less) and of the Python and pydantic versions; None when the folder
    cannot be read."""
    import pydantic_core  # noqa: PLC0415 - the unpickling imports them anyway
    from pydantic.version import VERSION  # noqa: PLC0415

    digest = hashlib.sha256(f"{sys.version}\0{VERSION}\0{pydantic_core.__version__}".encode())
    try:
        for path in sorted(p for p in root.iterdir() if p.is_file()):
            digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
        # The code that checks and indexes the files (loader, checks, normalize …), not only
        # the classes in the pickle: an upgrade that adds a check or changes how words are
        # normalised must check the files again even when they did not change.
        for path in sorted(_PACKAGE.rglob("*.py")):
            digest.update(b"\0" + str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    except OSError:
        return None
    digest.update("\0".join(_installed()).encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    """The installed distributions that shape the checked knowledge (PyYAML parses it, OpenCC
    derives zh-Hant, rapidfuzz/pydantic build its indexes), by their dist-info folder names:
    a listing, not importlib.metadata (~50 ms at every start)."""
    import sysconfig  # noqa: PLC0415

    wanted = ("pyyaml-", "opencc-", "rapidfuzz-", "pydantic-")
    try:
        names = os.listdir(sysconfig.get_paths()["purelib"])
    except OSError:
        return []
    return sorted(n for n in names if n.lower().startswith(wanted) and n.endswith(".dist-info"))


def _read(path: Path, key: str) -> Knowledge | None:
    try:
        with path.open("rb") as file:
            if not _trusted(os.fstat(file.fileno()), path.parent):
                log.info("knowledge cache %s ignored: others may write it", path)
                return None
            if file.readline() != _MAGIC:
                return None
            header = json.loads(file.readline())
            if header.get("key") != key or header.get("code") != _code(header.get("code")):
                return None
            knowledge = pickle.load(file)  # noqa: S301 - our own file, checked above
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a cache that does not load is rebuilt
        log.warning("knowledge cache %s ignored (%s)", path, type(exc).__name__)
        return None
    from bot.knowledge.base import Knowledge  # noqa: PLC0415 - imported by the unpickling

    return knowledge if isinstance(knowledge, Knowledge) else None


def _trusted(info: os.stat_result, folder: Path) -> bool:
    """Ours, and neither it nor its folder writable by anyone else."""
    try:
        parent = folder.stat()
    except OSError:
        return False
    others = stat.S_IWGRP | stat.S_IWOTH
    return all(s.st_uid == os.geteuid() and not s.st_mode & others for s in (info, parent))


def _code(recorded: object) -> dict[str, str] | None:
    """The digest of each module source the header names, as it is now."""
    if not isinstance(recorded, dict):
        return None
    now: dict[str, str] = {}
    for module in recorded:
        now[module] = _source_digest(module)
    return now


def _source_digest(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "bot":
        return "?"
    base = _PACKAGE.joinpath(*parts[1:])
    for source in (base.with_suffix(".py"), base / "__init__.py"):
        try:
            return hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            continue
    return "?"


class _Recording(pickle.Pickler):
    """Pickles and notes the module of every class and function it refers to."""

    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.modules: set[str] = set()

    def reducer_override(self, obj: Any) -> Any:
        owner = obj if isinstance(obj, type) or callable(obj) else type(obj)
        self.modules.add(str(getattr(owner, "__module__", None) or ""))
        return NotImplemented


def _write(path: Path, key: str, knowledge: Knowledge) -> None:
    """Write the cache atomically (a temporary file renamed over it); failures only logged:
    the next start-up then checks the files again."""
    try:
        import io  # noqa: PLC0415

        body = io.BytesIO()
        pickler = _Recording(body)
        pickler.dump(knowledge)
        ours = sorted(m for m in pickler.modules if m == "bot" or m.startswith("bot."))
        code = {m: _source_digest(m) for m in ours}
        if "?" in code.values():  # a class whose source cannot be found: not cached
            return
        header = json.dumps({"key": key, "code": code}).encode() + b"\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC + header + body.getvalue())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except Exception as exc:  # noqa: BLE001 - a read-only data folder just means no cache
        log.warning("knowledge cache not written to %s (%s)", path.parent, type(exc).__name__)
