"""Event clusters and dates carried across articles, on hand-built records (no parse needed)."""

from __future__ import annotations

from sitroom.link.clusters import actor_level, cluster_events
from sitroom.link.dates import carry_dates, infer_publication_dates
from sitroom.records import Actor, Article, Event, Timex

ACTORS = {
    "person:ilsa-marenko": Actor("person:ilsa-marenko", "Ilsa Marenko", "person", country="XVA", sector="GOV"),
    "person:ola-brandt": Actor("person:ola-brandt", "Ola Brandt", "person", country="XVA", sector="ELI"),
    "person:tomas-vell": Actor("person:tomas-vell", "Tomas Vell", "person", org="NCOMPACT", sector="GOV"),
}


def article(id_: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=id_, origin=f"/in/{id_}.txt", text="", published=published,
                   published_from="metadata" if published else None, outlet=outlet)


def event(id_: str, article_id: str, sentence: str, type_: str = "CONSULT", source=("country:XVA",),
          target=("country:XKE",), date=None, date_from=None, timex=None, start=0, negated=False,
          modality="asserted") -> Event:
    return Event(id=id_, article=article_id, sentence=sentence, start=start, end=start + len(sentence),
                 trigger=[start, start + 3], type=type_, mode=None, cameo="040", intensity=1.0,
                 source=list(source), target=list(target), date=date, date_from=date_from, timex=timex,
                 negated=negated, modality=modality)


def test_actor_level_speaks_for_the_state_or_the_organisation():
    assert actor_level("country:XVA/GOV", ACTORS) == "country:XVA"
    assert actor_level("person:ilsa-marenko", ACTORS) == "country:XVA"  # a minister acts for her state
    assert actor_level("person:ola-brandt", ACTORS) == "person:ola-brandt"  # an analyst acts for himself
    assert actor_level("person:tomas-vell", ACTORS) == "igo:NCOMPACT"
    # A country's rebels stand against its state: arming them is not arming the country.
    assert actor_level("country:XVA/REB/backed-by-XKE", ACTORS) == "country:XVA/REB"
    articles = {"a": article("a", "2026-03-04"), "b": article("b", "2026-03-04")}
    aid = [event("e1", "a", "Kestria sent rifles to the rebels in Valdoria.", type_="AID", source=("country:XKE",),
                 target=("country:XVA/REB",)),
           event("e2", "b", "Kestria sent rifles to Valdoria.", type_="AID", source=("country:XKE",),
                 target=("country:XVA/GOV",))]
    clusters, cluster_of = cluster_events(aid, articles, ACTORS)
    assert cluster_of["e1"] != cluster_of["e2"]
    assert sorted(c.target for c in clusters) == [["country:XVA"], ["country:XVA/REB"]]


def test_reports_of_one_happening_share_a_cluster_and_others_do_not():
    articles = {a.id: a for a in (article("a", "2026-03-04", "Gazette"), article("b"), article("c", "2026-03-04"))}
    events = [
        event("e1", "a", "Valdoria's envoys met Kestrian officials in Tessel on Monday.", source=("country:XVA/GOV",),
              date="2026-03-02", date_from="text"),
        event("e2", "b", "Foreign Minister Ilsa Marenko and her envoys met Kestrian officials in Tessel.",
              source=("person:ilsa-marenko",), target=("country:XKE/GOV",)),
        event("e3", "c", "Valdoria met Kestria again in Tessel on Tuesday.", date="2026-03-03", date_from="text"),
        event("e4", "a", "Valdoria rejected Kestria's demand for guarantees.", type_="REJECT", date="2026-03-04",
              date_from="published"),
        event("e5", "b", "Valdoria did not meet Kestria in Tessel.", negated=True),
    ]
    clusters, cluster_of = cluster_events(events, articles, ACTORS)
    assert cluster_of["e1"] == cluster_of["e2"]
    assert len({cluster_of[e] for e in ("e1", "e3", "e4", "e5")}) == 4  # another day, another type, negated
    meeting = next(c for c in clusters if "e1" in c.events)
    assert (meeting.date, meeting.date_support, meeting.articles) == ("2026-03-02", 1, ["a", "b"])
    assert meeting.source == ["country:XVA"] and meeting.target == ["country:XKE"]
    assert meeting.first_report == "a" and meeting.outlets == ["/in/b.txt", "Gazette"]


