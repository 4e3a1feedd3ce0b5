"""Qt adapters and widgets over :mod:`ensure_browser.core`."""
