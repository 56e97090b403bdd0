"""The main job on the reference corpus: line-level expectations written after reading each page.

Expectations are line numbers of the input files (the corpus text itself stays in ../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.ingest import read_paths
from sitroom.pipeline import line_stats
from sitroom.clean import clean_with_lines
from sitroom.records import RawDoc
from sitroom.time import decide_from_evidence


def odd(a: int, b: int) -> list[int]:
    return list(range(a, b + 1, 2))


# file prefix -> title line, story lines (every one must be kept), dropped lines, published, page date
EXPECTED = {
    "000": dict(title=1, kept=[3] + odd(7, 57), dropped=[1, 5, 60, 62, 64, 66], published=None, page_date=None),
    "001": dict(title=1, kept=odd(3, 33), dropped=[1, 35, 38, 39, 41, 43], published=None, page_date=None),
    "002": dict(title=3, kept=odd(13, 71), dropped=[1, 3, 5, 7, 8, 9, 10, 11, 73, 75, 77],
                published="2022-01-27", page_date=None),
    "003": dict(title=4, kept=list(range(6, 71, 2)), dropped=[1, 2, 4, 72, 73, 74, 76, 79, 80, 82, 84, 86],
                published=None, page_date="2022-12-09"),
    "004": dict(title=4, kept=[n for n in range(6, 65, 2) if n != 36], dropped=[1, 2, 4, 36, 66, 67, 68, 69, 70, 73, 74],
                published=None, page_date="2022-01-24"),
}


@pytest.fixture(scope="module")
def articles(shared):
    corpus = shared("corpus", "ukraine-2022-01")
    raws = [doc for doc in read_paths([str(corpus)]) if isinstance(doc, RawDoc)]
    stats = line_stats(raws)
    results = {Path(raw.origin).name[:3]: (raw, clean_with_lines(raw, stats)) for raw in raws}
    # the publication date the page's evidence gives (clean gathers it, sitroom.time decides)
    return {key: (raw, decide_from_evidence(r.dates).applied_to(r.article)) for key, (raw, r) in results.items()}


def test_five_articles(articles):
    assert sorted(articles) == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_lines(articles, key):
    raw, article = articles[key]
    expected = EXPECTED[key]
    lines = raw.content.splitlines()
    assert article.kept_lines == expected["kept"]
    assert article.dropped_lines == expected["dropped"]
    # Every kept line is in the text once, in order, and the text holds nothing else.
    assert article.text.split("\n\n") == [lines[n - 1].strip() for n in expected["kept"]]
    assert article.title == lines[expected["title"] - 1].strip()
    assert article.title_line == expected["title"]
    assert article.title not in article.text


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_publication_date_only_where_the_evidence_supports_it(articles, key):
    _, article = articles[key]
    assert article.published == EXPECTED[key]["published"]
    assert article.published_from == ("metadata" if EXPECTED[key]["published"] else None)
    assert article.page_date == EXPECTED[key]["page_date"]
    assert article.published_note


def test_outlets_where_the_page_names_them(articles):
    for key, line in (("002", 75), ("004", 67), ("003", 74)):
        raw, article = articles[key]
        assert article.outlet and article.outlet in raw.content.splitlines()[line - 1], key
    assert articles["000"][1].outlet is None and articles["001"][1].outlet is None
