"""Finding input files and turning their bytes into text.

Every problem a user can cause (a missing path, an empty or binary file, a broken gzip, text
in no known encoding) becomes an ``InputError`` whose message is one line saying what is wrong
and what to do; the caller records it as a failure and goes on with the other files.
"""

from __future__ import annotations

import glob
import gzip
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

# Readers by extension (after any .gz). Kept here so discovery and dispatch agree.
KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
KNOWN = ", ".join(sorted(KINDS)) + " (each optionally .gz)"

DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # one article or page; .jsonl files are streamed instead


class InputError(Exception):
    """A bad input file; the message is the one line the run summary prints."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    kind: str  # "text" | "html" | "json" | "jsonl" | "unknown"
    gzipped: bool


def kind_of(path: Path) -> tuple[str, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    ext = (suffixes[-2] if gzipped and len(suffixes) > 1 else (suffixes[-1] if suffixes and not gzipped else ""))
    return KINDS.get(ext, "unknown"), gzipped


def discover(paths: Iterable[str], exclude: frozenset[Path] = frozenset()) -> Iterator[InputFile | tuple[str, InputError]]:
    """Files under the given paths: files as given, directories walked recursively (hidden
    entries and the ``exclude`` files, such as the run's own database, skipped; sorted for a
    stable order), globs expanded. Paths that do not exist come out as errors, so the run can
    report them beside the files that were read."""
    for raw in paths:
        if glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield raw, InputError(f"{raw}: the pattern matches no file; check the pattern and the working directory")
            for match in matches:
                yield from _expand(Path(match), exclude)
        else:
            yield from _expand(Path(raw), exclude)


def _expand(path: Path, exclude: frozenset[Path]) -> Iterator[InputFile | tuple[str, InputError]]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                file = Path(root) / name
                if not name.startswith(".") and Path(os.path.abspath(file)) not in exclude:
                    yield _input_file(file)
    elif path.exists():
        yield _input_file(path)
    elif path.is_symlink():
        yield str(path), InputError(f"{path}: broken symbolic link (its target does not exist); fix or remove the link")
    else:
        yield str(path), InputError(f"{path}: no such file or directory; check the path")


def _input_file(path: Path) -> InputFile:
    kind, gzipped = kind_of(path)
    return InputFile(path, kind, gzipped)


def read_bytes(item: InputFile, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, un-gzipped; raises InputError for anything unreadable or too large."""
    path = item.path
    if item.kind == "unknown":
        raise InputError(f"{path}: unknown file type; sitroom reads {KNOWN}; rename it or convert it")
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError(f"{path}: empty file (0 bytes); nothing to read")
        if size > max_bytes and not item.gzipped:
            raise InputError(f"{path}: {_mb(size)}, over the {_mb(max_bytes)} limit for one document; "
                             f"split it (.jsonl files are streamed without limit) or raise --max-size")
        if not item.gzipped:
            return path.read_bytes()
        with gzip.open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{path}: broken symbolic link (its target does not exist); fix or remove the link") from None
        raise InputError(f"{path}: no such file or directory; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"{path}: truncated or corrupt gzip ({exc}); re-download or re-compress the file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc}); check the file") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: over {_mb(max_bytes)} once un-gzipped, the limit for one document; "
                         f"split it or raise --max-size")
    if not data:
        raise InputError(f"{path}: empty once un-gzipped; nothing to read")
    return data


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# A UTF-8 multi-byte sequence: if a file has these *and* invalid bytes, it is broken UTF-8,
# not text in some other encoding, and decoding it as cp1252 would silently garble it.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes, origin: str) -> tuple[str, str]:
    """Bytes to text, and the encoding used. UTF-8 (with or without BOM) and UTF-16 with a BOM
    first; otherwise the encoding charset-normalizer finds, when the bytes hold no UTF-8 at all."""
    if _looks_binary(data):
        raise InputError(f"{origin}: binary file, not text, HTML or JSON; remove it from the input or convert it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise InputError(f"{origin}: invalid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x}) in an otherwise "
                             f"UTF-8 file; repair the file or re-save it as UTF-8") from None
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{origin}: not UTF-8 and no known encoding fits; re-save the file as UTF-8")
    return str(best), best.encoding


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05
