"""Escaping text for GitHub-flavoured Markdown."""

from __future__ import annotations

import re

# Characters that start Markdown syntax inline (emphasis, code, links, images,
# autolinks, HTML, headings and lists at the start of a cell; `$` starts math
# on GitHub).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$])")


def text(value: str) -> str:
    """Escape `value` so it renders as literal text in a Markdown paragraph."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def cell(value: str) -> str:
    """Escape `value` for one GFM table cell: no pipe, no newline, no markup."""
    return text(value)


# Text made only of these characters, starting with a letter or digit, can
# form no Markdown syntax inline (no emphasis, code, link, HTML, entity or
# table pipe; `#` makes a heading only at the start of a line, which such
# text never is); at the start of a line only "1." / "1)" could (a list item).
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.:;%/+\-()'\"?!=#]*")
_LIST_START = re.compile(r"\d+[.)](?:\s|$)")


def inline(value: str) -> str:
    """Like `text`, but values that cannot be Markdown (dates, numbers, slugs, plain
    words) stay as they are, so the Markdown source stays readable."""
    if _PLAIN.fullmatch(value) and not _LIST_START.match(value):
        return value
    return text(value)


# A link target we write ourselves (a page of the site, an anchor): anything
# else is refused rather than escaped, so no user text ever becomes a URL.
_TARGET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*(?:#[A-Za-z0-9._-]+)?|#[A-Za-z0-9._-]+")


def link(label: str, target: str) -> str:
    """`[label](target)` with the label escaped; `target` must be a relative path or anchor."""
    if not _TARGET.fullmatch(target) or ".." in target.split("/"):
        raise ValueError(f"not a relative link target: {target!r}")
    return f"[{inline(label)}]({target})"
