"""Working without a mouse: moving between panes, the context-menu key, playback keys, Help > Keyboard shortcuts."""
