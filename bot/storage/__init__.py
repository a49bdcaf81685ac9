"""Storage: the ports the service uses (``port``), the typed records (``records``), the
backends (``sqlite``, ``postgres``, ``memory``) and ``factory.open_store`` to pick one by URL.

Nothing is imported here, so reading the settings (``bot.config`` parses store URLs with
``bot.storage.url``) does not load a database driver or the engine.
"""
