"""Allow ``python -m lapor_desktop``."""

from lapor_desktop.cli import main

raise SystemExit(main())
