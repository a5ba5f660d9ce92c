"""Machine-readable output on standard output: always UTF-8 bytes.

JSON (RFC 8259) and the report's Markdown and HTML are documents, read by
programs and browsers that expect UTF-8; the stream's own encoding (cp1252
on a Windows redirect) would turn a name in another script into an error,
or into "?" in a document that claims to be exact.
"""

from __future__ import annotations

import click


def emit_document(text: str) -> None:
    click.echo(text.encode("utf-8"), nl=False)
