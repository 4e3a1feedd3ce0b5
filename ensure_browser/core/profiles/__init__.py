"""Connection profiles: the model, validation, the profiles file (store) and the keyring (secrets)."""
