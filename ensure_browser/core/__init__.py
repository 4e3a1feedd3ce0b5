"""Qt-free core: schema layout, storage access, policies, transfers, profiles.

Nothing in this package may import Qt (enforced by tests/core/test_no_qt.py and import-linter).
"""
