"""Bucket policies: the language (model), text to policy (parse), evaluation and risks (engine), plain
language (explain), comparison and drift (compare); against the schema and the server (check,
reachability) and the admin API's user policies (admin)."""
