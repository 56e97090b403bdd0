"""``sitroom serve``: the situation report as a local dashboard, and the JSON API behind it.

Every view of the report (``sitroom.report``) is a page here, narrowed by filters (actor, dyad,
type, date range, outlet, story) and backed by a JSON endpoint under ``/api`` that returns the
same view model; ``/openapi.json`` describes them all and ``/api`` lists them. A click on an
evidence link opens the cleaned article with the sentence highlighted.

Safety: the database is opened read-only (per request for the queries, and once per change of
the file for the snapshot the views read); the server binds to loopback unless ``--token`` is
given; every query is parameterised; a bad request (unknown actor, malformed date, a page past
the end, an id that is not an id) gets a 4xx answer that says what is wrong, never a 500.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom.command import read_db_option
from sitroom.events.plover import TYPES
from sitroom.report import DASHBOARD_LIMITS, DASHBOARD_MORE, build_report, template_env, views
from sitroom.report.snapshot import Filters, FilterError, Snapshot, filter_snapshot, load_snapshot
from sitroom.report.svg import conflict_chart_svg, network_svg
from sitroom.store import Store, StoreError

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 100_000  # a page number past this is a mistake, not a request
ARTICLE_ID = re.compile(r"^[0-9a-f]{1,64}$")
VIEWS = ("summary", "positions", "timeline", "chart", "network", "quotes", "sources", "search")
VIEW_TITLES = {"summary": "Summary", "positions": "Positions", "timeline": "Events", "chart": "Conflict and cooperation",
               "network": "Network", "quotes": "Who said what", "sources": "Sources", "search": "Search"}


class Data:
    """The snapshot the views read, loaded again when the database file changes (a new run)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._stamp: tuple[float, int] | None = None
        self._snapshot: Snapshot | None = None

    def store(self) -> Store:
        try:
            return Store(self.db, read_only=True, wait=2.0)
        except StoreError as exc:
            raise HTTPException(503, f"the database cannot be read now: {exc}") from None

    def snapshot(self) -> Snapshot:
        stat = self.db.stat()
        stamp = (stat.st_mtime, stat.st_size)
        with self._lock:
            if self._snapshot is None or stamp != self._stamp:
                with self.store() as store:
                    self._snapshot = load_snapshot(store)
                self._stamp = stamp
            return self._snapshot


def _filters(request: Request,
             actor: str | None = Query(None, max_length=200, description="An actor party to the happening: id (country:RUS), code (RUS, NATO) or name."),
             source: str | None = Query(None, max_length=200, description="The dyad's source actor (as actor)."),
             target: str | None = Query(None, max_length=200, description="The dyad's target actor (as actor)."),
             type: str | None = Query(None, max_length=40, description=f"A PLOVER type: {', '.join(TYPES)}."),
             since: str | None = Query(None, max_length=40, description="First day, YYYY-MM-DD (inclusive)."),
             until: str | None = Query(None, max_length=40, description="Last day, YYYY-MM-DD (inclusive)."),
             outlet: str | None = Query(None, max_length=200, description="An outlet, as /api/meta lists them."),
             story: str | None = Query(None, max_length=80, description="A story id, as /api/meta lists them."),
             include_undated: bool = Query(False, description="With since/until: keep records of unknown date.")) -> Filters:
    try:
        return Filters.parse(request.app.state.data.snapshot(), actor=actor, source=source, target=target, type=type,
                             since=since, until=until, outlet=outlet, story=story,
                             include_undated="1" if include_undated else None)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None


