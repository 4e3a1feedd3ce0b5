"""Consistency of the storage: the rules, the per-level checks, the streaming scan, its report and fixes."""
