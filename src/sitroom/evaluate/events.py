"""``sitroom eval events``: the events coder on three sets, each beside a simple baseline run the same way.

1. PLOVER GSR (``PLOVER_GSR_CAMEO.txt``; the DOCUMENT records skipped): one gold event per record.
   - Type accuracy: the coder's *main* event (the one whose trigger stands highest in the parse, ties to the
     more confident) must have the gold type. No event is wrong. Old type names are mapped to PLOVER 1.0
     (``OLD_TYPES``). Also shown: the share of records where any of the coder's events has the gold type.
   - Source and target country accuracy: each gold actor with a code counts once; it is right when the
     coder's event for the record (its event of the gold type, else its main event) lists an actor of that
     country in the same role (codes judged as in ``sitroom eval actors``: CAMEO JAP/ITL read as ISO, IGO
     right for an IGO or a person holding an IGO role). No event, or no actor of that country, is wrong.
2. ConfliBERT training sentences (``conflibert-train``): five classes and BIO source/target spans.
   - Macro-F1 over the classes 0 statement/appeal, 1 verbal cooperation, 2 material cooperation, 3 verbal
     conflict, 4 material conflict, the coder's class being that of its main event's CAMEO root
     (``penta_class``); no event is class 0. The rules were not fitted on this set; the baseline classifier is,
     so its figure is 5-fold cross-validated.
   - Token F1 of source (S) and target (T) words: the tokens inside the main event's source (target) spans,
     resolved or not, against the gold B-/I- tokens, micro-averaged over all sentences. Printed a second time
     over the sentences whose annotation marks the role, tokens tagged R left out: R tags both parties of a
     reciprocal event ("X met Y") as neither source nor target, and runs of sentences are tagged with a source
     only (an attack on named soldiers with no T), so that all-sentence figure counts a found target there as
     wrong. Both are printed; the first is the strict one. A third reading keeps all sentences and
     counts the R words the coder puts in a role neither right nor wrong: PLOVER codes a meeting with a source
     and a target, so "X met Y" coded X -> Y is the codebook's reading, not an error, though the set tags both R.
3. The reference corpus: a hand-labelled sample of sentences (``--reference``, a YAML file of article file
   names, sentence offsets in the cleaned text, and for each sentence every event a careful coder would code:
   type, source and target actor ids, date). Precision and recall of events in those sentences, negated events
   left out on both sides: an event is matched when it has the gold type; "with actors" also asks for a shared
   source and a shared target (when the gold names them; compared as countries or organisations, so a foreign
   minister and his country:XYZ/GOV are both that country) and the gold date when one is given.

The baseline: the subject and object of the sentence's root verb as source and target (the actors stage's
mentions under them), and a naive Bayes bag-of-words classifier for the type (fitted on ngec-synthetic for
PLOVER types, cross-validated on conflibert-train for its classes).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from spacy.tokens import Doc

from sitroom.code import Item, analyse_texts
from sitroom.datasets import shared_root
from sitroom.evaluate import _bow
from sitroom.evaluate._metrics import PRF, ratio
from sitroom.evaluate.actors import gold_actors, judge_country
from sitroom.evaluate import _events_sets as sets
from sitroom.events.roles import tokens_between
from sitroom.records import Actor, Event

# PLOVER 0.x names in the GSR -> PLOVER 1.0: DEMAND became REQUEST; DISAPPROVE and INVESTIGATE were merged into
# ACCUSE (as its disapprove and investigate modes); FIGHT (conventional military force) was merged into ASSAULT.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
PENTA = ("0", "1", "2", "3", "4")
# The hand-labelled reference sample is a test fixture of the checkout (src/sitroom/evaluate/events.py -> root).
REFERENCE_LABELS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "events_reference.yaml"


def penta_class(cameo: str | None) -> str:
    """The ConfliBERT classes, read off the set's own sentences (appeals such as "called on X to" are 0,
    imposed sanctions, expulsions and aid cuts (16) are 3): 0 for CAMEO 01-02 and no event, 1 for 03-05,
    2 for 06-08, 3 for 09-13 and 16, 4 for 14-15 and 17-20."""
    if not cameo:
        return "0"
    root = int(cameo[:2])
    if root <= 2:
        return "0"
    if root <= 5:
        return "1"
    if root <= 8:
        return "2"
    if root <= 13 or root == 16:
        return "3"
    return "4"


def main_event(events: list[Event], doc: Doc) -> Event | None:
    """The event whose trigger stands highest in the parse; ties to the more confident, then the first."""
    def depth(event: Event) -> int:
        tokens = tokens_between(doc, event.trigger[0], event.trigger[1])
        return min((sum(1 for _ in t.ancestors) for t in tokens), default=99)
    ranked = sorted(events, key=lambda e: (depth(e), -e.confidence, e.trigger[0]))
    return ranked[0] if ranked else None


# ---- the baseline -------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Guess:
    """What the baseline makes of a sentence."""

    type: str | None
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source_tokens: set[int] = field(default_factory=set)
    target_tokens: set[int] = field(default_factory=set)


def root_roles(doc: Doc, mentions_by_token: dict[int, str]) -> Guess:
    """The root verb's subject and object (or first prepositional object) phrases, with their actors."""
    guess = Guess(None)
    sent = next(iter(doc.sents), None)
    if sent is None:
        return guess
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    obj = next((c for c in root.children if c.dep_ in ("dobj", "dative")), None)
    if obj is None:
        obj = next((o for p in root.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"), None)
    for token, actors, tokens in ((subject, guess.source, guess.source_tokens), (obj, guess.target, guess.target_tokens)):
        if token is None:
            continue
        for word in token.subtree:
            tokens.add(word.i)
            actor = mentions_by_token.get(word.i)
            if actor and actor not in actors:
                actors.append(actor)
    return guess


def mentions_by_token(doc: Doc, processed: Any) -> dict[int, str]:
    found: dict[int, str] = {}
    if processed is None:
        return found
    for mention in processed.mentions:
        if mention.actor is None:
            continue
        for token in tokens_between(doc, mention.start, mention.end):
            found.setdefault(token.i, mention.actor)
    return found


# ---- 1. PLOVER GSR ------------------------------------------------------------------------------------------

def gsr(data: Path, dictionary: Any, type_model: _bow.NaiveBayes) -> dict[str, Any]:
    records = [r for r in json.loads((data / "plover" / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
               if r.get("event") != "DOCUMENT" and isinstance(r.get("text"), str)]
    items = [Item(r.get("id", str(i)), r["text"], None, i) for i, r in enumerate(records)]
    tally: Counter[str] = Counter()
    errors: list[str] = []
    for record, (item, doc, processed, events) in zip(records, analyse_texts(items, dictionary)):
        gold = OLD_TYPES.get(record["event"], record["event"])
        actors = {a.id: a for a in processed.actors} if processed else {}
        main = main_event(events, doc)
        matched = next((e for e in sorted(events, key=lambda e: e is not main) if e.type == gold), main)
        guess = root_roles(doc, mentions_by_token(doc, processed))
        guess.type = type_model.predict(record["text"])
        tally["records"] += 1
        tally["type_right"] += main is not None and main.type == gold
        tally["type_any"] += any(e.type == gold for e in events)
        tally["no_event"] += main is None
        tally["baseline_type_right"] += guess.type == gold
        if main is not None and main.type != gold:
            tally["wrong_type_but_found_elsewhere" if any(e.type == gold for e in events) else "wrong_type"] += 1
            errors.append(f"{record.get('id')}\ttype\tgold={gold}\tgot={main.type} {main.cameo}")
        elif main is None:
            errors.append(f"{record.get('id')}\ttype\tgold={gold}\tgot=no event")
        for actor in gold_actors(record):
            if actor.code is None:
                continue
            role = actor.role
            ids = (matched.source if role == "source" else matched.target) if matched else []
            right = any(judge_country(actor.code, actors.get(a) or _bare(a)) for a in ids)
            tally[f"{role}_total"] += 1
            tally[f"{role}_right"] += right
            base_ids = guess.source if role == "source" else guess.target
            tally[f"baseline_{role}_right"] += any(judge_country(actor.code, actors.get(a) or _bare(a)) for a in base_ids)
            if not right:
                known = any(judge_country(actor.code, a) for a in actors.values())
                cause = "no event" if matched is None else "role" if known else "actors stage"
                tally[f"{role}_error_{cause}"] += 1
                errors.append(f"{record.get('id')}\t{role}\tgold={actor.code} {actor.text!r}\tgot={ids}\t({cause})")
    return {"tally": dict(tally), "errors": errors}


def _bare(actor_id: str) -> Actor:
    country = actor_id[8:11] if actor_id.startswith("country:") else None
    kind = actor_id.split(":", 1)[0]
    return Actor(actor_id, actor_id, kind, country=country)


# ---- 2. ConfliBERT ------------------------------------------------------------------------------------------

def conflibert(data: Path, dictionary: Any) -> dict[str, Any]:
    folder = data / "conflibert-train"
    rows = sets.conflibert_classes(folder / "cameo_class_train.tsv")
    items = [Item(i, text, None, i) for i, (text, _) in enumerate(rows)]
    gold = [label for _, label in rows]
    coder = []
    for item, doc, processed, events in analyse_texts(items, dictionary):
        main = main_event(events, doc)
        coder.append(penta_class(main.cameo if main else None))
    baseline = _bow.cross_validated([text for text, _ in rows], gold)
    spans = sets.conflibert_spans(folder / "cameo_ner_train.txt")
    counts: Counter[str] = Counter()
    errors: list[str] = []
    items = [Item(i, sentence.text, None, i) for i, sentence in enumerate(spans)]
    for sentence, (item, doc, processed, events) in zip(spans, analyse_texts(items, dictionary)):
        main = main_event(events, doc)
        guess = root_roles(doc, mentions_by_token(doc, processed))
        reciprocal = sentence.tagged("R")
        for role, tag in (("source", "S"), ("target", "T")):
            gold_tokens = sentence.tagged(tag)
            found = set()
            if main is not None:
                for start, end in (main.source_spans + main.source_unresolved if role == "source"
                                   else main.target_spans + main.target_unresolved):
                    found |= sentence.tokens_in(start, end)
            base = set()
            for i in (guess.source_tokens if role == "source" else guess.target_tokens):
                base |= sentence.tokens_in(doc[i].idx, doc[i].idx + len(doc[i].text))
            if found != gold_tokens - reciprocal:
                errors.append(_span_error(item.id, role, sentence, gold_tokens, found, main))
            for who, predicted in (("coder", found), ("baseline", base)):
                counts[f"{who}_{tag}_tp"] += len(predicted & gold_tokens)
                counts[f"{who}_{tag}_fp"] += len(predicted - gold_tokens)
                counts[f"{who}_{tag}_fn"] += len(gold_tokens - predicted)
                # All sentences again, the R words put in the role counted neither right nor wrong (docstring, 2).
                counts[f"{who}_{tag}_r_tp"] += len(predicted & gold_tokens)
                counts[f"{who}_{tag}_r_fp"] += len((predicted - reciprocal) - gold_tokens)
                counts[f"{who}_{tag}_r_fn"] += len(gold_tokens - predicted)
                if gold_tokens:  # the sentences whose annotation marks this role (see ANNOTATED below)
                    predicted = predicted - reciprocal
                    counts[f"{who}_{tag}_a_tp"] += len(predicted & gold_tokens)
                    counts[f"{who}_{tag}_a_fp"] += len(predicted - gold_tokens)
                    counts[f"{who}_{tag}_a_fn"] += len(gold_tokens - predicted)
            counts[f"{tag}_annotated"] += bool(gold_tokens)
        counts["reciprocal_only"] += bool(reciprocal) and not sentence.tagged("S") and not sentence.tagged("T")
    tokens = {}
    for who in ("coder", "baseline"):
        for tag in ("S", "T"):
            for variant in ("", "_a", "_r"):
                tp, fp, fn = (counts[f"{who}_{tag}{variant}_{k}"] for k in ("tp", "fp", "fn"))
                tokens[f"{who}_{tag}{variant}"] = PRF.of(ratio(tp, tp + fp), ratio(tp, tp + fn)).as_dict()
    return {
        "sentences": len(rows), "span_sentences": len(spans),
        "coder_macro_f1": round(_bow.macro_f1(gold, coder, PENTA), 4),
        "baseline_macro_f1": round(_bow.macro_f1(gold, baseline, PENTA), 4),
        "coder_confusion": Counter(f"{g}->{p}" for g, p in zip(gold, coder) if g != p).most_common(8),
        "tokens": tokens, "annotated": {"S": counts["S_annotated"], "T": counts["T_annotated"],
                                          "R_only": counts["reciprocal_only"]},
        "errors": errors,
    }


def _span_error(number: Any, role: str, sentence: "sets.SpanSentence", gold: set[int], found: set[int],
                main: Event | None) -> str:
    """One line per sentence and role where the coder's words differ from the annotation: the words missed
    (gold only) and the words added (coder only), with the main event."""
    def words(tokens: set[int]) -> str:
        return " ".join(sentence.text[slice(*sentence.spans[i])] for i in sorted(tokens)) or "-"
    coded = f"{main.type} {main.cameo}" if main is not None else "no event"
    return (f"conflibert#{number}\t{role}\tmissed={words(gold - found)!r}\tadded={words(found - gold)!r}\t"
            f"[{coded}]\t{sentence.text}")


# ---- 3. the reference corpus --------------------------------------------------------------------------------

def reference(corpus: Path, labels: Path, dictionary: Any, type_model: _bow.NaiveBayes) -> dict[str, Any]:
    gold = sets.reference_labels(labels)
    articles = sets.reference_articles(corpus, dictionary)
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for name, sentences in gold.items():
        if name not in articles:
            counts["articles_missing"] += 1
            continue
        article, events, doc, actors = articles[name]
        for sentence in sentences:
            if not sentence.matches(article.text):
                counts["sentences_changed"] += 1
                continue
            counts["sentences"] += 1
            # Negated events are left out on both sides: the sample records what happened or was claimed.
            predicted = [e for e in events if sentence.start <= e.trigger[0] < sentence.end and not e.negated]
            guess_type = _baseline_sentence(doc, sentence, type_model)
            for level in ("type", "full"):
                used: set[int] = set()
                for expected in sentence.events:
                    hit = next((i for i, e in enumerate(predicted) if i not in used and expected.matches(e, level, actors)), None)
                    counts[f"{level}_gold"] += 1
                    if hit is not None:
                        used.add(hit)
                        counts[f"{level}_found"] += 1
                    elif level == "full":
                        misses.append(f"{name}@{sentence.start}\tmissed {expected.describe()}")
                counts[f"{level}_predicted"] += len(predicted)
                counts[f"{level}_right"] += len(used)
                if level == "full":
                    misses.extend(f"{name}@{sentence.start}\textra {_describe(e)}"
                                  for i, e in enumerate(predicted) if i not in used)
            counts["baseline_gold"] += len(sentence.events)
            counts["baseline_predicted"] += guess_type is not None
            counts["baseline_right"] += guess_type is not None and any(e.type == guess_type for e in sentence.events)
    result: dict[str, Any] = {"sentences": counts["sentences"], "changed": counts["sentences_changed"],
                              "articles_missing": counts["articles_missing"], "misses": misses}
    for level in ("type", "full"):
        result[level] = PRF.of(ratio(counts[f"{level}_right"], counts[f"{level}_predicted"]),
                               ratio(counts[f"{level}_found"], counts[f"{level}_gold"])).as_dict()
    result["baseline_type"] = PRF.of(ratio(counts["baseline_right"], counts["baseline_predicted"]),
                                     ratio(counts["baseline_right"], counts["baseline_gold"])).as_dict()
    result["gold_events"] = counts["type_gold"]
    result["predicted_events"] = counts["type_predicted"]
    return result


def _describe(event: Event) -> str:
    return f"{event.type} {','.join(event.source) or '-'} -> {','.join(event.target) or '-'} {event.date or ''}".strip()


def _baseline_sentence(doc: Doc, sentence: "sets.ReferenceSentence", type_model: _bow.NaiveBayes) -> str | None:
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("VERB", "AUX"):
        return None
    return type_model.predict(span.text)


# ---- the command --------------------------------------------------------------------------------------------

@click.command(name="events")
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Folder holding plover/, conflibert-train/ and ngec-synthetic/ [default: shared/data/events beside "
                   "the checkout].")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The reference corpus [default: shared/corpus/ukraine-2022-01 beside the checkout].")
@click.option("--reference", "labels", type=click.Path(path_type=Path), default=None,
              help="The hand-labelled sample of the reference corpus [default: the checkout's "
                   "tests/fixtures/events_reference.yaml].")
@click.option("--only", type=click.Choice(["gsr", "conflibert", "reference"]), multiple=True,
              help="Run only these sets (default: all three).")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@click.option("--errors", is_flag=True, help="List what the coder got wrong (on stderr): GSR misses, ConfliBERT "
              "sentences whose source or target words differ from the annotation (the words missed and added), and "
              "the reference sample's gold events not found (missed) and coded events matching none (extra).")
def command(data: Path | None, corpus: Path | None, labels: Path | None, only: tuple[str, ...], as_json: bool,
            errors: bool) -> None:
    """PLOVER GSR type and actor accuracy, ConfliBERT class macro-F1 and span F1, and precision/recall on the
    hand-labelled reference sample, each beside a root-verb + bag-of-words baseline."""
    from sitroom.actors import ActorDictionary

    # Defaults found from the checkout, not the current directory, so the command runs from anywhere.
    data = data if data is not None else shared_root() / "data" / "events"
    corpus = corpus if corpus is not None else shared_root() / "corpus" / "ukraine-2022-01"
    labels = labels if labels is not None else REFERENCE_LABELS
    wanted = set(only or ("gsr", "conflibert", "reference"))
    needed = {"gsr": data / "plover" / "PLOVER_GSR_CAMEO.txt", "conflibert": data / "conflibert-train",
              "reference": corpus}
    for name in sorted(wanted):
        if not needed[name].exists():
            raise click.ClickException(f"{needed[name]} not found; pass --data/--corpus or leave out --only {name}")
    if "reference" in wanted and not labels.is_file():
        raise click.ClickException(f"{labels} not found; pass --reference FILE")
    dictionary = ActorDictionary.load()
    started = time.perf_counter()
    type_model = None
    if wanted & {"gsr", "reference"}:
        texts, types = sets.ngec_stories(data / "ngec-synthetic")
        type_model = _bow.NaiveBayes().fit(texts, types)
    result: dict[str, Any] = {}
    if "gsr" in wanted:
        assert type_model is not None
        result["gsr"] = gsr(data, dictionary, type_model)
    if "conflibert" in wanted:
        result["conflibert"] = conflibert(data, dictionary)
    if "reference" in wanted:
        assert type_model is not None
        result["reference"] = reference(corpus, labels, dictionary, type_model)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if errors:
        for line in (result.get("gsr", {}).get("errors", []) + result.get("conflibert", {}).get("errors", [])
                     + result.get("reference", {}).get("misses", [])):
            click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk not in ("errors", "misses")}
                                   if isinstance(v, dict) else v) for k, v in result.items()}, indent=2))
        return
    _print(result)


