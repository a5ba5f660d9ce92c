"""The template variables, as the Markdown reference embedded in docs/report.md.

`python -m vindaris.render.report.reference` prints it; a test fails when the
docs drift from the view model. Field descriptions are the view model's own
end-of-line comments.
"""

from __future__ import annotations

import dataclasses
import inspect
import re

from vindaris.render.report import charts, view

RECORDS: tuple[type, ...] = (
    view.Page, view.Header, view.Nav, view.Link, view.Headline, view.Count, view.AttentionRow, view.Reason,
    view.Changes,
    view.ChangeRow, view.GoalView, view.KeyResultView, charts.ProgressBar, charts.Sparkline, view.WorkView,
    view.OwnerView, view.Person, view.Index, view.IndexRow,
)

_FIELD = re.compile(r"^    (\w+): [^#\n]*?(?:#\s*(.*))?$", re.MULTILINE)


def _comments(record: type) -> dict[str, str]:
    return {m.group(1): m.group(2) or "" for m in _FIELD.finditer(inspect.getsource(record))}


def reference() -> str:
    out = []
    for record in RECORDS:
        doc = " ".join((record.__doc__ or "").split())
        out += [f"#### `{record.__name__}`", ""]
        if doc and not doc.startswith(record.__name__ + "("):
            out += [doc, ""]
        out += ["| field | type | meaning |", "|---|---|---|"]
        comments = _comments(record)
        for f in dataclasses.fields(record):
            kind = str(f.type).replace("|", "\\|")
            out.append(f"| `{f.name}` | `{kind}` | {comments.get(f.name, '')} |")
        if record is view.Person:
            out.append("| `label` | `str` | the name, marked \"(left)\" for someone no longer active (a property) |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(reference(), end="")
