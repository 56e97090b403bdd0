"""The event record as a GDELT 2.0 event table: tab-separated, no header, the 61 columns in GDELT's
order, so that tools written for GDELT's daily files read it.

One row per happening (an event cluster) by default, with NumMentions the events that report it,
NumSources the outlets and NumArticles the articles; ``reports=True`` writes one row per event
(each with counts of 1), as GDELT itself does for each report. What sitroom fills:

- GLOBALEVENTID: a number derived from the cluster (or event) id, stable across exports;
- SQLDATE/MonthYear/Year/FractionDate: the happening's date (its best-supported date from the text,
  else the first report's publication date); rows with neither are left out;
- Actor1*/Actor2*: the first source and target. Code is the CAMEO actor code (country + sector,
  "RUSGOV"; an organisation's code, "NATO"); Name the actor's name; CountryCode the ISO alpha-3 code;
  KnownGroupCode an organisation's code; Type1Code the CAMEO sector;
- IsRootEvent (1 when a report stands in its article's first paragraph), EventCode, EventBaseCode,
  EventRootCode, QuadClass, GoldsteinScale (the table sitroom.events.plover uses);
- ActionGeo_Type (4, a place; 1, a country), ActionGeo_FullName (the place as named),
  ActionGeo_CountryCode (ISO alpha-3, where GDELT writes FIPS 10-4 codes);
- DATEADDED: when the first report was stored; SOURCEURL: the first report's URL (else its origin).

Left empty: ethnic and religion codes, AvgTone, actor geography, ADM codes, coordinates and
feature ids (sitroom has no gazetteer coordinates).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from sitroom.events import plover
from sitroom.records import Actor, Article, Cluster, Event
from sitroom.store import Store

ACTOR_FIELDS = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code"]
GEO_FIELDS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
           + [f"Actor1{f}" for f in ACTOR_FIELDS] + [f"Actor2{f}" for f in ACTOR_FIELDS]
           + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
              "NumMentions", "NumSources", "NumArticles", "AvgTone"]
           + [f"Actor1Geo_{f}" for f in GEO_FIELDS] + [f"Actor2Geo_{f}" for f in GEO_FIELDS]
           + [f"ActionGeo_{f}" for f in GEO_FIELDS] + ["DATEADDED", "SOURCEURL"])
assert len(COLUMNS) == 61


def export_gdelt(store: Store, out: Path, reports: bool = False) -> int:
    """Write the GDELT-style table to ``out``; returns the number of rows."""
    articles = {a.id: a for a in store.records("articles")}
    actors = {a.id: a for a in store.records("actors")}
    events = {e.id: e for e in store.records("events")}
    added = store.first_stored()
    if reports:
        groups = [([e], None) for e in events.values()]
    else:
        groups = [([events[i] for i in c.events if i in events], c) for c in store.records("clusters")]
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        for members, cluster in groups:
            row = gdelt_row(members, cluster, articles, actors, added)
            if row is not None:
                handle.write("\t".join(row) + "\n")
                n += 1
    return n


def gdelt_row(members: Sequence[Event], cluster: Cluster | None, articles: Mapping[str, Article],
              actors: Mapping[str, Actor], added: Mapping[str, str]) -> list[str] | None:
    if not members:
        return None
    reports = sorted({e.article for e in members if e.article in articles},
                     key=lambda a: (articles[a].published or "9999", articles[a].origin))
    first = articles[reports[0]] if reports else None
    days = [cluster.date if cluster else None] + [e.date for e in members if e.date_from == "text"]
    day = next((d for d in days if d and len(d) == 10), None) or (first.published if first else None)
    if not day or len(day) != 10:
        return None
    event = _representative(members)
    code = plover.lookup(event.cameo)
    identity = cluster.id if cluster else event.id
    values = {
        "GLOBALEVENTID": str(int(hashlib.sha1(identity.encode()).hexdigest()[:12], 16)),
        "SQLDATE": day.replace("-", ""), "MonthYear": day[:7].replace("-", ""), "Year": day[:4],
        "FractionDate": f"{int(day[:4]) + (int(day[5:7]) - 1) / 12 + (int(day[8:10]) - 1) / 365:.4f}",
        **_actor("Actor1", event.source, actors), **_actor("Actor2", event.target, actors),
        "IsRootEvent": "1" if any(e.start < _first_paragraph_end(articles.get(e.article or "")) for e in members) else "0",
        "EventCode": event.cameo, "EventBaseCode": event.cameo[:3], "EventRootCode": event.cameo[:2],
        "QuadClass": str(code.quad_class or "") if code else "",
        "GoldsteinScale": f"{event.intensity:.1f}" if event.intensity is not None else "",
        "NumMentions": str(len(members)),
        "NumSources": str(len({articles[a].outlet or articles[a].origin for a in reports})),
        "NumArticles": str(len(reports)),
        "DATEADDED": added.get(reports[0], "") if reports else "",
        "SOURCEURL": (first.url or first.origin) if first else "",
    }
    located = next((e for e in members if e.location), None)
    if located is not None:
        values.update({"ActionGeo_Type": "4" if located.location_country and located.location else "1",
                       "ActionGeo_FullName": located.location or "",
                       "ActionGeo_CountryCode": located.location_country or ""})
    return [values.get(column, "").replace("\t", " ").replace("\n", " ") for column in COLUMNS]


def _representative(members: Sequence[Event]) -> Event:
    """The report whose CAMEO code most reports share, then the most confident."""
    codes = Counter(e.cameo for e in members)
    return max(members, key=lambda e: (codes[e.cameo], e.confidence, -e.start))


def _actor(prefix: str, ids: Iterable[str], actors: Mapping[str, Actor]) -> dict[str, str]:
    actor_id = next(iter(ids), None)
    if actor_id is None:
        return {}
    actor = actors.get(actor_id)
    country = actor.country if actor else None
    org = actor.org if actor else None
    sector = actor.sector if actor else None
    if actor_id.startswith("country:"):
        country = actor_id.split(":", 1)[1].split("/")[0]
        sector = actor_id.split("/")[1] if "/" in actor_id else sector
    elif actor_id.startswith("igo:"):
        org = actor_id.split(":", 1)[1].split("/")[0]
        sector = actor_id.split("/")[1] if "/" in actor_id else None
    code = org if org and not country else f"{country or ''}{sector or ''}"
    return {f"{prefix}Code": code, f"{prefix}Name": (actor.name if actor else actor_id).upper(),
            f"{prefix}CountryCode": country or "", f"{prefix}KnownGroupCode": org or "",
            f"{prefix}Type1Code": sector or ""}


def _first_paragraph_end(article: Article | None) -> int:
    if article is None:
        return 0
    end = article.text.find("\n\n")
    return end if end >= 0 else len(article.text)


def iter_rows(path: Path) -> Iterator[dict[str, str]]:
    """Read a file written by ``export_gdelt`` back as dicts (for tests and checks)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield dict(zip(COLUMNS, line.rstrip("\n").split("\t")))
