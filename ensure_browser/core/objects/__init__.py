"""Acting on objects the user chose: deletion plans that delete exactly what was confirmed."""
