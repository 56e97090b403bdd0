"""JSON and JSON Lines: one article per object, field names configurable."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sitroom.ingest.files import InputError, InputFile, decode
from sitroom.ingest.html import looks_like_html, read_html
from sitroom.records import Failure, RawDoc


@dataclass(frozen=True, slots=True)
class JsonFields:
    """Which keys of a JSON object hold the article's parts."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    date: str = "date"


def record_to_rawdoc(record: Any, origin: str, fields: JsonFields) -> RawDoc | Failure:
    if not isinstance(record, dict):
        return Failure(origin, "ingest", f"{origin}: a JSON {type(record).__name__}, not an object; each article must be an object")
    body = record.get(fields.text)
    if not isinstance(body, str) or not body.strip():
        present = ", ".join(sorted(map(str, record))[:8]) or "none"
        return Failure(origin, "ingest", f"{origin}: no text in field '{fields.text}' (fields present: {present}); "
                                         f"name the right one with --text-field")
    url = _str_or_none(record.get(fields.url))
    if looks_like_html(body):
        try:
            doc = read_html(body, origin, url=url)
        except ValueError as exc:
            return Failure(origin, "ingest", str(exc))
    else:
        doc = RawDoc(origin=origin, content=body, kind="text", url=url)
    # What the record says outright wins over what was read off the page.
    return replace(doc, title=_str_or_none(record.get(fields.title)) or doc.title,
                   published=_str_or_none(record.get(fields.date)) or doc.published)


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def json_problem(exc: json.JSONDecodeError) -> str:
    """What is wrong, in words that stand alone (the decoder's message ends in "at" and relies on
    the position that follows it)."""
    message = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    message = message[0].lower() + message[1:]
    if message.startswith("invalid control character"):
        bad = exc.doc[exc.pos] if exc.pos < len(exc.doc) else ""
        message += f" ({bad!r} inside a string: write it escaped, e.g. \\n for a line break)"
    return message


def iter_json_records(text: str, origin: str) -> Iterator[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: invalid JSON at line {exc.lineno}, column {exc.colno}: {json_problem(exc)}; "
                         f"fix the file (one object, or a list of objects)") from None
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InputError(f"{origin}: an empty JSON list; nothing to read")
    yield from enumerate(records)


def iter_jsonl_records(item: InputFile, origin: str, fields: JsonFields, max_bytes: int) -> Iterator[RawDoc | Failure]:
    path = item.path
    if path.stat().st_size == 0:
        raise InputError(f"{path}: empty file (0 bytes); nothing to read")
    opener = gzip.open if item.gzipped else open
    seen_any = False
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                seen_any = True
                where = f"{origin}#L{number}"
                if len(raw) > max_bytes:
                    yield Failure(where, "ingest", f"{path} line {number}: a record over the size limit; split it or raise --max-size")
                    continue
                try:
                    line, _ = decode(raw, f"{path} line {number}")
                    record = json.loads(line)
                except InputError as exc:
                    yield Failure(where, "ingest", str(exc))
                    continue
                except json.JSONDecodeError as exc:
                    yield Failure(where, "ingest", f"{path} line {number}, column {exc.colno}: invalid JSON: "
                                                   f"{json_problem(exc)}; each line must be one JSON object")
                    continue
                yield record_to_rawdoc(record, where, fields)
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        # Records read before the break were kept; say where the file stopped.
        raise InputError(f"{path}: truncated or corrupt gzip ({exc}); re-download or re-compress the file") from None
    if not seen_any:
        raise InputError(f"{path}: no JSON records (only blank lines); nothing to read")
