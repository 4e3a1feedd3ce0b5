"""The embedded demo storage: a SeaweedFS server (server), sample data (samples, seed) and the
per-user runtime that starts, reuses and stops it."""
