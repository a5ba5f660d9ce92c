"""How YAML's plain scalars resolve and build: the tags, one cached resolver
and one shared constructor, for libyaml's path (yamlsource) and the plain
subset's (plainyaml) alike, so that both read a scalar the same way."""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C loader is ~9x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# The first characters for which YAML 1.1 may read a plain scalar as anything
# but text (yes/no, numbers, dates, null, merge keys...).
MAY_NOT_BE_TEXT = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)


class Loader(_BaseLoader):
    """The safe loader, with a shortcut for the commonest scalar: plain text.

    The C parser asks this Python method for the tag of every scalar; most
    are titles and ids starting with a letter no implicit resolver claims,
    and for those the answer is text without trying any pattern.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return,no-untyped-call]
        if value and (not implicit[0] or value[0] not in MAY_NOT_BE_TEXT):
            if implicit[0] or implicit[1]:
                return STR_TAG
        # The rest (`title`, `owner`, `true`, `2026-12-31`, numbers) mostly
        # recur from file to file; a scalar's tag depends only on its text
        # and how it was written (the safe loader has no path resolvers).
        key = (value, implicit)
        tag = _SCALAR_TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_SCALAR_TAGS) < _MOST_SCALAR_TAGS and len(value) <= 64:
                _SCALAR_TAGS[key] = tag
        return tag


# Resolved tags of short scalars, shared by every load in the process.
_SCALAR_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}
_MOST_SCALAR_TAGS = 100_000

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
# Standard YAML 1.1 tags that the safe constructor builds into plain data.
SAFE_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)

# One shared constructor for the few non-text scalars (int, float, bool,
# null, timestamp); building one per file cost more than parsing small files.
CONSTRUCTOR = yaml.SafeLoader("")
_RESOLVER = Loader("")


def resolve_plain(text: str) -> str:
    """The tag of `text` written as a plain scalar."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def scalar_value(tag: str, text: str) -> Any:
    """What the safe constructor builds from a scalar `text` tagged `tag` (one
    of SAFE_SCALAR_TAGS); it raises what the constructor trips on."""
    return CONSTRUCTOR.yaml_constructors[tag](CONSTRUCTOR, yaml.ScalarNode(tag, text))
