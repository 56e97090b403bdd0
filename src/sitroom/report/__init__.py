"""The situation report: who wants what, who did what to whom, what changed, and the evidence.

``build_report`` gathers the views (``views``) from a ``Snapshot`` of the store (``snapshot``);
``render_html`` writes them as one self-contained HTML file (styles, script and SVG charts
inline, no network), ``render_markdown`` as Markdown. The dashboard (``sitroom.serve``) shows
the same views through the same templates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2
from markupsafe import Markup

from sitroom.report import views
from sitroom.report.snapshot import Filters, FilterError, Snapshot, filter_snapshot, load_snapshot
from sitroom.report.svg import conflict_chart_svg, network_svg

__all__ = ["DASHBOARD_LIMITS", "DASHBOARD_MORE", "FILE_LIMITS", "ViewLimits", "Report", "build_report", "render_html",
           "render_markdown", "write_report", "Filters", "FilterError", "Snapshot", "filter_snapshot", "load_snapshot",
           "template_env"]

EMBEDDED_TEXT_BUDGET = 1_200_000  # characters of article text the report file carries, to stay under 2 MB


@dataclass(frozen=True, slots=True)
class ViewLimits:
    """How much of each view a page carries, so that it opens in a browser whatever the size of the
    corpus (10,000 articles made a 41 MB report file without them). Each view says how much it
    leaves out and where the rest is: the export holds it all, the dashboard's filters narrow it."""

    timeline: int | None = 300  # happenings, the newest first
    statements: int | None = 25  # per actor and stance, the newest first
    evidence: int | None = 6  # reports shown per statement
    speakers: int | None = 60  # the most quoted first
    quotes: int | None = 12  # per speaker
    rows: int | None = 400  # articles in the sources table, and lines in each list under it (None: all)


FILE_LIMITS = ViewLimits()
# The dashboard pages through the timeline, and its filters (actor, days, type, outlet, story) narrow the rest.
DASHBOARD_LIMITS = ViewLimits(timeline=None, statements=50, evidence=10, speakers=100, quotes=25, rows=1000)
# Where a view that is cut says the rest is.
FILE_MORE = Markup("the dashboard (<code>sitroom serve</code>) and the export carry them all")
DASHBOARD_MORE = Markup("narrow the view with the filters above; the export and the JSON API carry them all")


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    generated: str
    database: str
    version: str
    counts: Mapping[str, int]
    positions: list[views.Position]
    timeline: list[views.TimelineItem]
    changes: views.Changes
    chart: views.Chart
    network: views.Network
    speakers: list[views.Speaker]
    sources: views.Sources
    names: Mapping[str, str]  # actor id -> name, for the actors the views name

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _version() -> str:
    try:
        return metadata.version("sitroom")
    except metadata.PackageNotFoundError:
        return "dev"


def build_report(snapshot: Snapshot, database: str = "", title: str | None = None) -> Report:
    network = views.network(snapshot)
    chart = views.conflict_chart(snapshot)
    named = {n.id for n in network.nodes} | {s.source for s in chart.series} | {s.target for s in chart.series}
    return Report(
        title=title or _title(snapshot), generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        database=Path(database).name if database else "", version=_version(), counts=dict(snapshot.counts),
        positions=views.positions(snapshot), timeline=views.timeline(snapshot), changes=views.changes(snapshot),
        chart=chart, network=network, speakers=views.who_said_what(snapshot), sources=views.sources(snapshot),
        names={a: snapshot.name(a) for a in named})


def _title(snapshot: Snapshot) -> str:
    days = sorted(a.published for a in snapshot.articles.values() if a.published)
    span = f", {days[0]} to {days[-1]}" if days and days[0] != days[-1] else f", {days[0]}" if days else ""
    story = max(snapshot.stories, key=lambda s: len(s.articles), default=None)
    return f"Situation report: {story.label if story else 'the coverage'}{span}"


def template_env() -> jinja2.Environment:
    folder = resources.files("sitroom.report").joinpath("templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=jinja2.select_autoescape(
        enabled_extensions=("html", "html.j2"), default_for_string=True), trim_blocks=False, lstrip_blocks=False,
        undefined=jinja2.StrictUndefined)
    env.filters["oneline"] = lambda text: " ".join(str(text).split())
    # Direct quotes carry their own marks; indirect ones get a pair.
    env.filters["quoted"] = lambda text: text if str(text)[:1] in "“\"‘'«" else f"“{text}”"
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    env.tests["cut"] = lambda total, limit: limit is not None and total > limit  # {% if n is cut(limit) %}
    return env


def _asset(name: str) -> str:
    return resources.files("sitroom.report").joinpath("templates", name).read_text(encoding="utf-8")


def render_html(report: Report, snapshot: Snapshot, env: jinja2.Environment | None = None,
                limits: ViewLimits = FILE_LIMITS) -> str:
    """One self-contained HTML page: the views (as far as ``limits`` let them go), and the cleaned
    text of every cited article (up to EMBEDDED_TEXT_BUDGET characters) so that each evidence link
    opens its sentence offline."""
    cited = _cited_articles(report, limits)
    articles, budget, left_out = [], EMBEDDED_TEXT_BUDGET, 0
    for article_id in sorted(cited, key=lambda a: snapshot.articles[a].origin if a in snapshot.articles else a):
        article = snapshot.articles.get(article_id)
        if article is None:
            continue
        if len(article.text) > budget:
            left_out += 1
            continue
        budget -= len(article.text)
        articles.append(article)
    embedded = {a.id for a in articles}
    by_id = snapshot.articles

    def href(article: str, start: int, end: int) -> str:
        if article in embedded:
            return f"#article-{article}"
        found = by_id.get(article)
        return (found.url if found and found.url else "#articles")

    env = env or template_env()
    return env.get_template("report.html.j2").render(
        r=report, css=Markup(_asset("style.css")), js=Markup(_asset("reader.js")), href=href, article_href=None,
        embedded=embedded, articles=articles, not_embedded=left_out, names=report.names,
        chart_svg=conflict_chart_svg(report.chart), network_svg=network_svg(report.network), limits=limits,
        more_where=FILE_MORE)


def _cited_articles(report: Report, limits: ViewLimits) -> set[str]:
    """The articles the report file links to, as its limits leave them."""
    cited = {e.article for p in report.positions for _, statements in p.stances
             for s in statements[:limits.statements] for e in s.evidence[:limits.evidence]}
    cited |= {t.evidence.article for t in report.timeline[:limits.timeline] if t.evidence}
    cited |= {q.article for s in report.speakers[:limits.speakers] for q in s.quotes[:limits.quotes]}
    cited |= {a.id for a in report.sources.articles[:limits.rows]}
    return cited


def render_markdown(report: Report, snapshot: Snapshot, limits: ViewLimits = FILE_LIMITS) -> str:
    def link(article_id: str) -> str:
        article = snapshot.articles.get(article_id)
        return (article.url or article.origin) if article else article_id

    env = template_env()
    env.autoescape = False
    return env.get_template("report.md.j2").render(r=report, link=link, names=report.names, limits=limits)


def write_report(snapshot: Snapshot, out: Path, fmt: str = "html", database: str = "") -> Path:
    report = build_report(snapshot, database)
    text = render_html(report, snapshot) if fmt == "html" else render_markdown(report, snapshot)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


Href = Callable[[str, int, int], str]
