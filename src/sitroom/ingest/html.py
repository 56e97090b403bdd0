"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import re

import trafilatura

from sitroom.records import RawDoc

# Reader comments are not part of the article; keeping them out is also what makes our HTML
# path more precise than trafilatura's defaults (see `sitroom eval extraction`).
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True}


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or bool(re.search(r"<(body|p|div|article)[\s>]", head))


def read_html(html: str, origin: str, url: str | None = None) -> RawDoc:
    """One RawDoc from a page: the extracted main text (paragraphs on their own lines) and the
    page's own metadata. Raises ValueError when the page holds no extractable text."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    text = (doc.text if doc is not None else "") or ""
    if not text.strip():
        raise ValueError(f"{origin}: no article text found in the HTML; is it a page with an article?")
    return RawDoc(
        origin=origin,
        content=text,
        kind="html",
        title=doc.title or None,
        url=doc.url or url,
        published=doc.date or None,
        outlet=doc.sitename or None,
        author=doc.author or None,
    )
