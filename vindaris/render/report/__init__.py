"""The weekly status page (`vindaris report`): view model, templates, site.

- :mod:`.week` ISO weeks and which moment a week is computed at; :mod:`.page`
  one week's page;
- :mod:`.build` (+ :mod:`.changes`, :mod:`.charts`, :mod:`.format`) turn a
  computed Status into the typed view model of :mod:`.view`;
- :mod:`.env` the one jinja Environment factory; :mod:`.site` the static site.

Nothing is imported here: a remembered page is served after importing
:mod:`.week` alone, without jinja2, pydantic or the status computation.
"""
