"""Actions on selected objects (delete with a confirmation of exactly what goes, copy location)."""
