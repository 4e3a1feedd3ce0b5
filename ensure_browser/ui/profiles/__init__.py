"""Connection profiles in the window: the welcome of a first run, the profiles dialog and its parts,
opening a profile at start-up or from the File menu."""
