"""Object versions: restore an old version or undelete an object by copying it on top (no version is
ever removed by either), and the versioning state of each bucket, read once per connection."""
