"""The on-disk format, its typed model, and the rules `check` applies."""
