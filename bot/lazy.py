"""Lazy package exports (PEP 562): ``from bot.sms import SmsAnalyzer`` still works, but
importing ``bot.sms.verdict`` no longer loads the whole analyzer through ``bot/sms/__init__``.

A package's ``__init__`` names what it exports and where each name lives::

    __getattr__, __dir__ = exports(__name__, {"SmsAnalyzer": "bot.sms.analyzer", ...})

and imports the same names under ``TYPE_CHECKING`` for mypy. The first access of a name
imports its module and keeps the value in the package, so later lookups cost nothing.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping

__all__ = ["exports"]


def exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, exporting each of ``names`` from
    the module it maps to.

    A name that is also a submodule's (``bot.sms.evaluate``, the function, in the module
    ``bot.sms.evaluate``) stays the function once that submodule is imported, as it did
    when the package imported everything eagerly.
    """
    module = sys.modules[package]
    shadowed = {name for name, source in names.items() if source == f"{package}.{name}"}
    if shadowed:
        module.__class__ = _shadowing(shadowed)

    def __getattr__(name: str) -> object:
        source = names.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(names))

    return __getattr__, __dir__


def _shadowing(names: set[str]) -> type[types.ModuleType]:
    class Package(types.ModuleType):
        def __setattr__(self, name: str, value: object) -> None:
            # The import system binds a loaded submodule to the package: keep the export.
            if name in names and isinstance(value, types.ModuleType):
                value = getattr(value, name)
            super().__setattr__(name, value)

    return Package
