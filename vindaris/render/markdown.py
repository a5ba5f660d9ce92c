"""Escaping text for GitHub-flavoured Markdown."""

from __future__ import annotations

import re

# What is escaped, and only where it can start syntax, so the page's source
# stays readable (`checkin(grow-revenue/arr): 250 -> 300` stays as written):
# - anywhere: the backslash, code, emphasis (`*`), link and image brackets,
#   HTML and autolinks (`<`), table pipes, strikethrough (`~`), GitHub's
#   math (`$`), and `@`, which GitHub makes a mention (a page posted as a
#   comment would notify people) or an email link;
# - `_` unless inside a word (GFM never reads `snake_case` as emphasis);
# - `&` where it starts an entity (`&amp;`);
# - the `:` of `http://`, `https://` and `ftp://` and the `.` of `www.`, which
#   GitHub would turn into links;
# - at the start of the value (which may start a line or a list item's
#   content): block quotes, headings (`# `), list markers (`- `, `+ `, `1. `,
#   `1) `) and thematic breaks (`---`); `-5%` and `4.8%` stay as written.
_ANYWHERE = re.compile(
    r"[\\`*\[\]<|~$@]"
    r"|(?<![^\W_])_|_(?![^\W_])"
    r"|&(?=#?[A-Za-z0-9]+;)"
    r"|(?:(?<=\bhttp)|(?<=\bhttps)|(?<=\bftp)):(?=//)"
    r"|(?<=\bwww)\.",
    re.IGNORECASE,
)
_AT_START = re.compile(r"^(?:>|#{1,6}(?=\s|$)|[-+](?=\s|$|-)|\d{1,9}(?=[.)](?:\s|$)))")


def text(value: str) -> str:
    """Escape `value` so it renders as literal text in a Markdown paragraph or table cell."""
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").lstrip()
    escaped = _ANYWHERE.sub(lambda m: "\\" + m.group(), value)
    start = _AT_START.match(escaped)
    if start is None:
        return escaped
    if start.group()[0].isdigit():  # `1. item`: the list needs its `.` or `)`
        end = start.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def cell(value: str) -> str:
    """Escape `value` for one GFM table cell: no pipe, no newline, no markup."""
    return text(value)


def inline(value: str) -> str:
    """A value in a template: `text`, which leaves what cannot be Markdown as it is."""
    return text(value)


# A link target we write ourselves (a page of the site, an anchor): anything
# else is refused rather than escaped, so no user text ever becomes a URL.
_TARGET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*(?:#[A-Za-z0-9._-]+)?|#[A-Za-z0-9._-]+")


def link(label: str, target: str) -> str:
    """`[label](target)` with the label escaped; `target` must be a relative path or anchor."""
    if not _TARGET.fullmatch(target) or ".." in target.split("/"):
        raise ValueError(f"not a relative link target: {target!r}")
    return f"[{inline(label)}]({target})"