def _page(page: int, per_page: int, total: int) -> tuple[int, int]:
    last = max(1, -(-total // per_page))
    if page > last:
        raise HTTPException(404, f"page {page} is past the last page ({last}, {total} items at {per_page} a page)")
    return (page - 1) * per_page, last


def _paged(total: int, page: int, per_page: int, counting: str, items_at: Callable[[int], list]) -> dict[str, Any]:
    """One page of a paged list endpoint: ``items_at(offset)`` gives the page's items."""
    offset, last = _page(page, per_page, total)
    return {"total": total, "page": page, "pages": last, "per_page": per_page, "counting": counting,
            "items": items_at(offset)}


def _view(request: Request, filters: Filters) -> Snapshot:
    return filter_snapshot(request.app.state.data.snapshot(), filters)


def _json(value: Any) -> Any:
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


def create_app(db: Path, token: str | None = None) -> FastAPI:
    """The dashboard and its API over the database ``db`` (read-only); with ``token``, every
    request must carry it (``?token=``, an ``Authorization: Bearer`` header, or the cookie the
    first page sets)."""
    app = FastAPI(title="sitroom dashboard API", version="1", docs_url=None, redoc_url=None,
                  description="The situation report's views as JSON. Every list endpoint takes the same filters; "
                              "counts are of happenings (event clusters) unless a field says reports (events).")
    app.state.data = Data(Path(db))
    env = template_env()
    _install_guards(app, token)

    def page(request: Request, view: str, status: int = 200, **context: Any) -> HTMLResponse:
        snapshot = app.state.data.snapshot()
        for name in ("error", "r", "items", "rows", "pager", "q", "hits", "article", "start", "end", "chart_svg",
                     "network_svg"):
            context.setdefault(name, None)
        context.setdefault("reports", False)
        context.setdefault("names", {})
        params = {k: v for k, v in request.query_params.items() if k not in ("page", "token")}
        html = env.get_template("dashboard.html.j2").render(
            view=view, views=VIEWS, titles=VIEW_TITLES, meta=_meta(snapshot), params=params,
            query=lambda **extra: urlencode({k: v for k, v in {**params, **extra}.items() if v not in (None, "")}),
            href=lambda article, start, end: f"/article/{article}?start={start}&end={end}#highlight",
            article_href=lambda article: f"/article/{article}", embedded=set(),
            css=Markup(env.loader.get_source(env, "style.css")[0]),
            js=Markup(env.loader.get_source(env, "reader.js")[0]), limits=DASHBOARD_LIMITS, more_where=DASHBOARD_MORE,
            **context)
        return HTMLResponse(html, status_code=status)

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/meta", tags=["api"], summary="What the filters can take: actors, types, outlets, stories, days")
    def api_meta() -> dict[str, Any]:
        return _meta(app.state.data.snapshot())

    @app.get("/api/positions", tags=["api"], summary="Each main actor's demands, offers, agreements, rejections, threats and denials, with evidence")
    def api_positions(request: Request, filters: Filters = Depends(_filters)) -> list[dict[str, Any]]:
        return [_json(p) for p in views.positions(_view(request, filters))]

    @app.get("/api/events", tags=["api"], summary="Happenings (event clusters) newest first, or every report with reports=true; paged")
    def api_events(request: Request, filters: Filters = Depends(_filters), reports: bool = Query(False),
                   page: int = Query(1, ge=1, le=MAX_PAGE), per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE)
                   ) -> dict[str, Any]:
        snapshot = _view(request, filters)
        if reports:
            events = _reports(snapshot)
            return _paged(len(events), page, per_page, "reports",
                          lambda offset: [_report_json(e, snapshot) for e in events[offset:offset + per_page]])
        return _paged(len(snapshot.clusters), page, per_page, "happenings",
                      lambda offset: [_json(t) for t in views.timeline(snapshot, per_page, offset)])

    @app.get("/api/changes", tags=["api"], summary="What the latest period adds to the one before")
    def api_changes(request: Request, filters: Filters = Depends(_filters)) -> dict[str, Any]:
        return _json(views.changes(_view(request, filters)))

    @app.get("/api/chart", tags=["api"], summary="Daily Goldstein sums and QuadClass counts per main dyad")
    def api_chart(request: Request, filters: Filters = Depends(_filters)) -> dict[str, Any]:
        return _json(views.conflict_chart(_view(request, filters)))

    @app.get("/api/network", tags=["api"], summary="Actors and the dyads between them, weighted by happenings")
    def api_network(request: Request, filters: Filters = Depends(_filters)) -> dict[str, Any]:
        return _json(views.network(_view(request, filters)))

    @app.get("/api/quotes", tags=["api"], summary="Quotes grouped by speaker, the most quoted first (unresolved speakers apart); paged")
    def api_quotes(request: Request, filters: Filters = Depends(_filters), page: int = Query(1, ge=1, le=MAX_PAGE),
                   per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE)) -> dict[str, Any]:
        speakers = views.who_said_what(_view(request, filters))
        return _paged(len(speakers), page, per_page, "speakers",
                      lambda offset: [_json(s) for s in speakers[offset:offset + per_page]])

    @app.get("/api/sources", tags=["api"], summary="Outlets, articles, undated articles, copies, stories, failures")
    def api_sources(request: Request, filters: Filters = Depends(_filters)) -> dict[str, Any]:
        return _json(views.sources(_view(request, filters)))

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article: metadata and the cleaned text all offsets refer to")
    def api_article(article_id: str) -> dict[str, Any]:
        article = _article(app, article_id)
        return {k: v for k, v in asdict(article).items() if k != "content_hash"}

    @app.get("/api/search", tags=["api"], summary="Full-text search over the articles' cleaned text (every word must occur)")
    def api_search(q: str = Query(..., min_length=1, max_length=200), page: int = Query(1, ge=1, le=MAX_PAGE),
                   per_page: int = Query(20, ge=1, le=MAX_PER_PAGE)) -> dict[str, Any]:
        hits = _search(app, q)
        offset, last = _page(page, per_page, len(hits))
        return {"q": q, "total": len(hits), "page": page, "pages": last, "items": hits[offset:offset + per_page]}

    @app.get("/api", tags=["docs"], response_class=HTMLResponse, summary="This list of endpoints")
    def api_docs() -> HTMLResponse:
        return HTMLResponse(env.get_template("api.html.j2").render(spec=app.openapi(),
                                                                   css=Markup(env.loader.get_source(env, "style.css")[0])))

    # ------------------------------------------------------------------ pages

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        return summary_page(request)

    def _html_filters(request: Request) -> tuple[Filters | None, str | None]:
        args = {k: request.query_params.get(k) for k in ("actor", "source", "target", "type", "since", "until",
                                                         "outlet", "story")}
        if any(v is not None and len(v) > 200 for v in args.values()):
            return None, "a filter value is too long (200 characters at most)"
        try:
            return Filters.parse(app.state.data.snapshot(), **args,
                                 include_undated=request.query_params.get("include_undated")), None
        except FilterError as exc:
            return None, str(exc)

    def _with_filters(request: Request, view: str, build) -> HTMLResponse:
        filters, error = _html_filters(request)
        if error:
            return page(request, view, status=400, error=error)
        return page(request, view, **build(filter_snapshot(app.state.data.snapshot(), filters)))

    @app.get("/summary", include_in_schema=False)
    def summary_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "summary", lambda s: {"r": _partial_report(s, changes=True)})

    @app.get("/positions", include_in_schema=False)
    def positions_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "positions", lambda s: {"r": _partial_report(s, positions=True)})

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(request: Request, page_number: int = Query(1, alias="page", ge=1, le=MAX_PAGE),
                      reports: bool = Query(False)) -> HTMLResponse:
        def build(snapshot: Snapshot) -> dict[str, Any]:
            total = len(_reports(snapshot)) if reports else len(snapshot.clusters)
            offset, last = _page(page_number, PER_PAGE, total)
            if reports:
                rows = [_report_json(e, snapshot) for e in _reports(snapshot)[offset:offset + PER_PAGE]]
                return {"r": _partial_report(snapshot), "rows": rows, "pager": (page_number, last, total), "reports": True}
            items = views.timeline(snapshot, PER_PAGE, offset)
            return {"r": _partial_report(snapshot, timeline=items), "items": items, "pager": (page_number, last, total),
                    "reports": False}
        return _with_filters(request, "timeline", build)

    @app.get("/chart", include_in_schema=False)
    def chart_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "chart", lambda s: _chart_context(s))

    @app.get("/network", include_in_schema=False)
    def network_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "network", lambda s: _network_context(s))

    @app.get("/quotes", include_in_schema=False)
    def quotes_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "quotes", lambda s: {"r": _partial_report(s, speakers=True)})

    @app.get("/sources", include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        return _with_filters(request, "sources", lambda s: {"r": _partial_report(s, sources=True)})

    @app.get("/search", include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200)) -> HTMLResponse:
        hits = _search(app, q)[:200] if q.strip() else []
        return page(request, "search", q=q, hits=hits)

    @app.get("/article/{article_id}", include_in_schema=False)
    def article_page(request: Request, article_id: str, start: int | None = Query(None, ge=0),
                     end: int | None = Query(None, ge=0)) -> HTMLResponse:
        article = _article(app, article_id)
        if start is not None and (end is None or end < start or end > len(article.text)):
            raise HTTPException(400, f"the span {start}–{end} is not within the article's text (0–{len(article.text)})")
        return page(request, "article", article=article, start=start, end=end)

    return app


