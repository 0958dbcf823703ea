"""Mentions of places the article names that the span resolver leaves out: hyphen parts and repeated names.

Reads a parsed article (spaCy ``Doc``), the mentions found so far (:func:`flashpoint.geo.resolve.resolve_places`
and :func:`flashpoint.geo.supplement.supplement_mentions`) and the gazetteer. Writes the mentions again, in text
order, with:

1. **hyphen parts** (:func:`hyphen_mentions`): each side of a hyphen written without spaces that is a place by
   its own name ("Tarsa-Kessa relations", "the U.S.-led coalition", "Rep. Ilka Hale, D-Varsa", "the
   Orlo-Kessa County line"). A country counts by any of its names; a first-level unit, second-level unit
   or town only by its own name, and a town or second-level unit only in a country the article's other
   places lie in (or when it is a city of ``min_population``+). An ordinary English word ("Post-Gazette") is
   never a place here.
2. **currencies** (:func:`currency_countries`): a country's abbreviation inside a sum of money ("4 billion US
   dollars") names the country.
3. **repeated names** (:func:`repeated_mentions`): a name the article resolved once is the same place at its
   other capitalised occurrences ("Tarsa man held" in a headline, "Tarsa's mayor"), one sense per
   discourse, unless the occurrence is part of a person's name or follows a title or a given name.

Every added mention has role ``context``: these passes change which places an article names, never which
place an event is coded at.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate, Gazetteer
from flashpoint.geo.places import to_place, token_evidence
from flashpoint.geo.supplement import (
    ArticleContext,
    SupplementOptions,
    is_english_word,
    load_lexicon,
    person_name_parts,
    person_reason,
    pick_reading,
)
from flashpoint.records import Article, PlaceMention

CONTEXT = "context"
_HYPHENS = frozenset({"-", "–"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclasses.dataclass(frozen=True, slots=True)
class RecallOptions:
    """Thresholds of the recall passes (set by hand from how news writes names, not fitted to rows).

    ``min_population``: a town read from a hyphen part in a country none of the article's other places lie
    in must be a city this large ("Kessa-Tarsa talks" between two capitals).
    ``max_run``: the longest name (in words) looked for on each side of a hyphen ("Orlo-Kessa County").
    """

    min_population: int = 100_000
    max_run: int = 3


@dataclasses.dataclass(frozen=True, slots=True)
class Part:
    """A place found on one side of a hyphen: token span and reading."""

    start: int
    end: int
    reading: Candidate
    chars: tuple[int, int] | None = None  # character span inside one token ("U.S." of "U.S.-led")


def _name_token(tok: Any) -> bool:
    text = tok.text
    if text.isalpha():
        return bool(tok.is_title or tok.is_upper)
    return len(text) >= 4 and text.endswith(".") and text.replace(".", "").isalpha() and text.isupper()  # "U.S."


def _part_reading(
    text: str, *, gazetteer: Gazetteer, context: ArticleContext, options: RecallOptions, supplement: SupplementOptions
) -> Candidate | None:
    """The place a hyphen part names, or None (see the module docstring for what counts)."""
    letters = text.replace(".", "")
    if len(letters) < 2:
        return None
    word = " " not in text and is_english_word(text)
    readings = []
    for c in gazetteer.find(text):
        if c.feature == COUNTRY or (c.feature == ADMIN1 and c.primary):
            readings.append(c)
        elif c.feature in (CITY, ADMIN2) and c.primary and letters.isalpha() and not letters.isupper() and not word:
            at_home = context.countries.get(c.country_iso3 or "", 0.0) > 0
            if at_home or (c.feature == CITY and c.population >= options.min_population):
                readings.append(c)
    picked = pick_reading(readings, context=context, options=supplement)
    return picked[0] if picked else None


def hyphen_mentions(
    doc: Any,
    *,
    gazetteer: Gazetteer,
    context: ArticleContext,
    options: RecallOptions,
    supplement: SupplementOptions,
) -> list[Part]:
    """Places on either side of a hyphen written without spaces, longest name first on each side."""
    found: list[Part] = []
    name_parts = person_name_parts(doc)
    lexicon = load_lexicon()
    for tok in doc:
        i = tok.i
        if tok.text not in _HYPHENS and "-" in tok.text[1:-1]:
            inside = _inside_token(tok, gazetteer=gazetteer, context=context, options=options, supplement=supplement)
            found.extend(inside)
            continue
        if tok.text not in _HYPHENS or i == 0 or i + 1 >= len(doc):
            continue
        if doc[i - 1].whitespace_ or tok.whitespace_:
            continue
        if doc[i - 1].ent_type_ == "PERSON" or doc[i + 1].ent_type_ == "PERSON":
            continue  # a double-barrelled name ("Ilka Hale-Varsa"), not two places
        # left side: runs ending at the hyphen; right side: runs starting after it
        left = [s for s in range(i - 1, max(-1, i - 1 - options.max_run), -1) if _all_names(doc, s, i)]
        if left and person_reason(doc, doc[left[0] : i], name_parts, gazetteer, lexicon=lexicon):
            continue  # "Laura Orlo-Hale": a given name or title opens a person's double-barrelled name
        right = [e for e in range(i + 2, min(len(doc), i + 1 + options.max_run) + 1) if _all_names(doc, i + 1, e)]
        for side in ([(s, i) for s in reversed(left)], [(i + 1, e) for e in reversed(right)]):
            for start, end in side:
                reading = _part_reading(
                    doc[start:end].text, gazetteer=gazetteer, context=context, options=options, supplement=supplement
                )
                if reading is not None:
                    found.append(Part(start, end, reading))
                    break
    return found


def _inside_token(
    tok: Any, *, gazetteer: Gazetteer, context: ArticleContext, options: RecallOptions, supplement: SupplementOptions
) -> list[Part]:
    """Countries and first-level units inside one hyphenated token ("U.S.-led", "Kessa-based")."""
    parts: list[Part] = []
    offset = 0
    for piece in tok.text.split("-"):
        if piece[:1].isupper() and (piece.isalpha() or piece.endswith(".")):
            reading = _part_reading(piece, gazetteer=gazetteer, context=context, options=options, supplement=supplement)
            if reading is not None and reading.feature in (COUNTRY, ADMIN1):
                start = tok.idx + offset
                parts.append(Part(tok.i, tok.i + 1, reading, chars=(start, start + len(piece))))
        offset += len(piece) + 1
    return parts


def _all_names(doc: Any, start: int, end: int) -> bool:
    return start < end and all(_name_token(t) for t in doc[start:end])


def repeated_mentions(
    doc: Any, mentions: Sequence[PlaceMention], *, gazetteer: Gazetteer, name_parts: frozenset[str]
) -> list[Part]:
    """Other capitalised occurrences of names the article resolved, read as the same place."""
    lexicon = load_lexicon()
    taken = [(m.start, m.end) for m in mentions]
    found: list[Part] = []
    readings: dict[str, Candidate] = {}
    place_spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in _PLACE_LABELS}
    for m in mentions:
        text = m.text
        if not text[:1].isupper() or text in readings or m.place.geonameid is None:
            continue
        confident = (m.start, m.end) in place_spans or m.role in ("event", "origin")
        if not confident and m.place.feature not in (COUNTRY, ADMIN1):
            continue  # only names read as places with confidence (a place label or a locative cue) are spread
        if " " not in text and is_english_word(text):
            continue  # "Refuge", "Mound": capitalised again, an ordinary word is more often the word
        same = [c for c in gazetteer.find(text) if c.geonameid == m.place.geonameid and c.primary]
        if same:
            readings[text] = same[0]
    full_text = doc.text  # once: ``doc.text`` rebuilds the text from every token on each access
    for text, reading in readings.items():
        # as written, and in capitals ("TARSA -- The council of Tarsa ...")
        forms = tuple(dict.fromkeys([text, text.upper()]))
        if not _occurs_untaken(full_text, forms, taken):
            continue  # the usual case, a name written once: no pattern to build for it
        pattern = "|".join(re.escape(form) for form in forms)
        for match in re.finditer(r"(?<![\w.])(?:" + pattern + r")(?![\w])", full_text):
            a, b = match.span()
            if any(s < b and a < e for s, e in taken):
                continue
            span = doc.char_span(a, b)
            if span is None or any(t.ent_type_ == "PERSON" for t in span):
                continue
            if len(span) == 1 and person_reason(doc, span, name_parts, gazetteer, lexicon=lexicon):
                continue
            found.append(Part(span.start, span.end, reading))
            taken.append((a, b))
    return found


def _occurs_untaken(text: str, forms: Sequence[str], taken: Sequence[tuple[int, int]]) -> bool:
    """Whether any occurrence of a form in ``text`` lies clear of every taken span (a match of the literal
    pattern of ``repeated_mentions`` is such an occurrence, so when there is none there is no match to add)."""
    for form in forms:
        at = text.find(form)
        while at >= 0:
            if not any(s < at + len(form) and at < e for s, e in taken):
                return True
            at = text.find(form, at + 1)
    return False


def currency_countries(doc: Any, *, gazetteer: Gazetteer) -> list[Part]:
    """A country's abbreviation inside a sum of money ("4 billion US dollars") is a mention of that country."""
    found: list[Part] = []
    for ent in doc.ents:
        if ent.label_ != "MONEY":
            continue
        for tok in ent:
            if not (tok.text.isupper() and 2 <= len(tok.text.replace(".", "")) <= 3):
                continue
            countries = [c for c in gazetteer.find(tok.text) if c.feature == COUNTRY]
            if countries:
                found.append(Part(tok.i, tok.i + 1, countries[0]))
    return found


