"""What the CLI keeps alive to its end instead of freeing (vindaris/keepalive.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from vindaris import keepalive


class Graph:
    """Stands for a large graph: anything a weak reference can watch."""


@pytest.fixture
def holding(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[object, ...]]:
    held: dict[str, tuple[object, ...]] = {}
    monkeypatch.setattr(keepalive, "_held", held)
    monkeypatch.setattr(keepalive, "_holding", False)
    keepalive.until_exit()
    return held


def test_a_library_caller_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keepalive, "_held", {})
    monkeypatch.setattr(keepalive, "_holding", False)
    graph = Graph()
    watch = weakref.ref(graph)
    keepalive.keep("status", graph)
    del graph
    gc.collect()
    assert watch() is None


def test_the_cli_keeps_the_latest_graph_of_each_slot(holding: dict[str, tuple[object, ...]]) -> None:
    first, second, other = Graph(), Graph(), Graph()
    watch_first, watch_second, watch_other = weakref.ref(first), weakref.ref(second), weakref.ref(other)
    keepalive.keep("history", first)
    keepalive.keep("status", other)
    del first, other
    gc.collect()
    assert watch_first() is not None and watch_other() is not None
    keepalive.keep("history", second)  # the slot's old graph goes, the other slot's stays
    del second
    gc.collect()
    assert watch_first() is None
    assert watch_second() is not None and watch_other() is not None


def test_nothing_new_is_held_while_paused(holding: dict[str, tuple[object, ...]]) -> None:
    graph = Graph()
    watch = weakref.ref(graph)
    with keepalive.paused():
        keepalive.keep("history", graph)
    del graph
    gc.collect()
    assert watch() is None
    later = Graph()
    keepalive.keep("history", later)  # holding again after the pause
    assert holding["history"] == (later,)
