"""Benchmarks against peers (see bench/run.py)."""
