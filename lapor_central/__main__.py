"""``python -m lapor_central``: the same as the ``lapor-central`` console script."""

from lapor_central.cli import main

raise SystemExit(main())
