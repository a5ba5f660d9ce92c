"""The one jinja Environment factory for weekly pages, and rendering with it.

HTML is autoescaped (`select_autoescape`); Markdown gets the same safety
from `finalize`: every value a template prints is escaped for Markdown
unless a filter marked it as already-Markdown (`Markup`). Templates come
from `--templates DIR` first, then from the package, so an organisation can
override any single template by name, as static-site generators allow themes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from vindaris.errors import UsageError
from vindaris.render import markdown

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = ("md", "html")


def _md_finalize(value: Any) -> Any:
    """Markdown's autoescape: user text can never become syntax."""
    if isinstance(value, Markup):
        return value
    return markdown.inline(str(value))


def _md_link(label: str, target: str) -> Markup:
    return Markup(markdown.link(label, target))


def environment(fmt: Format, templates: Path | None = None) -> Environment:
    """The Environment for one format; `templates` (a directory) overrides package templates."""
    loaders: list[FileSystemLoader | PackageLoader] = []
    if templates is not None:
        loaders.append(FileSystemLoader(str(templates)))
    loaders.append(PackageLoader("vindaris", "render/templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    if fmt == "md":
        env.finalize = _md_finalize
        env.filters["link"] = _md_link
    return env


def render(fmt: Format, name: str, templates: Path | None = None, **context: Any) -> str:
    """Render template `<fmt>/<name>.<fmt>`; a broken override is a UsageError naming the place."""
    env = environment(fmt, templates)
    template_name = f"{fmt}/{name}.{fmt}"
    try:
        return env.get_template(template_name).render(**context)
    except TemplateNotFound as exc:
        raise UsageError(f"template {exc.name} not found",
                         "an override in --templates must keep the package's template names") from None
    except TemplateSyntaxError as exc:
        raise UsageError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except TemplateError as exc:
        raise UsageError(f"template {template_name}: {exc.message or type(exc).__name__}",
                         "check the variable names of any overridden template against docs/report.md") from None
