"""The weekly status page (`vindaris report`): view model, templates, site.

- :mod:`.week` ISO weeks; :mod:`.page` which moment a week is computed at;
- :mod:`.build` (+ :mod:`.changes`, :mod:`.charts`, :mod:`.format`) turn a
  computed Status into the typed view model of :mod:`.view`;
- :mod:`.env` the one jinja Environment factory; :mod:`.site` the static site.
"""

from vindaris.render.report.page import report_page
from vindaris.render.report.site import Site, build_site
from vindaris.render.report.week import Week

__all__ = ["Site", "Week", "build_site", "report_page"]