# ----------------------------------------------------------------------------- helpers of the endpoints

def _install_guards(app: FastAPI, token: str | None) -> None:
    """Clear 4xx answers for bad requests (JSON for the API, a page otherwise), and the token check."""

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", "")

    def answer(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        env = template_env()
        return HTMLResponse(env.get_template("error.html.j2").render(
            status=status, message=message, css=Markup(env.loader.get_source(env, "style.css")[0])), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return answer(request, 400, "bad request: " + "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def http_errors(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else \
            f"no such page: {request.url.path[:200]} (see /api for the endpoints)"
        return answer(request, exc.status_code, str(message))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:  # a bug: say so, keep serving
        return answer(request, 500, f"internal error ({type(exc).__name__}); please report it")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if ".." in request.url.path or "\\" in request.url.path:
            return answer(request, 400, "a path may not contain '..' or a backslash")
        if token:
            given = (request.query_params.get("token") or request.cookies.get("sitroom_token")
                     or request.headers.get("authorization", "").removeprefix("Bearer ").strip())
            if not given or not secrets.compare_digest(given.encode(), token.encode()):
                return answer(request, 401, "this dashboard needs its token: add ?token=... to the address")
        response = await call_next(request)
        if token and request.query_params.get("token"):
            response.set_cookie("sitroom_token", token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = ("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                       "script-src 'self' 'unsafe-inline'; img-src 'self' data:")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def _meta(snapshot: Snapshot) -> dict[str, Any]:
    parties: dict[str, int] = {}
    for cluster in snapshot.clusters:
        for actor in set(cluster.source) | set(cluster.target):
            parties[actor] = parties.get(actor, 0) + 1
    days = sorted(a.published for a in snapshot.articles.values() if a.published)
    return {"actors": [{"id": a, "name": snapshot.name(a), "happenings": n}
                       for a, n in sorted(parties.items(), key=lambda kv: (-kv[1], kv[0]))],
            "types": list(TYPES), "outlets": list(views.outlets_of(snapshot)),
            "stories": [{"id": s.id, "label": s.label, "articles": len(s.articles)} for s in snapshot.stories],
            "first_day": days[0] if days else None, "last_day": days[-1] if days else None,
            "counts": dict(snapshot.counts)}


def _partial_report(snapshot: Snapshot, **wanted: Any):
    """The report model with only the wanted views filled (a page shows one view)."""
    from sitroom.report import Report

    empty_changes = views.Changes(None, None, 0, 0, 0.0, 0.0, (), (), 0, ())
    return Report(
        title="sitroom", generated="", database="", version="", counts=dict(snapshot.counts),
        positions=views.positions(snapshot) if wanted.get("positions") else [],
        timeline=wanted.get("timeline") or [],
        changes=views.changes(snapshot) if wanted.get("changes") else empty_changes,
        chart=views.Chart((), ()), network=views.Network((), ()),
        speakers=views.who_said_what(snapshot) if wanted.get("speakers") else [],
        sources=views.sources(snapshot) if wanted.get("sources") else None, names={})


def _chart_context(snapshot: Snapshot) -> dict[str, Any]:
    report = build_report(snapshot)
    return {"r": report, "chart_svg": conflict_chart_svg(report.chart), "names": report.names}


def _network_context(snapshot: Snapshot) -> dict[str, Any]:
    report = build_report(snapshot)
    return {"r": report, "network_svg": network_svg(report.network), "names": report.names}


def _reports(snapshot: Snapshot) -> list:
    """Every report (event) in view, newest first (undated last)."""
    def key(event):
        article = snapshot.articles.get(event.article or "")
        day = event.date if event.date and len(event.date) >= 10 else None
        return (day is None, views._invert(day) if day else "", article.origin if article else "", event.start, event.id)
    return sorted(snapshot.events.values(), key=key)


def _report_json(event, snapshot: Snapshot) -> dict[str, Any]:
    row = asdict(event)
    row.update(source_names=[snapshot.name(a) for a in event.source], target_names=[snapshot.name(a) for a in event.target],
               evidence=asdict(views.evidence_of(event, snapshot)))
    return row


def _article(app: FastAPI, article_id: str):
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(400, f"{article_id[:80]!r} is not an article id (16 hex digits, as /api/sources lists them)")
    article = app.state.data.snapshot().articles.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id} in this database")
    return article


def _search(app: FastAPI, q: str) -> list[dict[str, Any]]:
    """Articles whose cleaned text or title holds every word of ``q`` (case ignored), the most
    matches first, each with a snippet around its first match and that match's offsets."""
    words = [w for w in q.split() if w][:10]
    if not words:
        return []
    where = " AND ".join(["(text ILIKE ? OR title ILIKE ?)"] * len(words))
    params: list[Any] = []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    where = where.replace("ILIKE ?", "ILIKE ? ESCAPE '\\'")
    with app.state.data.store() as store:
        rows = list(store.iter_rows(f"SELECT id, title, outlet, published, text FROM articles WHERE {where} "
                                    f"ORDER BY origin", params))
    hits = []
    for row in rows:
        lowered = row["text"].lower()
        first = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=-1)
        count = sum(lowered.count(w.lower()) for w in words)
        start = max(0, first - 80)
        hit_end = first + len(next((w for w in words if lowered.find(w.lower()) == first), words[0])) if first >= 0 else 0
        hits.append({"article": row["id"], "title": row["title"], "outlet": row["outlet"],
                     "published": row["published"].isoformat() if row["published"] else None, "matches": count,
                     "snippet": ("…" if start else "") + row["text"][start:first + 160].replace("\n", " ") + "…",
                     "start": max(first, 0), "end": hit_end})
    hits.sort(key=lambda h: -h["matches"])
    return hits


# ----------------------------------------------------------------------------- the command

def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(name="serve")
@read_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback needs --token.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", help="A secret every request must carry (?token=..., or Authorization: Bearer ...).")
def command(db: str, host: str, port: int, token: str | None) -> None:
    """Serve the situation report as a local dashboard: the same views, with filters (actor,
    dyad, type, dates, outlet, story), full-text search, the articles with their evidence
    highlighted, and a JSON API behind every view (/api lists it, /openapi.json describes it)."""
    import uvicorn

    from sitroom.command import EXIT_USAGE, open_read_only

    if not is_loopback(host) and not token:
        raise click.BadParameter(f"{host} is not a loopback address: anyone who can reach it could read the "
                                 f"database; add --token SECRET (or bind to 127.0.0.1)", param_hint="--host")
    with open_read_only(db):  # a missing or foreign database: say so before serving
        pass
    app = create_app(Path(db), token)
    app.state.data.snapshot()
    shown = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"serving {db} on {shown} (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as exc:  # the port is taken
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}; pick another --port", err=True)
        sys.exit(EXIT_USAGE)
