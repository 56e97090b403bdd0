"""Web archives (``.warc``, ``.warc.gz``; the Common Crawl CC-NEWS layout): the HTML pages of
the response records, streamed one record at a time through the HTML path (``ingest.html``).

A crawl holds much that is no article: images and scripts, redirects and errors, records cut at
the crawler's size limit, pages of hosts the user left out, index pages with no story. Each is
a ``Skipped`` with its reason (the run counts them), never a failure; request, metadata and
warcinfo records are not pages and pass silently. A record's origin is the archive's path and
the record's WARC-Record-ID (``PATH#urn:uuid:...``), stable across runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from sitroom.ingest.files import InputError, InputFile, decode
from sitroom.ingest.html import looks_like_html, read_html
from sitroom.records import Failure, RawDoc, Skipped

HTML_TYPES = ("text/html", "application/xhtml+xml")

# Why a record is skipped, as the run summary counts them.
NOT_HTML, NOT_200, TRUNCATED = "not HTML", "status not 200", "truncated"
HOST, NO_TEXT = "host left out", "no article text"


def host_allowed(url: str | None, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """Whether a page's host passes the filters; a host names itself and its subdomains
    (``example.com`` covers ``www.example.com``)."""
    if not include and not exclude:
        return True
    host = (urlsplit(url or "").hostname or "").lower().rstrip(".")

    def covered(names: tuple[str, ...]) -> bool:
        return any(host == name or host.endswith("." + name) for name in names)

    return (not include or covered(include)) and not covered(exclude)


def iter_warc_records(item: InputFile, origin: str, max_bytes: int, include_hosts: tuple[str, ...] = (),
                      exclude_hosts: tuple[str, ...] = ()) -> Iterator[RawDoc | Failure | Skipped]:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        raise InputError(f"{item.path}: reading web archives needs FastWARC: pip install fastwarc") from None
    include = tuple(h.lower().strip(".") for h in include_hosts)
    exclude = tuple(h.lower().strip(".") for h in exclude_hosts)
    if item.path.stat().st_size == 0:
        raise InputError(f"{item.path}: empty file (0 bytes); nothing to read")
    seen_any = False
    try:
        # The file is opened here, not by name, so that no URL handler is ever involved.
        with open(item.path, "rb") as handle:
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True):
                seen_any = True
                # A record without its (required) WARC-Record-ID is named by where it starts in the file.
                name = (record.record_id or "").strip("<>") or f"offset:{record.stream_pos}"
                yield _read_record(record, f"{origin}#{name}", max_bytes, include, exclude)
    except PermissionError:
        raise InputError(f"{item.path}: permission denied; make the file readable") from None
    except OSError as exc:
        # Records read before the break were kept; say where the archive stopped.
        raise InputError(f"{item.path}: unreadable WARC ({exc}); re-download the file") from None
    if not seen_any:
        raise InputError(f"{item.path}: no WARC response records; is it a WARC file?")


def _read_record(record, origin: str, max_bytes: int, include: tuple[str, ...],
                 exclude: tuple[str, ...]) -> RawDoc | Failure | Skipped:
    url = record.headers.get("WARC-Target-URI")
    if not host_allowed(url, include, exclude):
        return Skipped(origin, HOST)
    if record.headers.get("WARC-Truncated"):  # the crawler stopped reading the page
        return Skipped(origin, TRUNCATED)
    if record.http_headers is None or record.http_headers.status_code != 200:
        return Skipped(origin, NOT_200)
    content_type = (record.http_content_type or "").lower()
    if content_type and not content_type.startswith(HTML_TYPES):
        return Skipped(origin, NOT_HTML)
    if record.content_length > max_bytes:
        return Failure(origin, "ingest", f"{origin}: a page over the size limit for one document; raise --max-size")
    payload = record.reader.read()
    if len(payload) < record.content_length:  # the archive ends inside this record
        return Skipped(origin, TRUNCATED)
    try:
        text = _page_text(payload, record.http_charset, origin)
    except InputError as exc:
        return Failure(origin, "ingest", str(exc))
    if not content_type and not looks_like_html(text):
        return Skipped(origin, NOT_HTML)
    try:
        return read_html(text, origin, url=url)
    except ValueError:
        return Skipped(origin, NO_TEXT)


def _page_text(payload: bytes, charset: str | None, origin: str) -> str:
    """The page's text in the charset its server declared, else as files are decoded."""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(payload, origin)[0]
