"""Content spans: a cue's complement, clipped to its paragraph and trimmed."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.quotes.cues import coordinated_cue, has_possible_source, is_according, is_cue_verb

# Conjunctions after which a coordinated clause is the reporter's narration, not the reported words
# ("X has said the troops are no threat but has refused to pull them back").
CONTRASTING = frozenset({"but", "yet"})
# Words that open a sentence; capitalised in the middle of one (and outside a name) they show a
# sentence whose full stop was lost ("… for now The ministry gave no date"), as on flattened pages.
SENTENCE_OPENERS = frozenset({"the", "a", "an", "he", "she", "it", "they", "we", "but", "and", "however", "this",
                              "these", "those", "meanwhile", "there", "in", "on", "at", "his", "her", "its", "their"})
# Subordinating conjunctions: a cue after one is in a subordinate clause ("Although X has denied …,").
SUBORDINATORS = frozenset({"although", "though", "while", "whereas", "because", "since", "as", "if", "unless",
                           "even", "despite", "after", "before", "when", "once"})


def complement_span(child: Token) -> tuple[int, int]:
    """The complement's words, where the reported clause ends: not after a participial cue that
    follows it, a contrasting "but" that coordinates another clause, or a sentence break the
    parse missed; without a dangling conjunction or adverb at the end ("…, but also")."""
    toks = [t for t in child.subtree]
    cuts = [t.i for t in toks if t.i > child.i and (
        # "… was mixed, noting that …": a participial cue inside is a report of its own.
        (t.dep_ == "advcl" and t.tag_ == "VBG" and is_cue_verb(t))
        or _contrasting_clause(t, child) or _new_sentence(t, toks[0]))]
    # "X said [it had counted … and accused Y of …]": the speaker's next act ends the reported clause.
    cuts += [_conjunction_before(t) for t in toks if coordinated_cue(t, child)]
    if cuts:
        toks = [t for t in toks if t.i < min(cuts)]
    while len(toks) > 1 and (toks[-1].dep_ in {"cc", "punct"} or toks[-1].dep_ == "advmod" and toks[-2].dep_ in {"cc", "punct"}):
        toks.pop()
    first, last = toks[0], toks[-1]
    return first.idx, last.idx + len(last)


def _contrasting_clause(tok: Token, root: Token) -> bool:
    """A "but"/"yet" the parse put inside the reported clause although the verb after it is the
    speaker's ("X has said [the troops are no threat] but has refused to pull them back"): that
    verb has no subject of its own and agrees in number with the speaker, not with the reported
    clause's subject. A verb after "but" that may belong to either stays in the quote."""
    if tok.dep_ != "cc" or tok.lower_ not in CONTRASTING or tok.head.i != root.i:
        return False
    verbs = [c for c in root.children if c.dep_ == "conj" and c.i > tok.i and c.pos_ in {"VERB", "AUX"}]
    if not verbs or any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verbs[0].children):
        return False
    number = _verb_number(verbs[0])
    speaker = next((c for c in root.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None) \
        if root.dep_ == "ccomp" else None
    reported = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if number is None or speaker is None or reported is None:
        return False
    return _noun_number(speaker) == number != _noun_number(reported)


def _verb_number(verb: Token) -> str | None:
    """"singular" or "plural" from a finite verb's form ("has", "is", "was" / "have", "are",
    "were"), its auxiliaries first; None for forms that do not say ("had", "would", "said")."""
    for tok in [c for c in verb.children if c.dep_ in {"aux", "auxpass"}] + [verb]:
        if tok.lower_ in {"was", "wasn't"} or tok.tag_ == "VBZ":
            return "singular"
        if tok.lower_ in {"were", "weren't"} or tok.tag_ == "VBP":
            return "plural"
        if tok.tag_ in {"MD", "VBD"}:
            return None
    return None


def _noun_number(noun: Token) -> str | None:
    if any(c.dep_ == "conj" for c in noun.children) or noun.tag_ in {"NNS", "NNPS"} or \
            noun.lower_ in {"they", "we", "these", "those"}:
        return "plural"
    if noun.tag_ in {"NN", "NNP"} or noun.lower_ in {"he", "she", "it", "this"}:
        return "singular"
    return None


def _conjunction_before(tok: Token) -> int:
    """Where a coordinated verb's part starts: its "and"/"but" (and a comma before it), else itself."""
    i = tok.i
    for c in tok.head.children:
        if c.dep_ == "cc" and c.i < tok.i:
            i = min(i, c.i) if c.i > tok.head.i else i
    return i


def _new_sentence(tok: Token, first: Token) -> bool:
    """Whether ``tok`` opens a sentence the parse ran on into: after a full stop, or a capitalised
    sentence opener mid-sentence right after a word (not a name: "The Hague")."""
    if tok.i <= first.i + 1 or not tok.is_title:
        return False
    before = tok.doc[tok.i - 1]
    if before.text in {".", "!", "?"}:
        return True
    return tok.lower_ in SENTENCE_OPENERS and tok.ent_iob_ == "O" and before.is_alpha and not before.is_title


def reports_main_clause(cue: Token, complement: Token) -> bool:
    """Whether a cue in a subordinate clause ("Although X has denied plans to …, officials are
    concerned …") has the main clause for complement: the parse's mistake, found by the comma
    that closes the subordinate clause between the cue and the complement."""
    if not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in cue.children):
        return False
    return complement.i > cue.i and any(t.text == "," for t in cue.doc[cue.i + 1 : complement.left_edge.i + 1])


def only_marks(text: str) -> bool:
    return all(not c.isalnum() for c in text)


def trim_end(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and spaces at the end of a content span (quote marks stay)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    if end < len(text) and text[end] == ")" and text.count("(", start, end) > text.count(")", start, end):
        end += 1  # "(for now)": the bracket the span opened closes inside it
    return end


def clip_to_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a span inside the paragraph that holds ``anchor`` (a parse may run across lines)."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(start, para_start), min(end, para_end)
    while start < end and text[start].isspace():
        start += 1
    return start, max(start, end)


def _span_without(head: Token, inner: Token) -> tuple[int, int]:
    """From the first to the last word of ``head``'s subtree that is not in ``inner``'s subtree
    (an inner phrase in the middle stays inside the span)."""
    skip = {t.i for t in inner.subtree}
    toks = [t for t in head.subtree if t.i not in skip and not (t.is_punct or t.is_space)]
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _merge_touching(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join spans with nothing but spaces between them (one clause the parser cut in two)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def indirect_spans(tok: Token, text: str) -> list[tuple[int, int]]:
    """Candidate content spans for an indirect quote whose cue is ``tok``."""
    if is_according(tok):
        return [_span_without(tok.head, tok)] if tok.head.i != tok.i else []
    if not is_cue_verb(tok) or not has_possible_source(tok):
        return []  # "the pressure suggests …": nobody speaks
    # Every clausal complement: "X said Y warned that …" reports what Y said as well.
    complements = [c for c in tok.children if c.dep_ == "ccomp" and not reports_main_clause(tok, c)]
    # A complement that opens a sentence the parse ran on into is not this cue's.
    complements = [c for c in complements if not (c.i > tok.i and _new_sentence(c.left_edge, tok))]
    if complements:
        return _merge_touching(sorted(complement_span(c) for c in complements), text)
    if tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"}:
        # "The plan, she said, would work": the clause around the parenthetical cue.
        return [_span_without(tok.head, tok)]
    return []
