"""Step 1 and 2 of place resolution: toponym spans in a parsed article and their gazetteer readings.

Reads a spaCy ``Doc`` (entities, sentences) and the :class:`~flashpoint.geo.gazetteer.Gazetteer`; writes the
tuple of :class:`~flashpoint.geo.resolve.base.Span` records the later passes resolve, in text order. Spans
come from NER (GPE/LOC/FAC, and ORG/PERSON/NORP when the gazetteer knows the name) and from runs of
capitalised tokens the NER missed; feature words become hints ("Kessa district" -> "Kessa", admin), and
names that are people, titles, ordinary words or areas across borders are left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flashpoint.geo.gazetteer import ADMIN1, COUNTRY, Candidate, Gazetteer, normalise
from flashpoint.geo.resolve.base import (
    ARTICLES,
    CALENDAR_WORDS,
    CONNECTORS,
    DATELINE_DASHES,
    MAYBE_LABELS,
    NON_PLACE_LABELS,
    PLACE_LABELS,
    QUARTER_WORDS,
    Lexicon,
    Span,
    is_cap,
    is_country,
    lexicon,
)
from flashpoint.geo.resolve.context import opens_dateline
from flashpoint.geo.supplement import (
    area_mentions,
    is_english_word,
    load_lexicon,
    person_name_parts,
    person_reason,
    shouting,
)


def find_spans(doc: Any, *, gazetteer: Gazetteer) -> tuple[Span, ...]:
    """The toponym spans of ``doc`` with their readings, in text order (steps 1 and 2)."""
    lex = lexicon()
    demonyms = gazetteer.demonyms()
    spans = [
        trim_feature_words(doc, s, gazetteer) for s in _extend(doc, gazetteer, _toponym_spans(doc, demonyms), demonyms)
    ]
    spans = list(spread_plural_features(doc, spans))
    if spans and spans[0].start == 0:
        # "SANTIAGO - Thousands of ...": a capitalised run must not swallow the dateline's dash
        first = spans[0]
        dash = next((k for k in range(first.start + 1, first.end) if doc[k].text in DATELINE_DASHES), None)
        if dash is not None:
            spans[0] = dataclasses.replace(first, end=dash, text=doc[first.start : dash].text)
    # Continents, regions and water bodies across borders named as such are areas, never a homonymous town
    # (supplement.py adds them as mentions); their words neither resolve nor vote here. Areas inside one
    # country ("Darfur") are resolved as usual (they vote for it) and then replaced by the area.
    titles = load_lexicon().person_titles
    name_parts = person_name_parts(doc)
    areas = [
        (a.start, a.end)
        for a in area_mentions(doc, lexicon=load_lexicon(), gazetteer=gazetteer)
        if a.reading.country_iso3 is None
    ]
    kept: list[Span] = []
    for raw in spans:
        if raw.start >= raw.end or any(start <= raw.start and raw.end <= end for start, end in areas):
            continue
        if not raw.candidates and f"{normalise(raw.text)} " in ARTICLES:
            continue  # "Ar-" cut off "Ar-Raqqa" by the tagger: an article alone names nothing
        span = dataclasses.replace(raw, candidates=_with_long_unit_names(gazetteer, raw, _lookup(gazetteer, raw)))
        if span.label == "CAP" and "-" not in span.text:
            span = shrink(doc, gazetteer, span)
        if span.text.isupper() and len(span.text) <= 5 and not (span.start == 0 and opens_dateline(doc, span.end)):
            # acronyms ("ADF", "STO") are organisations unless they are a country's short name ("DRC")
            nxt = doc[span.end].lower_ if span.end < len(doc) else ""
            countries = tuple(c for c in span.candidates if c.feature == COUNTRY)
            span = dataclasses.replace(span, candidates=() if nxt in {"dollar", "dollars", "currency"} else countries)
        if span.text.lower() in lex.not_places or _is_title_word(span, titles) or _shouted_word(doc, span):
            continue
        if _person_name(doc, span, name_parts, gazetteer) and not _in_brackets(doc, span):
            continue
        if _ordinary_word(span) and not _after_locative(doc, span, lex) and not _in_brackets(doc, span):
            # "the Gold, Banner and Granite Ball": an ordinary English word the NER does not call a place is one
            # only after a locative preposition ("in Liberty"); a list or a comma is no support for it
            continue
        if _lower_case(span) and not _after_locative(doc, span, lex) and not is_country(span):
            # "on the atlantic coast": a name written in lower case where names are capitalised (or where case
            # was restored to wire copy) is a common word the tagger labelled, not a town of that name
            continue
        # a dateline's own sentence can be too short to tell: judge it by the opening of the report
        shouted = shouting(doc[span.start].sent) or (span.start == 0 and shouting(doc[:60]))
        kept.append(dataclasses.replace(span, shouted=shouted))
    return tuple(kept)


def ruler_patterns(gazetteer: Gazetteer, *, min_population: int = 400_000) -> list[tuple[str, str]]:
    """("GPE", phrase) pairs for the backbone's entity ruler.

    Countries (ACLED names and aliases), first-level regions with an English name, and cities of at least
    ``min_population``, in the spellings English news uses. Names that are also common English words
    ("Central", "Police", "Date") are left out: the ruler would tag every occurrence.
    """
    lex = lexicon()
    phrases: set[str] = set()
    rows = gazetteer.names_for_ruler(min_population=min_population)  # one scan of the place table
    for name, _feature in rows:
        phrases.add(name)
    for iso3 in set(_all_countries(gazetteer, rows)):
        info = gazetteer.country_info(iso3)
        if info:
            phrases.update(a for a in info.aliases if len(a) > 3 and not a.isupper())
    out: list[tuple[str, str]] = []
    for phrase in sorted(phrases):
        words = normalise(phrase).split()
        if not words or not phrase.isascii() or not phrase[:1].isupper():
            continue
        if all(w in lex.not_places or w in lex.admin_words or w in lex.settlement_words for w in words):
            continue
        out.append(("GPE", phrase))
    return out


def _all_countries(gazetteer: Gazetteer, rows: Iterable[tuple[str, str]]) -> list[str]:
    """ISO3 codes of the country rows among ``rows`` (every country is among the ruler's names)."""
    found: list[str] = []
    for name, feature in rows:
        if feature == COUNTRY:
            for cand in gazetteer.find(name):
                if cand.feature == COUNTRY and cand.country_iso3:
                    found.append(cand.country_iso3)
    return found


def _toponym_spans(doc: Any, demonyms: Mapping[str, str]) -> list[Span]:
    """Candidate toponym spans: NER places and NER-missed capitalised runs, in text order."""
    lex = lexicon()
    taken = [False] * len(doc)
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in NON_PLACE_LABELS:
            if not _misread_name(ent, lex.not_places):
                for i in range(ent.start, ent.end):
                    taken[i] = True
            continue
        if ent.label_ not in PLACE_LABELS and ent.label_ not in MAYBE_LABELS:
            continue
        start, end = ent.start, ent.end
        for k in range(start, end):
            if doc[k].text in {"(", ")", ",", ";", "[", "]"}:
                end = k  # "Dovra (Kessa": NER spans do not cross brackets or commas
                break
        while start < end and doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if start >= end:
            continue
        # "Kazakh city" (GPE): a demonym + a settlement word is a country cue, not a toponym.
        if doc[start].text in demonyms and end - start <= 2:
            continue
        for i in range(start, end):
            taken[i] = True  # the rest of a cut entity ("Tirelo (Orlo, Varsa") is scanned again below
        spans.append(Span(start, end, doc[start:end].text, ent.label_))
    # Capitalised runs the NER did not label.
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if taken[i] or not is_cap(tok) or tok.text in demonyms:
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j]:
            t = doc[j]
            if is_cap(t) and t.text not in demonyms:
                j += 1
            elif (
                (t.lower_ in CONNECTORS or t.text == "-")
                and j + 1 < n
                and is_cap(doc[j + 1])
                and not taken[j + 1]
                and t.lower_ not in {"of", "on"}
            ):
                j += 2
            else:
                break
        words = [doc[k].lower_ for k in range(i, j)]
        # A lone capitalised word opening a sentence or a quotation is usually not a name; one opening a
        # bracket is the qualifier of a place ("Kessa village (Orlo, Sud-Varsa)").
        sent_start = (tok.is_sent_start and not (i > 0 and doc[i - 1].text == "(")) or (
            i > 0 and doc[i - 1].text in {'"', "“", "-", "—"}
        )
        dateline_caps = i == 0 and tok.text.isupper() and len(tok.text) >= 3  # "SUNYANI, March 5 - ..."
        if not all(w in lex.not_places for w in words) and not (sent_start and j - i == 1 and not dateline_caps):
            spans.append(Span(i, j, doc[i:j].text, "CAP"))
        i = j
    spans.sort(key=lambda s: s.start)
    return spans


