"""The Policies dock: one module per tab (policy, access, drift, users) beside a thin container,
the shared policy cache and the tree badges."""
