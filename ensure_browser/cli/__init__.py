"""The command line (no Qt): an explicit command table in main.py, one module per sub-command."""
