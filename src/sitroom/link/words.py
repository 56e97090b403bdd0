"""The words the link stage compares texts by, read once per article.

Tokens are lower-cased words; *content words* leave out function words and are crudely stemmed
("talks" and "talk" meet); sentences end at sentence punctuation before a capital, or at a
paragraph break. ``ArticleWords`` holds what copy detection and story clustering need of one
article, so that each text is read once (``features``, with the article's other stages).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sitroom.records import Article

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")
# Function words carry no content: two paraphrases share their content words, not these.
_FUNCTION_WORDS = frozenset("""a about after against all also an and any are as at be because been before being
between both but by can could did do does during each for from had has have he her his how i if in into is it its
itself may me might more most must my no nor not of on once only or other our out over own said same says she
should so some such than that the their them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))  # the whole text at once, not word by word


def content_words(text: str) -> frozenset[str]:
    """The content words of a text, crudely stemmed so that "talks" and "talk" meet."""
    return frozenset(_stems(words(text)))


def _stems(tokens: list[str]) -> dict[str, None]:
    """The stems of the content words among the tokens, each once, in the order first written."""
    return dict.fromkeys(stem_of(token) for token in tokens if token not in _FUNCTION_WORDS)


@lru_cache(maxsize=500_000)
def stem_of(word: str) -> str:
    """Interned: the link pass keeps a term table per article, and each stem is then stored once."""
    word = word.removesuffix("'s").rstrip("'")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return sys.intern(word[: -len(suffix)])
    return sys.intern(word)


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if len(s.split()) >= 4]



def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)  # the union's size counted, not built
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


@dataclass(frozen=True, slots=True)
class ArticleWords:
    paragraphs: list[list[str]]  # each paragraph's tokens
    sentences: list[frozenset[str]]  # each sentence's content words (sentences of four words or more)
    terms: Counter  # content word -> how many paragraphs (and the title, twice) use it
    surface: dict[str, str]  # content word -> the token most written for it, where the two differ

    @classmethod
    def of(cls, article: Article) -> ArticleWords:
        paragraphs = [words(p) for p in article.text.split("\n\n")]
        # Terms in the order first written (not a set's order, which changes from process to process),
        # so that the stored features are the same whichever worker read the article.
        terms: Counter = Counter()
        for tokens in paragraphs:
            terms.update(_stems(tokens).keys())
        for stem in _stems(words(article.title or "")):
            terms[stem] += 2
        # Each stem is shown as its most written token (the first written, of equally frequent ones).
        written = Counter(token for tokens in paragraphs for token in tokens if token not in _FUNCTION_WORDS)
        surface, most = {}, {}
        for token, n in written.items():  # in the order first written
            stem = stem_of(token)
            if n > most.get(stem, 0):
                most[stem], surface[stem] = n, token
        return cls(paragraphs, [content_words(s) for s in sentences(article.text)], terms,
                   {stem: sys.intern(token) for stem, token in surface.items() if token != stem})

    def terms_only(self) -> ArticleWords:
        """What story clustering keeps of the article: the terms it weighs (not the short ones, nor
        numbers) and how they are written; its tokens and sentences are let go."""
        terms = Counter({t: n for t, n in self.terms.items() if len(t) > 2 and not t.isdigit()})
        return ArticleWords([], [], terms, {t: w for t, w in self.surface.items() if t in terms})
