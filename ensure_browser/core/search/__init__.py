"""Find anything: a local search index per connection (SQLite FTS5) over keys, kinds, ids, sizes,
dates, original file names and OCR text; kept fresh by listing (see :mod:`.refresh`), queried by
:mod:`.query`, told of the app's own writes by :mod:`.live`."""
