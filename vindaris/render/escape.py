"""Escaping user text (from YAML and commit messages) for each output.

Every output format has its own injection: a newline in a GitHub annotation
starts a new workflow command, an ANSI escape in a title repaints the
reader's terminal, a `|` breaks a Markdown table. Each function here is the
single place one of them is handled.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """Make text safe to print on a terminal: control characters shown, not sent.

    ESC (and the other C0/C1 controls, plus bidirectional overrides) would let
    a title recolour or rewrite the reader's terminal; newlines and tabs stay.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """Collapse line breaks (and tabs, which a terminal would expand) so a value
    cannot break a one-finding-per-line format."""
    return terminal(text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").replace("\t", "\\t"))


def github_message(text: str) -> str:
    """Escape a workflow-command message as the official actions toolkit does.

    The toolkit encodes only `%`, CR and LF; the message is also a line of the
    job's log, whose viewer interprets ANSI escapes, so any other control
    character is shown as `terminal` shows it.
    """
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(text: str) -> str:
    """Escape a workflow-command property value (file=, title=)."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C")
