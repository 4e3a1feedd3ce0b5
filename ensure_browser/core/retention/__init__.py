"""Retention: versioning of the schema's buckets and the lifecycle rules the schema implies, checked
and applied like the bucket policies (:mod:`.expected`, :mod:`.compare`, :mod:`.check`,
:mod:`.versioning`). No Qt here."""
