"""The knowledge base (YAML and the SMS model), installed as the package ``bot._knowledge``.

Data only: see setup.py and ``bot.config.shipped_knowledge``.
"""
