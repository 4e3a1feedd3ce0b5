"""The health scan's defaults that the command line's options show before any scan runs, in a module
of their own so that building the parser (for every command, ``--help`` too) does not import the rules."""

from __future__ import annotations

from datetime import timedelta

DEFAULT_TEMP_MAX_AGE = timedelta(hours=24)  # a temporary upload older than this is reported as stale
