"""Allow ``python -m bot`` as an alias of the ``paidoff`` console script."""

from bot.cli import main

raise SystemExit(main())
