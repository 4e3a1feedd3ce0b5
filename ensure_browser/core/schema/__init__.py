"""The storage schema as data: buckets and key patterns (table), classify / key_for (classify), the
expected policies and probe keys (policies), the domain tree (tree), natural sort, flags."""