def test_the_order_events_arrive_in_does_not_change_the_clusters():
    articles = {a.id: a for a in (article("a", "2026-03-04"), article("b"), article("c"))}
    events = [event(f"e{i}", "abc"[i % 3], f"Valdoria and Kestria met in Tessel, round {i}.") for i in range(6)]
    first, _ = cluster_events(events, articles, ACTORS)
    second, _ = cluster_events(events[::-1], articles, ACTORS)
    assert [c.events for c in first] == [c.events for c in second]


def test_an_undated_report_takes_its_date_from_a_dated_one_and_its_article_a_publication_date():
    articles = {"dated": article("dated", "2026-03-05"), "undated": article("undated")}
    said = "The envoys of Valdoria met Kestria in Tessel on Wednesday to discuss the harbour."
    timex = Timex("t1", "undated", said.index("Wednesday"), said.index("Wednesday") + 9, "Wednesday", "DATE",
                  "XXXX-WXX-3")
    events = [
        event("d1", "dated", "Valdoria's envoys met Kestria in Tessel on March 4.", date="2026-03-04", date_from="text"),
        event("u1", "undated", said, timex="t1"),
    ]
    clusters, cluster_of = cluster_events(events, articles, ACTORS)
    assert cluster_of["d1"] == cluster_of["u1"]
    carried, _ = carry_dates(events, clusters, cluster_of, articles)
    assert (carried["u1"].date, carried["u1"].date_from, carried["u1"].date_source) == ("2026-03-04", "cluster", "dated")
    redate = infer_publication_dates(events, clusters, cluster_of, articles, {"t1": timex})
    assert redate["undated"].published == "2026-03-04"  # Wednesday 4 March: written that day at the earliest
    assert "'Wednesday' (consult) is 2026-03-04 per dated.txt" in redate["undated"].note


def test_an_article_is_not_dated_before_what_it_tells_as_done_nor_after_what_it_tells_as_coming():
    """"On March 4" names March 4 from the days before it as well; an article that tells a meeting
    on March 4 as done was written on that day or later, one that tells it as coming on that day or
    before (both too wide to date the article: the bound is all they give)."""
    articles = {"dated": article("dated", "2026-03-05"), "past": article("past"), "coming": article("coming")}
    told = {"past": "Valdoria's envoys met Kestria in Tessel on March 4 to discuss the harbour.",
            "coming": "Valdoria's envoys will meet Kestria in Tessel on March 4 to discuss the harbour."}
    timexes = {f"t-{name}": Timex(f"t-{name}", name, said.index("March 4"), said.index("March 4") + 7, "March 4",
                                  "DATE", "XXXX-03-04") for name, said in told.items()}
    events = [event("d1", "dated", "Valdoria's envoys met Kestria in Tessel on March 4.", date="2026-03-04",
                    date_from="text"),
              event("u-past", "past", told["past"], timex="t-past"),
              event("u-coming", "coming", told["coming"], timex="t-coming", modality="future")]
    clusters, cluster_of = cluster_events(events, articles, ACTORS)
    cluster_of = {event_id: cluster_of["d1"] for event_id in cluster_of}  # one happening, told three ways
    redate = infer_publication_dates(events, clusters, cluster_of, articles, timexes)
    assert redate["past"].published is None and "on or after 2026-03-04:" in redate["past"].note
    assert "(written 2026-03-04..2026-03-14)" in redate["past"].note
    assert "(written 2026-02-22..2026-03-04)" in redate["coming"].note


