"""The situation report: the views as pure functions of invented records, the rendered file (self-
contained, under 2 MB, every evidence link slicing to its sentence), the facts a reader of the
reference corpus's report must find, and the commands that write it."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.records import Actor, Article, Cluster, Event, Quote, Story
from sitroom.report import ViewLimits, build_report, render_html, render_markdown
from sitroom.report import views
from sitroom.report.snapshot import FilterError, Filters, Snapshot, filter_snapshot


# ----------------------------------------------------------------------------- an invented crisis

TEXT_A = ("Valdoria demanded that the Northern Alliance withdraw its ships. "
          "Kestria rejected the demand on Monday. "
          "“We will answer any attack,” said Marek Holm. "
          "Kestria offered talks in Lindmark instead.")
TEXT_B = "Valdoria threatened to cut gas supplies to Kestria. Officials said the talks could resume."


def _sentence(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    end = text.index(".", start) + 1
    return start, end


def _event(ident: str, article: str, text: str, words: str, type_: str, cameo: str, intensity: float,
           source: list[str], target: list[str], cluster: str, **extra) -> Event:
    start, end = _sentence(text, words)
    return Event(id=ident, article=article, sentence=text[start:end], start=start, end=end,
                 trigger=[start, start + len(words.split()[0])], type=type_, mode=None, cameo=cameo,
                 intensity=intensity, source=source, target=target, cluster=cluster, **extra)


@pytest.fixture
def snapshot() -> Snapshot:
    articles = {
        "a1": Article(id="a1", origin="/news/a1.txt", text=TEXT_A, title="Standoff at sea", outlet="Lindmark Post",
                      published="2031-05-10", published_from="metadata", kept_lines=[3, 4], dropped_lines=[1, 2],
                      story="s1"),
        "b1": Article(id="b1", origin="/news/b1.txt", text=TEXT_B, title="Gas threat", outlet="Kestria Daily",
                      published="2031-05-02", published_from="text", story="s1"),
        "c1": Article(id="c1", origin="/news/c1.txt", text=TEXT_B, title="Gas threat", outlet="Wire Copy",
                      family="b1", story="s1"),
        "d1": Article(id="d1", origin="/news/d1.txt", text="An undated note.", title="Note", outlet="Lindmark Post"),
    }
    actors = {a.id: a for a in [
        Actor("country:VAL", "Valdoria", "country", "VAL"), Actor("country:KES", "Kestria", "country", "KES"),
        Actor("igo:NAL", "Northern Alliance", "igo", org="NAL"),
        Actor("person:marek-holm", "Marek Holm", "person", "KES", sector="GOV")]}
    events = [
        _event("e1", "a1", TEXT_A, "Valdoria demanded", "REQUEST", "1056", -5.0, ["country:VAL"], ["igo:NAL"], "k1"),
        _event("e2", "a1", TEXT_A, "Kestria rejected", "REJECT", "120", -4.0, ["country:KES"], ["country:VAL"], "k2"),
        _event("e3", "a1", TEXT_A, "Kestria offered", "AGREE", "036", 4.0, ["country:KES"], ["country:VAL"], "k3",
               modality="future"),
        _event("e4", "b1", TEXT_B, "Valdoria threatened", "THREATEN", "1312", -5.8, ["country:VAL"], ["country:KES"], "k4"),
        _event("e5", "b1", TEXT_B, "Officials said", "AGREE", "036", 4.0, [], [], "k5", modality="reported"),
    ]
    clusters = (
        Cluster("k1", "REQUEST", ["country:VAL"], ["igo:NAL"], None, 0, ["e1"], ["a1"], ["Lindmark Post"], "a1", "s1"),
        Cluster("k2", "REJECT", ["country:KES"], ["country:VAL"], "2031-05-08", 1, ["e2"], ["a1"], ["Lindmark Post"], "a1", "s1"),
        Cluster("k3", "AGREE", ["country:KES"], ["country:VAL"], None, 0, ["e3"], ["a1"], ["Lindmark Post"], "a1", "s1"),
        Cluster("k4", "THREATEN", ["country:VAL"], ["country:KES"], None, 0, ["e4"], ["b1"], ["Kestria Daily", "Wire Copy"],
                "b1", "s1"),
        Cluster("k5", "AGREE", [], [], None, 0, ["e5"], ["b1"], ["Kestria Daily"], "b1", "s1"),
    )
    q_start = TEXT_A.index("“")
    quotes = (
        Quote("q1", "a1", q_start, TEXT_A.index("”") + 1, "“We will answer any attack,”", "direct",
              speaker="person:marek-holm", speaker_text="Marek Holm", cue="said"),
        Quote("q2", "b1", TEXT_B.index("the talks"), len(TEXT_B) - 1, "the talks could resume", "indirect",
              speaker=None, speaker_text="Officials", cue="said"),
    )
    return Snapshot(articles=articles, actors=actors, events={e.id: e for e in events}, clusters=clusters,
                    quotes=quotes, stories=(Story("s1", "Valdoria, Kestria: ships, gas", ["a1", "b1", "c1"],
                                                  "2031-05-02", "2031-05-10"),),
                    failures=({"origin": "/news/bad.bin", "stage": "ingest", "error": "binary file"},),
                    counts={"articles": 4, "copies": 1, "undated_articles": 1, "actors": 4, "quotes": 2,
                            "unresolved_speakers": 1, "events": 5, "clusters": 5, "stories": 1, "failures": 1})


def _stances(position: views.Position) -> dict[str, list[views.Statement]]:
    return {stance: list(statements) for stance, statements in position.stances}


def test_positions_say_who_demands_rejects_offers_and_threatens(snapshot):
    by_actor = {p.actor: p for p in views.positions(snapshot)}
    valdoria, kestria = _stances(by_actor["country:VAL"]), _stances(by_actor["country:KES"])
    assert [s.target_ids for s in valdoria["demands"]] == [("igo:NAL",)]
    assert [s.target_ids for s in valdoria["threatens"]] == [("country:KES",)]
    assert [s.day for s in kestria["rejects"]] == ["2031-05-08"] and kestria["rejects"][0].day_how == "text"
    offer = kestria["offers"][0]
    assert offer.modality == "future" and offer.day == "2031-05-10" and offer.day_how == "reported"
    for statements in (*valdoria.values(), *kestria.values()):
        for statement in statements:
            for evidence in statement.evidence:
                assert snapshot.articles[evidence.article].text[evidence.start:evidence.end] == evidence.sentence
    assert "agrees to" not in kestria and "denies" not in valdoria


def test_stances_read_negation_and_types():
    first = Event(id="e", article="a", sentence="", start=0, end=0, trigger=[], type="ASSAULT", mode=None, cameo="190",
                  intensity=-10.0, negated=True)
    cluster = Cluster("k", "ASSAULT")
    assert views.stance_of(cluster, first) == "denies"
    assert views.stance_of(Cluster("k", "CONCEDE"), None) == "agrees to"
    refused = Event(id="e", article="a", sentence="", start=0, end=0, trigger=[], type="CONCEDE", mode=None,
                    cameo="080", intensity=5.0, negated=True)
    assert views.stance_of(Cluster("k", "CONCEDE"), refused) == "rejects"
    assert views.stance_of(Cluster("k", "CONSULT"), None) is None


def test_timeline_is_newest_first_with_undated_last(snapshot):
    days = [item.day for item in views.timeline(snapshot)]
    assert days == ["2031-05-10", "2031-05-10", "2031-05-08", "2031-05-02", "2031-05-02"]
    assert [i.cluster for i in views.timeline(snapshot, limit=2, offset=1)] == [i.cluster for i in views.timeline(snapshot)][1:3]


def test_changes_compare_the_latest_week_with_the_one_before(snapshot):
    changes = views.changes(snapshot)
    assert changes.period == ("2031-05-04", "2031-05-10") and changes.previous == ("2031-04-27", "2031-05-03")
    assert (changes.happenings, changes.happenings_before) == (3, 2)
    assert "Kestria → Valdoria" in changes.new_dyads and "Valdoria → Kestria" not in changes.new_dyads
    assert any(line.startswith("3 happenings") for line in changes.lines)


def test_chart_and_network_weigh_dyads(snapshot):
    chart = views.conflict_chart(snapshot)
    labels = {s.label: s for s in chart.series}
    threat = labels["Valdoria → Kestria"]
    assert [(p.day, p.goldstein, p.quad) for p in threat.points] == [("2031-05-02", -5.8, (0, 0, 1, 0))]
    assert labels["Valdoria → NAL"].undated == 0  # dated by its first report's publication
    assert chart.days[0] == "2031-05-02" and chart.days[-1] == "2031-05-10" and len(chart.days) == 9
    net = views.network(snapshot)
    edges = {(e.source, e.target): e for e in net.edges}
    assert edges[("country:KES", "country:VAL")].happenings == 2
    assert edges[("country:VAL", "country:KES")].goldstein == -5.8
    assert edges[("country:KES", "country:VAL")].goldstein == 0.0  # a rejection (-4) and an offer (+4)


def test_who_said_what_keeps_unresolved_speakers_apart(snapshot):
    speakers = views.who_said_what(snapshot)
    assert [(s.name, s.resolved) for s in speakers] == [("Marek Holm", True), ("Officials", False)]
    assert speakers[0].quotes[0].outlet == "Lindmark Post" and speakers[0].quotes[0].title == "Standoff at sea"


def test_sources_list_copies_undated_articles_and_dropped_lines(snapshot):
    src = views.sources(snapshot)
    assert [f.members for f in src.families] == [(("c1", "Wire Copy", "syndicated"),)]
    assert [r.id for r in src.undated] == ["c1", "d1"]
    assert src.dropped_lines == 2 and src.failures == (("/news/bad.bin", "ingest", "binary file"),)
    assert dict(src.outlets)["Lindmark Post"] == 2


def test_filters_narrow_every_view_and_reject_what_names_nothing(snapshot):
    kestria = filter_snapshot(snapshot, Filters.parse(snapshot, actor="KES"))
    assert {c.id for c in kestria.clusters} == {"k2", "k3", "k4"}
    assert [q.id for q in kestria.quotes] == ["q1"]  # Marek Holm speaks for Kestria's government
    dyad = filter_snapshot(snapshot, Filters.parse(snapshot, source="Valdoria", target="country:KES"))
    assert [c.id for c in dyad.clusters] == ["k4"]
    dated = filter_snapshot(snapshot, Filters.parse(snapshot, since="2031-05-05"))
    assert {c.id for c in dated.clusters} == {"k1", "k2", "k3"} and {a.id for a in dated.articles_in_view()} == {"a1"}
    with_undated = filter_snapshot(snapshot, Filters.parse(snapshot, since="2031-05-05", include_undated="1"))
    assert {a.id for a in with_undated.articles_in_view()} == {"a1", "c1", "d1"}
    assert [c.id for c in filter_snapshot(snapshot, Filters.parse(snapshot, type="threaten")).clusters] == ["k4"]
    assert [c.id for c in filter_snapshot(snapshot, Filters.parse(snapshot, outlet="wire copy")).clusters] == ["k4"]
    for bad in ({"actor": "Atlantis"}, {"since": "2031-02-30"}, {"until": "yesterday"}, {"type": "DROP TABLE"},
                {"outlet": "' OR 1=1 --"}, {"story": "nope"}, {"since": "2031-05-09", "until": "2031-05-01"}):
        with pytest.raises(FilterError):
            Filters.parse(snapshot, **bad)


EVIDENCE = ".//a[contains(concat(' ', @class, ' '), ' evidence ')]"


def _links(html: str):
    return lxml.html.fromstring(html).xpath(EVIDENCE)


def test_the_html_report_is_self_contained_and_its_evidence_slices_to_sentences(snapshot):
    html = render_html(build_report(snapshot, "crisis.duckdb"), snapshot)
    tree = lxml.html.fromstring(html)
    for element in tree.iter("script", "link", "img", "iframe"):
        for attribute in ("src", "href"):
            value = element.get(attribute) or ""
            assert not value.startswith(("http:", "https:", "//")), lxml.html.tostring(element)
    texts = {div.get("data-article-text"): div.text_content() for div in tree.xpath("//*[@data-article-text]")}
    assert texts["a1"] == TEXT_A  # offsets refer to exactly this text
    links = _links(html)
    assert links
    for link in links:
        article, start, end = link.get("data-article"), int(link.get("data-start")), int(link.get("data-end"))
        assert link.get("href") == f"#article-{article}"
        assert texts[article][start:end].strip()
    demands = tree.xpath('//div[@data-actor="country:VAL"]//li[@data-stance="demands"]')
    assert demands and demands[0].get("data-targets") == "igo:NAL"
    assert "svg" in html and "Marek Holm" in html and "unresolved speaker" in html


def test_markdown_report_names_positions_and_evidence(snapshot):
    text = render_markdown(build_report(snapshot), snapshot)
    assert "## Positions" in text and "Valdoria demands → Northern Alliance" in text
    assert "[Lindmark Post, 2031-05-10](/news/a1.txt) chars" in text
    assert "Officials (unresolved speaker)" in text


def test_the_report_file_carries_what_its_limits_allow_and_says_what_it_leaves_out(snapshot):
    report = build_report(snapshot)
    limits = ViewLimits(speakers=1, rows=1)
    tree = lxml.html.fromstring(render_html(report, snapshot, limits=limits))
    assert [d.get("data-speaker") for d in tree.xpath('//div[contains(@class, "speaker")]')] == ["person:marek-holm"]
    assert len(tree.xpath('//table[@class="articles"]/tbody/tr')) == 1
    notes = [" ".join(p.text_content().split()) for p in tree.xpath('//p[contains(@class, "more")]')]
    assert any(n.startswith("1 more speakers not shown here") for n in notes)
    assert any(n.startswith("3 more articles not shown here") for n in notes)
    assert any(n.startswith("1 more undated articles") for n in notes)
    # Without limits to reach, nothing is said to be left out.
    assert "not shown here" not in render_html(report, snapshot)
    text = render_markdown(report, snapshot, limits)
    assert "Officials (unresolved speaker)" not in text and "1 more speakers are in the dashboard" in text


# ----------------------------------------------------------------------------- the reference corpus

@pytest.fixture(scope="module")
def reference_report(reference_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", str(reference_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_reference_report_says_who_demanded_rejected_offered_and_threatened(reference_report, reference_db):
    from sitroom.store import Store

    with Store(reference_db, read_only=True) as store:
        texts = {a.id: a.text for a in store.records("articles")}
    tree = lxml.html.fromstring(reference_report.read_text(encoding="utf-8"))

    def statements(actor: str, stance: str, target: str | None = None):
        found = tree.xpath(f'//div[@data-actor="{actor}"]//li[@data-stance="{stance}"]')
        return [li for li in found if target is None or target in li.get("data-targets").split()]

    facts = {"Russia demands of NATO": statements("country:RUS", "demands", "igo:NATO"),
             "the US rejects": statements("country:USA", "rejects"),
             "the US offers": statements("country:USA", "offers"),
             "Russia threatens": statements("country:RUS", "threatens")}
    for fact, found in facts.items():
        assert found, f"the report does not say: {fact}"
        for li in found:
            links = li.xpath(EVIDENCE)
            assert links, fact
            for link in links:
                article, start, end = link.get("data-article"), int(link.get("data-start")), int(link.get("data-end"))
                sentence = " ".join(li.xpath(".//blockquote")[links.index(link)].text_content().split())
                assert " ".join(texts[article][start:end].split()) == sentence
    # When: statements carry a day, or say they are undated; some have a day.
    days = [li.text_content() for li in tree.xpath("//li[@data-stance]")]
    assert any(re.search(r"\b20\d\d-\d\d-\d\d\b", day) for day in days)


def test_reference_report_is_small_and_offline(reference_report):
    html = reference_report.read_text(encoding="utf-8")
    assert reference_report.stat().st_size < 2 * 1024 * 1024
    assert not re.search(r'(src|href)="(https?:)?//', html.split('<section class="view" id="sources">')[0])
    assert "<link rel=\"stylesheet\"" not in html and "<script src" not in html


# ----------------------------------------------------------------------------- the commands

def test_report_command_writes_markdown_and_says_where(example_db, tmp_path):
    out = tmp_path / "sit.md"
    result = CliRunner().invoke(main, ["report", "--db", str(example_db), "--format", "md", "--out", str(out)])
    assert result.exit_code == 0 and str(out) in result.output
    assert out.read_text(encoding="utf-8").startswith("# Situation report")
    missing = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3 and "no such database" in missing.output


def test_run_writes_the_report_unless_told_not_to(tmp_path):
    source = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "001_valdoria_talks.txt"
    result = CliRunner().invoke(main, ["run", str(source), "--db", str(tmp_path / "a.duckdb")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.html").exists() and "report: " in result.output and "happenings" in result.output
    result = CliRunner().invoke(main, ["run", str(source), "--db", str(tmp_path / "b.duckdb"), "--no-report"])
    assert result.exit_code == 0 and not (tmp_path / "b.html").exists()
