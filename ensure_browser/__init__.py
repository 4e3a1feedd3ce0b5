"""ensure-browser: a schema-aware desktop browser for the Ensure Study object storage."""

__version__ = "0.1.0"
APP_NAME = "ensure-browser"
APP_DISPLAY_NAME = "Ensure Browser"
