"""The Transfers dock: the table of jobs, drops from the file manager, upload/download actions."""