def test_conflicting_evidence_leaves_the_article_undated_and_says_why():
    articles = {"a": article("a", "2026-03-05"), "b": article("b", "2026-03-20"), "u": article("u")}
    met = "Valdoria met Kestria in Tessel on Wednesday about the harbour."
    signed = "Valdoria signed the accord with Kestria on Monday in Tessel."
    timexes = {"t1": Timex("t1", "u", met.index("Wednesday"), met.index("Wednesday") + 9, "Wednesday", "DATE", "XXXX-WXX-3"),
               "t2": Timex("t2", "u", 100 + signed.index("Monday"), 100 + signed.index("Monday") + 6, "Monday", "DATE",
                           "XXXX-WXX-1")}
    events = [
        event("a1", "a", "Valdoria met Kestria in Tessel on March 4.", date="2026-03-04", date_from="text"),
        event("b1", "b", "Valdoria signed an accord with Kestria in Tessel on March 16.", type_="AGREE",
              date="2026-03-16", date_from="text"),
        event("u1", "u", met, timex="t1"),
        event("u2", "u", signed, type_="AGREE", timex="t2", start=100),
    ]
    clusters, cluster_of = cluster_events(events, articles, ACTORS)
    redate = infer_publication_dates(events, clusters, cluster_of, articles, timexes)
    assert redate["u"].published is None
    assert "disagree" in redate["u"].note and "2026-03-04" in redate["u"].note and "2026-03-16" in redate["u"].note


def test_an_article_that_goes_on_telling_a_happening_gives_one_cluster():
    articles = {"a": article("a", "2026-03-05")}
    first = "Valdoria has passed on its formal reply to the requests of Kestria."
    then = "The letter, delivered in Tessel on Wednesday by the ambassador, lays out a path forward."
    far = "Valdoria later delivered food aid to the border towns."
    events = [event("e1", "a", first, source=("country:XVA",), target=("country:XKE",), date="2026-03-05",
                    date_from="published"),
              event("e2", "a", then, source=("country:XVA",), target=(), date="2026-03-04", date_from="text",
                    start=len(first) + 2),
              event("e3", "a", far, source=("country:XVA",), target=(), date="2026-03-04", date_from="text",
                    start=5000)]
    _, cluster_of = cluster_events(events, articles, ACTORS)
    assert cluster_of["e1"] == cluster_of["e2"] != cluster_of["e3"]


def test_a_date_one_source_fixes_dates_the_other_sources_happening_too():
    articles = {"a": article("a", "2026-03-05"), "b": article("b")}
    both = "On March 4 Valdoria and the Compact delivered their replies to Kestria."
    events = [event("v", "a", "Valdoria delivered its reply to Kestria on March 4.", date="2026-03-04", date_from="text"),
              event("vc", "b", both, source=("country:XVA", "igo:NCOMPACT"), timex="t"),
              event("c", "c", "The Compact delivered a separate reply to Kestria.", source=("igo:NCOMPACT",))]
    articles["c"] = article("c")
    timexes = {"t": Timex("t", "b", 3, 10, "March 4", "DATE", "XXXX-03-04")}
    clusters, cluster_of = cluster_events(events, articles, ACTORS, timexes=timexes)
    compact = next(c for c in clusters if c.source == ["igo:NCOMPACT"])
    assert "vc" in compact.events and compact.date is None
    carried, clusters = carry_dates(events, clusters, cluster_of, articles)
    assert carried["vc"].date == "2026-03-04" and carried["vc"].date_source == "a"
    assert next(c for c in clusters if c.source == ["igo:NCOMPACT"]).date == "2026-03-04"
    assert (carried["c"].date, carried["c"].date_source) == ("2026-03-04", "a")  # through the Compact's happening


def test_a_carried_date_dates_every_event_its_time_expression_dates():
    articles = {"dated": article("dated", "2026-03-05"), "undated": article("undated")}
    said = "On March 4, Valdoria delivered its answer to Kestria, ruling out any compromise."
    events = [
        event("d1", "dated", "Valdoria's envoy delivered the answer in Tessel on March 4.", date="2026-03-04",
              date_from="text"),
        event("u1", "undated", said, timex="t1"),
        event("u2", "undated", said, type_="REJECT", timex="t1"),  # no other report tells of the refusal
        event("u3", "undated", said, type_="AGREE", timex=None),
    ]
    clusters, cluster_of = cluster_events(events, articles, ACTORS)
    carried, clusters = carry_dates(events, clusters, cluster_of, articles)
    assert carried["u1"].date == carried["u2"].date == "2026-03-04"
    assert carried["u2"].date_from == "cluster" and carried["u2"].date_source == "dated"
    assert "u3" not in carried
    assert next(c for c in clusters if "u2" in c.events).date == "2026-03-04"
