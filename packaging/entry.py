"""PyInstaller's entry script: the frozen app starts where ``python -m ensure_browser`` does."""

from ensure_browser.cli.main import main

raise SystemExit(main())
