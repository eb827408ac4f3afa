"""Entry point for ``python -m numbtui``."""

from numbtui.cli import main

raise SystemExit(main())
