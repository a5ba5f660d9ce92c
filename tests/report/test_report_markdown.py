"""The Markdown page read by a real CommonMark parser with GFM tables (markdown-it-py).

Every table must keep its shape whatever the titles say, and no user text may
become a link, an image, emphasis or raw HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from report_story import HOSTILE

from vindaris.cli.main import cli
from vindaris.render.markdown import inline, link

# CommonMark with raw HTML on (so any HTML we let through shows up as a token)
# plus the two GFM extensions GitHub renders that matter here.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tables(tokens: list[Token]) -> Iterator[tuple[list[str], list[list[str]]]]:
    """(header cells, body rows) of every table, cell text as a reader sees it."""
    header: list[str] = []
    body: list[list[str]] = []
    row: list[str] = []
    part = ""
    for tok in tokens:
        if tok.type == "table_open":
            header, body = [], []
        elif tok.type in ("thead_open", "tbody_open"):
            part = tok.type[:5]
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and part:
            row.append(text_of(tok))
        elif tok.type == "tr_close":
            (header.extend(row) if part == "thead" else body.append(row))
        elif tok.type == "table_close":
            yield header, body
            part = ""


def text_of(inline_token: Token) -> str:
    return "".join(child.content for child in inline_token.children or [] if child.type in ("text", "code_inline"))


def all_tokens(tokens: list[Token]) -> Iterator[Token]:
    for tok in tokens:
        yield tok
        yield from all_tokens(tok.children or [])


@pytest.fixture
def page(story: GitRepo) -> str:
    result = CliRunner().invoke(cli, ["report", "-C", str(story.path), "--week", "2026-W47", "--format", "md"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_table_has_its_rows_and_columns(page: str, story: GitRepo) -> None:
    status = CliRunner().invoke(cli, ["status", "-C", str(story.path), "--as-of", "2026-11-22", "--format", "json"])
    found = list(tables(PARSER.parse(page)))
    shapes = {tuple(header): len(body) for header, body in found}
    # One row per thing that needs attention (and who acts), however many reasons.
    things = {(a["ref"], a["owner"]) for a in json.loads(status.stdout)["attention"]}
    assert shapes[("#", "what", "item", "ref", "owner", "why")] == len(things) == 5
    assert len(json.loads(status.stdout)["attention"]) > len(things)  # the story has a thing with several
    assert shapes[("date", "key result", "ref", "from", "to", "note", "who", "commit")] == 2
    assert shapes[("date", "work item", "ref", "change", "from", "to", "note", "who", "commit")] == 4
    assert shapes[("date", "goal", "ref", "change", "from", "to", "note", "who", "commit")] == 2
    assert shapes[("person", "goals", "key results", "work items", "needs attention")] == 4
    for header, body in found:
        assert all(len(row) == len(header) for row in body), header
    goals = [body for header, body in found if header[0] == "key result"]
    assert [row[0] for body in goals for row in body] == [
        "Net new ARR", "Partner program live", "Trial sign-ups per month", "Monthly logo churn",
        "Nordic customers signed", "Activated trials",
    ]


def test_hostile_titles_stay_text_in_their_cell(page: str) -> None:
    tokens = PARSER.parse(page)
    cells = [row for _, body in tables(tokens) for row in body]
    shown = HOSTILE.replace("\n", " ")
    work_rows = [row for row in cells if row and row[0] == shown]
    assert work_rows, "the hostile title is not one whole cell"
    assert work_rows[0][1:4] == ["planned", "Carol Chen", "-"]
    note = "Add | *item* <b>bold</b> [x](javascript:alert(1))"
    assert any(note in row for row in cells)
    kinds = {tok.type for tok in all_tokens(tokens)}
    assert not kinds & {"html_inline", "html_block", "image", "link_open", "em_open", "s_open"}, kinds
    # Bold is the page's own (labels, severe attention kinds), never a title's.
    bold = [kids[i + 1].content for tok in tokens if tok.type == "inline" for kids in [tok.children or []]
            for i, kid in enumerate(kids) if kid.type == "strong_open"]
    assert "off-track" in bold and not any("item" in b or "and" in b for b in bold)


def test_escaping_of_single_values() -> None:
    render = PARSER.renderInline
    assert render(inline("2026-11-24")) == "2026-11-24"
    assert inline("1,200 kEUR") == "1,200 kEUR"  # left as it is: nothing to escape
    assert inline("Raise prices (#12)") == "Raise prices (#12)"  # a pull request number mid-text
    assert render(inline("Raise prices (#12)")) == "Raise prices (#12)"
    for hostile in ["a|b", "*x*", "_x_", "<script>", "[x](javascript:alert(1))", "`c`", "~~s~~", "&amp;",
                    "1. item", "- item", "# head", "$x$", "![i](x.png)", "<https://x.example>"]:
        assert render(inline(hostile)) == hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), \
            hostile
    assert PARSER.render(inline("1) first")).startswith("<p>")
    assert render(link("week 47", "2026-W47.md")) == '<a href="2026-W47.md">week 47</a>'
    for bad in ["javascript:alert(1)", "https://x.example", "../up.md", "a b.md"]:
        with pytest.raises(ValueError):
            link("x", bad)


# -- the escaper, read back by a real parser --------------------------------

# Every character with a meaning somewhere in CommonMark/GFM, plus letters,
# digits and spaces to make words, numbers and URLs of them.
_MARKUP = "\\`*_[]()<>|~$&#;!+-=.:/@{}\"' "
_TEXTS = st.text(alphabet=_MARKUP + "ab1" + "wh", max_size=24) | st.sampled_from([
    "https://x.example", "www.x.example", "ftp://x", "&amp;", "&#35;", "1. a", "2) b", "- a", "+ a", "---",
    "# h", "###### h", "> q", "a_b_c", "_a_", "__a__", "**a**", "`a`", "~~a~~", "$x$", "<a@b.c>", "-5%", "4.8%",
])


def _content(tokens: list[Token]) -> tuple[str, set[str]]:
    """The text a reader sees in `tokens`, and every inline token type in it."""
    seen: set[str] = set()
    out = []
    for tok in all_tokens(tokens):
        if tok.type == "inline":
            seen.update(child.type for child in tok.children or [])
            out.append(text_of(tok))
    return "".join(out), seen


@settings(max_examples=400, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(value=_TEXTS)
def test_any_value_renders_as_itself_in_a_paragraph_a_list_item_and_a_table_cell(value: str) -> None:
    expected = " ".join(value.split())  # what Markdown shows of the spaces
    escaped = inline(value)
    for source in (escaped, f"- {escaped}", f"| h |\n|---|\n| {escaped} |"):
        tokens = PARSER.parse(source)
        shown, kinds = _content(tokens)
        if source.startswith("| h |"):
            [(header, body)] = tables(tokens)
            assert header == ["h"] and len(body) == 1 and len(body[0]) == 1, (value, source)
            shown = body[0][0]
        assert " ".join(shown.split()) == expected, (value, source)
        assert kinds <= {"text"}, (value, source, kinds)
        blocks = {tok.type for tok in tokens}
        assert not blocks & {"heading_open", "blockquote_open", "hr", "ordered_list_open", "code_block",
                             "fence", "html_block"}, (value, source, blocks)
        assert sum(tok.type == "bullet_list_open" for tok in tokens) == (1 if source.startswith("- ") else 0)


def test_escaping_leaves_plain_punctuation_as_written() -> None:
    for plain in ["checkin(grow-revenue/arr): 250 -> 300", "snake_case_id", "-5%", "4.8%", "Q4 (#12) done!",
                  "a + b = c", "2026-11-24", "1,200 kEUR", "x.y/z"]:
        assert inline(plain) == plain
    # GitHub would link these: the escaped source keeps them text.
    assert inline("see https://x.example") == "see https\\://x.example"
    assert inline("www.x.example") == "www\\.x.example"
    assert inline("thanks @carol, mail a@b.example") == "thanks \\@carol, mail a\\@b.example"  # no mention, no mailto
