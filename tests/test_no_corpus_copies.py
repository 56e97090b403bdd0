"""The project holds only what we wrote: no run of words from the reference corpus's articles.

Examples in comments, documentation and test sentences are invented; a test that checks what the
corpus yields reads it from ../shared at run time. Generic page furniture (comment forms, "related
articles") and organisation names are no copies of the articles and are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = 7  # words in a row that make a copy
SUFFIXES = {".py", ".yaml", ".yml", ".tsv", ".csv", ".md", ".txt", ".j2", ".js", ".json", ".jsonl", ".html"}
FOLDERS = ("src", "tests", "docs", "examples")
ALLOWED = (  # furniture every comment form carries, and an organisation's full name
    "related articles leave a reply your email address will not be published",
    "organization for security and cooperation in europe",
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _project_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    return files


def test_no_run_of_words_from_the_reference_corpus(corpus_dir):
    corpus = set()
    for page in corpus_dir.iterdir():
        corpus |= _runs(_words(page.read_text(encoding="utf-8", errors="replace")))
    allowed = set().union(*(_runs(_words(phrase)) for phrase in ALLOWED))
    copies = {}
    for path in _project_files():
        found = (_runs(_words(path.read_text(encoding="utf-8", errors="replace"))) & corpus) - allowed
        if found:
            copies[str(path.relative_to(ROOT))] = sorted(" ".join(run) for run in found)[:3]
    assert not copies, f"words copied from the reference corpus (write invented examples): {copies}"
