"""Helpers shared by tests: servers, peers, fault proxy, Qt and X helpers. No test module is imported by another."""
