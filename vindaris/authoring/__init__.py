"""Authoring: create goals and work, check in, change state, move and own.

Every command here is a plan, a check and a write: the core builds the
new file texts in memory, runs the real `check` over the repository with
them in place, and only writes (atomically) when that adds no error. Nothing
in this package imports click or rich; the CLI asks and prints.
"""
