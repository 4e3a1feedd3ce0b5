"""The domain trees and the Raw view: the lazy tree model, the navigator beside the contents table,
the domain sources mapped from the schema's prefixes, badges and the details pane."""
