"""The few exceptions Vindaris raises: each means "this command cannot run".

Problems *in* a strategy repository are never exceptions; they are findings
(see :mod:`vindaris.findings`). The CLI catches :class:`VindarisError` at one
boundary and turns it into one line and exit code 2.
"""

from __future__ import annotations


class VindarisError(Exception):
    """A command cannot run; the message is one line, the hint says what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class RootNotFound(VindarisError):
    """No `vindaris.yaml` at or above the starting directory."""


class GitError(VindarisError):
    """git failed or the repository cannot be read."""


class UsageError(VindarisError):
    """An argument that the command cannot use (a bad date, an unknown goal)."""


class ConcurrentEdit(VindarisError):
    """Another command changed a file this one was about to write; nothing was written."""