def _print_token_f1(tokens: dict[str, dict[str, float]], variant: str, baseline_note: str | None) -> None:
    """One line per role of ConfliBERT token F1 for a variant ("", "_a", "_r"); no baseline when the note is None."""
    for tag, role in (("S", "source"), ("T", "target")):
        coder = tokens[f"coder_{tag}{variant}"]
        line = f"  {role} token F1: coder {coder['f1']:.3f} (P {coder['precision']:.3f} R {coder['recall']:.3f})"
        if baseline_note is not None:
            base = tokens[f"baseline_{tag}{variant}"]
            line += (f"   baseline {base['f1']:.3f} (P {base['precision']:.3f} R {base['recall']:.3f}"
                     f"{baseline_note})")
        click.echo(line)


def _print(result: dict[str, Any]) -> None:
    echo = click.echo
    if "gsr" in result:
        t = result["gsr"]["tally"]
        n = t["records"]
        echo(f"PLOVER GSR: {n} records (DOCUMENT records skipped; DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, "
             "FIGHT->ASSAULT)")
        echo("  type accuracy (the coder's main event = highest trigger in the parse; no event is wrong):")
        echo(f"    coder    {ratio(t['type_right'], n):.3f} ({t['type_right']}/{n})   "
             f"[gold type among any of its events: {ratio(t['type_any'], n):.3f}; no event: {t.get('no_event', 0)}]")
        echo(f"    baseline {ratio(t['baseline_type_right'], n):.3f} ({t['baseline_type_right']}/{n})   "
             "[bag-of-words naive Bayes fitted on ngec-synthetic]")
        echo("  country accuracy (each gold actor with a code once; right when the coder's event of the gold type,")
        echo("  else its main event, has an actor of that country in that role; no event is wrong):")
        for role in ("source", "target"):
            total, right = t.get(f"{role}_total", 0), t.get(f"{role}_right", 0)
            base = t.get(f"baseline_{role}_right", 0)
            causes = ", ".join(f"{cause} {t.get(f'{role}_error_{cause}', 0)}" for cause in ("no event", "role", "actors stage"))
            echo(f"    {role:6}  coder {ratio(right, total):.3f} ({right}/{total})   baseline {ratio(base, total):.3f} "
                 f"({base}/{total})   [coder's misses: {causes}]")
        echo("    (role: the right country was resolved in the sentence but not put in the role; actors stage: no "
             "mention of the sentence resolved to it)")
    if "conflibert" in result:
        c = result["conflibert"]
        echo(f"ConfliBERT train: {c['sentences']} sentences (5 classes), {c['span_sentences']} with BIO spans")
        echo(f"  macro-F1: coder {c['coder_macro_f1']:.3f} (rules, nothing fitted on this set)   "
             f"baseline {c['baseline_macro_f1']:.3f} (bag-of-words naive Bayes, 5-fold cross-validated)")
        _print_token_f1(c["tokens"], "", "; root verb's subject/object")
        echo(f"  the same over the sentences whose annotation marks the role ({c['annotated']['S']} source, "
             f"{c['annotated']['T']} target), R tokens left out:")
        _print_token_f1(c["tokens"], "_a", "")
        echo("  all sentences, the R words the coder puts in a role counted neither right nor wrong (PLOVER codes a "
             "meeting, \"X met Y\", with a source and a target; the set tags both R):")
        _print_token_f1(c["tokens"], "_r", None)
        untagged = c["span_sentences"] - c["annotated"]["T"]
        echo(f"  (R marks both parties of a reciprocal event, \"X met Y\", as neither source nor target; {untagged} "
             f"sentences tag no T, {c['annotated']['R_only']} of them only R, most others in runs of sentences "
             "tagged with a source only)")
        echo(f"  coder's commonest confusions (gold->coder): {', '.join(f'{k} {v}' for k, v in c['coder_confusion'])}")
    if "reference" in result:
        r = result["reference"]
        echo(f"Reference corpus sample: {r['sentences']} hand-labelled sentences, {r['gold_events']} gold events, "
             f"{r['predicted_events']} coded" + (f" ({r['changed']} labelled sentences no longer match the cleaned "
                                                  f"text: skipped)" if r["changed"] else ""))
        for level, what in (("type", "same type"), ("full", "same type, a shared source and target actor, date")):
            m = r[level]
            echo(f"  {what}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f}")
        b = r["baseline_type"]
        echo(f"  baseline (one event per sentence with a verb root, bag-of-words type): precision {b['precision']:.3f} "
             f"recall {b['recall']:.3f}")
    echo(f"time: {result['seconds']:.1f}s")