def _misread_name(ent: Any, not_places: frozenset[str]) -> bool:
    """A DATE/TIME/... entity that is really a capitalised name ("in Marbeck (Solvan)" tagged DATE).

    Only entities of capitalised words with no digit and no calendar word qualify; they are then scanned
    like any capitalised run (and need the same support to become places).
    """
    words = [t for t in ent if not t.is_punct]
    return (
        bool(words)
        and all(is_cap(t) and not any(ch.isdigit() for ch in t.text) for t in words)
        and not any(t.lower_ in not_places or t.lower_ in CALENDAR_WORDS for t in words)
    )


def _connector_run(doc: Any, i: int) -> int:
    """Length of a run of one or two name connectors at ``i`` followed by a capitalised word, else 0.

    "de la Sierra" -> 2, "al Kessa" -> 1, "of Congo" -> 1; "the Army" -> 0.
    """
    for size in (1, 2):
        k = i + size
        if k >= len(doc):
            return 0
        if doc[k - 1].lower_ not in CONNECTORS:
            return 0
        if is_cap(doc[k]):
            return size
    return 0


def _glued(doc: Any, i: int) -> bool:
    """Token ``i`` is a hyphen written without spaces between two capitalised words ("Orlo-Kessa")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in {"-", "–"}
        and len(doc[i - 1].text) > 1  # "D-Marbeck", "R-Solvan": a party's initial, not part of the name
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and is_cap(doc[i + 1])
    )


def _extend(doc: Any, gazetteer: Gazetteer, spans: list[Span], demonyms: Mapping[str, str]) -> list[Span]:
    """Join hyphenated names and grow NER spans over adjacent capitalised words the gazetteer knows.

    "Orlo - Kessa" -> "Orlo-Kessa"; NER "Puerto" + "de Orlo" -> "Puerto de Orlo"; "Kafr" + "Dovra".
    """
    out: list[Span] = []
    i = 0
    while i < len(spans):
        span = spans[i]
        j = i + 1
        # hyphen-glued neighbours become one name
        while j < len(spans) and spans[j].start == span.end + 1 and _glued(doc, span.end):
            span = Span(span.start, spans[j].end, doc[span.start : spans[j].end].text, span.label)
            j += 1
        # grow right over connector/capitalised tokens while the longer name is known
        end = span.end
        best_end = span.end
        while end < len(doc) and end - span.start < 6:
            t = doc[end]
            if is_cap(t) and t.text not in demonyms:
                end += 1
            elif _glued(doc, end) and end + 1 < len(doc) and is_cap(doc[end + 1]):
                end += 2
            elif (run := _connector_run(doc, end)) > 0:
                end += run + 1  # "San Tirelo" + "de la Sierra"
            else:
                break
            if gazetteer.find(doc[span.start : end].text):
                best_end = end
        if best_end > span.end:
            span = Span(span.start, best_end, doc[span.start : best_end].text, span.label)
            while j < len(spans) and spans[j].start < best_end:
                j += 1
        # grow left by one capitalised word ("Kafr" + "Dovra")
        if span.start > 0 and is_cap(doc[span.start - 1]) and not doc[span.start - 1].is_sent_start:
            left = doc[span.start - 1 : span.end].text
            if gazetteer.find(left) and not (out and out[-1].end > span.start - 1):
                span = Span(span.start - 1, span.end, left, span.label)
        out.append(span)
        i = j
    return out


def trim_feature_words(doc: Any, span: Span, gazetteer: Gazetteer) -> Span:
    """Move feature words out of the span into hints: "Kessa district" -> "Kessa" + admin2.

    A name that is known with its feature word ("Guatemala City", "Kuwait City") keeps it.
    """
    lex = lexicon()
    words = [doc[k].lower_ for k in range(span.start, span.end)]
    if len(words) > 1 and words[-1] in {"city", "town"} and gazetteer.find(span.text):
        return dataclasses.replace(span, feature_hint="city")
    feature_hint, level, end = span.feature_hint, span.admin_level_hint, span.end
    site, quarter, prefix = span.site, span.quarter, span.prefix
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in lex.admin_words and span.end + 1 < len(doc) and is_cap(doc[span.end]) and is_cap(doc[span.end + 1]):
        # "Pelmora State Rifles", "Varsa State Government": the feature word opens an organisation's name
        after = ""
    if len(words) > 1 and words[-1] in lex.admin_words:
        level = lex.admin_words[words[-1]]
        feature_hint = "admin"
        end -= 1
    elif after in lex.admin_words:
        level = lex.admin_words[after]
        feature_hint = "admin"
    elif after in lex.admin_plurals:
        level = lex.admin_plurals[after]
        feature_hint = "admin"
    elif len(words) > 1 and words[-1] in {"city", "town", "village"}:
        feature_hint = "city"
        end -= 1
    elif after in {"city", "town", "village", "camp", "neighbourhood", "neighborhood"}:
        feature_hint = "city"
    elif after in lex.infrastructure_words or (
        # "the Orlo-Kessa road", "the Dovra-Varsa highway": a named road or site places the event
        after in {"-", "–"} and span.end + 2 < len(doc) and doc[span.end + 2].lower_ in lex.infrastructure_words
    ):
        feature_hint = "city"
        site = True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
    if after in QUARTER_WORDS or before in QUARTER_WORDS or words[0] in QUARTER_WORDS:
        quarter = True
    nxt = doc[end] if end < len(doc) else None
    if (
        nxt is not None
        and doc[end - 1].whitespace_
        and is_cap(nxt)
        and not nxt.is_sent_start
        and nxt.lower_ not in lex.admin_words
        and nxt.lower_ not in lex.settlement_words
        and nxt.lower_ not in lex.infrastructure_words
        and nxt.lower_ not in {"city", "town", "village"}
    ):
        prefix = True
    if before == "of" and before2 in lex.admin_words:
        level = lex.admin_words[before2]
        feature_hint = "admin"
    elif before == "of" and before2 in {"city", "town", "village"}:
        feature_hint = "city"
    return dataclasses.replace(
        span,
        end=end,
        text=doc[span.start : end].text,
        feature_hint=feature_hint,
        admin_level_hint=level,
        site=site,
        quarter=quarter,
        prefix=prefix,
    )


_LIST_WORDS = frozenset({",", "and", "or", "&"})


def spread_plural_features(doc: Any, spans: Sequence[Span]) -> tuple[Span, ...]:
    """ "Kessa, Varsa and Orlo districts": a plural feature word after a list is the feature of every name in it."""
    lex = lexicon()
    out = list(spans)
    for k, span in enumerate(out):
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if span.feature_hint != "admin" or after not in lex.admin_plurals:
            continue
        end = span.start
        for p in range(k - 1, -1, -1):
            prev = out[p]
            between = [t.lower_ for t in doc[prev.end : end]]
            if not between or any(w not in _LIST_WORDS for w in between) or prev.feature_hint is not None:
                break
            out[p] = dataclasses.replace(prev, feature_hint="admin", admin_level_hint=span.admin_level_hint)
            end = prev.start
    return tuple(out)


def _lookup(gazetteer: Gazetteer, span: Span) -> tuple[Candidate, ...]:
    cands = gazetteer.find(span.text)
    if cands:
        return cands
    # "Al-Hasakah" / "al Hasakah" / "Hasakah": try without a leading article.
    key = normalise(span.text)
    for prefix in ARTICLES:
        if key.startswith(prefix):
            found: tuple[Candidate, ...] = gazetteer.lookup(key[len(prefix) :])
            return found
    if " " not in key and len(key) >= 4:
        # "Qasira" -> "Al Qasira": Arabic names are often written without their article.
        for prefix in ARTICLES:
            found = gazetteer.lookup(prefix + key)
            if found:
                # a weaker reading: it is dropped when it falls outside the document's country
                return tuple(dataclasses.replace(c, primary=False) for c in found)
    return ()


def _with_long_unit_names(gazetteer: Gazetteer, span: Span, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """ "Valle department": a name written with an admin feature word may be the first word of a unit's longer
    name ("Valle del Cauca"); such units join the readings as weak ones (not the unit's own name), ranked by
    population like the rest, so the article's country decides between them and the exact namesakes."""
    if span.feature_hint != "admin":
        return found
    longer = gazetteer.units_named_from(normalise(span.text), connectors=CONNECTORS)
    if not longer:
        return found
    known = {c.place_id for c in found}
    merged = [*found, *(c for c in longer if c.place_id not in known)]
    return tuple(sorted(merged, key=lambda c: (-c.population, c.place_id)))


def shrink(doc: Any, gazetteer: Gazetteer, span: Span) -> Span:
    """A capitalised run the gazetteer does not know: keep its longest known sub-run, if any."""
    if span.candidates or span.end - span.start < 2:
        return span
    n = span.end - span.start
    for size in range(n - 1, 0, -1):
        for s in range(span.start, span.end - size + 1):
            text = doc[s : s + size].text
            words = normalise(text).split()
            if not words or all(w in lexicon().not_places or w in CONNECTORS for w in words):
                continue
            cands = gazetteer.find(text)
            if cands:
                return dataclasses.replace(span, start=s, end=s + size, text=text, candidates=cands)
    return span


def _shouted_word(doc: Any, span: Span) -> bool:
    """A function word in an all-caps sentence ("IN", "US", "AT") is that word, not a state or a country."""
    tok = doc[span.start]
    return span.end - span.start == 1 and tok.is_stop and tok.is_upper and shouting(tok.sent)


def _is_title_word(span: Span, titles: frozenset[str]) -> bool:
    """A personal title on its own ("Sen.", "Gov.", "Sgt") is never a place, whatever town bears the name."""
    return span.end - span.start <= 2 and span.text.rstrip(".").lower() in titles


def _ordinary_word(span: Span) -> bool:
    """A single ordinary English word ("Red", "White") the NER does not call a place, with no feature word."""
    if span.end - span.start != 1 or span.label in PLACE_LABELS or span.feature_hint is not None:
        return False
    return bool(span.candidates) and is_english_word(span.text)


def _lower_case(span: Span) -> bool:
    """A span written without a single capital letter ("atlantic", "pacific coast")."""
    return any(ch.isalpha() for ch in span.text) and span.text == span.text.lower()


def _in_brackets(doc: Any, span: Span, reach: int = 8) -> bool:
    """Whether the span stands inside brackets or before them ("Tirelo (Kessa, Pelmora)"): a name written with
    its hierarchy, or as one, is a place."""
    if span.end < len(doc) and doc[span.end].text == "(":
        return True
    for k in range(span.start - 1, max(-1, span.start - 1 - reach), -1):
        if doc[k].text == ")" or doc[k].is_sent_start:
            return bool(doc[k].text == "(")
        if doc[k].text == "(":
            return True
    return False


def _after_locative(doc: Any, span: Span, lex: Lexicon) -> bool:
    """Whether the span follows a locative preposition ("in", "near", "from", "to")."""
    if span.start == 0:
        return False
    prev = doc[span.start - 1].lower_
    return prev in lex.event_preps or prev in lex.near_preps or prev in {"from", "to"}


def _person_name(doc: Any, span: Span, name_parts: frozenset[str], gazetteer: Gazetteer) -> bool:
    """A one-word name that is a person's ("Hale" after "Ansel Hale" elsewhere, "Gov. Hale") is not a place.

    Judged before any reading votes, so a surname repeated through a report ("Hale said ... Hale's office")
    cannot pull the article's homonyms towards a town of that name. A name that is also a country or a
    first-level unit ("Jordan", "Georgia") is left to the resolver, as is one written with a hierarchy or
    a feature word.
    """
    if span.end - span.start != 1 or span.feature_hint is not None or not span.candidates:
        return False
    if any(c.feature in (COUNTRY, ADMIN1) and c.primary for c in span.candidates):
        return False
    return bool(person_reason(doc, doc[span.start : span.end], name_parts, gazetteer, lexicon=load_lexicon()))
