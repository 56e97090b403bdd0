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
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

# Readers by extension (after any .gz). Kept here so discovery and dispatch agree.
KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
         ".warc": "warc"}
KNOWN = ", ".join(sorted(KINDS)) + " (each optionally .gz)"

DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # one article or page; .jsonl and .warc files are streamed instead
MULTI_DOCUMENT = frozenset({"json", "jsonl", "warc"})  # kinds of file that hold many articles


class InputError(Exception):
    """A bad input file; the message is the one line the run summary prints."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    kind: str  # "text" | "html" | "json" | "jsonl" | "warc" | "unknown"
    gzipped: bool


def kind_of(path: Path) -> tuple[str, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    ext = (suffixes[-2] if gzipped and len(suffixes) > 1 else (suffixes[-1] if suffixes and not gzipped else ""))
    return KINDS.get(ext, "unknown"), gzipped


def discover(paths: Iterable[str], exclude: frozenset[Path] = frozenset()) -> Iterator[InputFile | tuple[str, InputError]]:
    """Files under the given paths: files as given, directories walked recursively (hidden
    entries and the ``exclude`` files and folders, such as the run's own database, skipped; sorted for a
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
            dirs[:] = sorted(d for d in dirs
                             if not d.startswith(".") and Path(os.path.abspath(Path(root) / d)) not in exclude)
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
    return _decode_legacy(data, origin)


# The legacy encoding of most of the English-language web: tried first because the statistical
# guess cannot tell one Latin code page from another on a few accented letters.
_FIRST_LEGACY = "cp1252"


def _decode_legacy(data: bytes, origin: str) -> tuple[str, str]:
    """A single-byte legacy encoding, but only one under which the whole file reads as natural
    text: a few stray bytes in an ASCII file fit some code page only as letters of another script
    or case inside English words, which is damage, not an encoding, and must not be stored."""
    candidates: list[tuple[str, str]] = []
    try:
        candidates.append((data.decode(_FIRST_LEGACY), _FIRST_LEGACY))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        candidates.append((str(best), best.encoding))
    for text, encoding in candidates:
        if reads_naturally(text):
            return text, encoding
    bad = next(i for i, b in enumerate(data) if b >= 0x80)
    line = data.count(b"\n", 0, bad) + 1
    raise InputError(f"{origin}: invalid UTF-8 at byte {bad} (0x{data[bad]:02x}, line {line}), and no legacy "
                     f"encoding reads the file as natural text; repair the file or re-save it as UTF-8")


_LETTERS = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK, ARABIC, ...)."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _odd_word(word: str) -> bool:
    if len({_script(c) for c in word}) > 1:  # "cafй": a Cyrillic letter inside a Latin word
        return True
    if any(c.isupper() and not c.isascii() and prev.islower() for prev, c in zip(word, word[1:])):
        return True  # "resumÐd": a capital inside a lower-case word
    # "Ïåðåãîâîðû": Latin words are mostly plain letters; a Cyrillic file read as Latin is not.
    return _script(word[0]) == "LATIN" and len(word) >= 3 and sum(not c.isascii() for c in word) > len(word) / 2


def reads_naturally(text: str) -> bool:
    """Whether the words holding non-ASCII letters look like words of one writing system, and the
    text holds no C1 control characters (bytes 0x80-0x9f read as Latin-1)."""
    if any("\x80" <= c <= "\x9f" for c in text):
        return False
    words = [w for w in _LETTERS.findall(text) if not w.isascii()]
    return sum(map(_odd_word, words)) <= 0.1 * len(words)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05
