"""The Search dock (Ctrl+F) over the connection's search index, and the notes the app's own writes
give it (:mod:`.live`)."""
