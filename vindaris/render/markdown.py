"""Escaping text for GitHub-flavoured Markdown."""

from __future__ import annotations

import re

# Characters that start Markdown syntax inline (emphasis, code, links, images,
# autolinks, HTML, headings and lists at the start of a cell).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def text(value: str) -> str:
    """Escape `value` so it renders as literal text in a Markdown paragraph."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def cell(value: str) -> str:
    """Escape `value` for one GFM table cell: no pipe, no newline, no markup."""
    return text(value)