def recall_mentions(
    doc: Any,
    mentions: Sequence[PlaceMention],
    *,
    article: Article,
    gazetteer: Gazetteer,
    stage: str,
    options: RecallOptions | None = None,
) -> list[PlaceMention]:
    """The mentions with hyphen parts and repeated names added (role ``context``), in text order."""
    opts = options or RecallOptions()
    out = list(mentions)
    context = ArticleContext.of(out)

    def add(parts: Sequence[Part]) -> None:
        for part in parts:
            evidence = token_evidence(doc, article, part.start, part.end, stage=stage)
            if part.chars is not None:
                a, b = part.chars
                written = article.text[a:b] if article.text else doc.text[a:b]
                evidence = dataclasses.replace(evidence, start=a, end=b, text=written)
            if any(m.start < evidence.end and evidence.start < m.end for m in out):
                continue
            place = to_place(part.reading, name=part.reading.name, near=False, fallback=False, evidence=evidence)
            out.append(PlaceMention(place, evidence.start, evidence.end, evidence.text, CONTEXT, 0.0))

    add(hyphen_mentions(doc, gazetteer=gazetteer, context=context, options=opts, supplement=SupplementOptions()))
    add(currency_countries(doc, gazetteer=gazetteer))
    add(repeated_mentions(doc, out, gazetteer=gazetteer, name_parts=person_name_parts(doc)))
    out.sort(key=lambda m: (m.start, m.end))
    return out
