"""Packaging beyond what pyproject.toml can say: ship the repository's ``knowledge/`` as
the package ``bot._knowledge``, so the installed bot finds its knowledge with
``importlib.resources`` wherever it runs (bot.config.shipped_knowledge).

The files stay at the top of the repository (the docs, ``paidoff check`` and other tools
use ``knowledge/``); ``package_dir`` maps that folder into the package. A wheel or
``pip install .`` copies the files into ``site-packages/bot/_knowledge/``; an editable
install (``pip install -e .``) maps the package to the folder itself, so edits show at
once. ``knowledge/__init__.py`` makes it a regular package: setuptools' editable finder
only maps regular packages. Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*"]), "bot._knowledge"],
    package_dir={"bot._knowledge": "knowledge"},
    package_data={"bot._knowledge": ["*.yaml", "*.json"]},
)
