"""Attribution: claimant chains, certainty and article-level caveats.

Reads a parsed article (a spaCy ``Doc`` of :attr:`Article.text`) and a character span in it, and writes the
:class:`~flashpoint.records.Claim` that carries the span: who says it (the original speaker first, then
each relay: "Radio Orlo 9 quoted a police spokeswoman in Pelmora, as reported by Kyodo" ->
[spokeswoman, Radio Orlo 9, Kyodo]), the cue words, a :class:`~flashpoint.records.SourceType` per link and a
:class:`~flashpoint.records.Certainty`. :func:`find_caveats` writes the article's statements about how
far its content can be verified, linked to the figures they qualify.

How: reporting verbs ("say", "quote", "cite", "report", "tell", "deny" ...) that govern the span, or hang
off the clause that does, give the links; their syntactic role gives the order (the object of "quote"
speaks, its subject relays; "as reported by X" and "according to X" beside another speaker are the
outermost relays). A sentence inside quotation marks takes the attribution around the quote, or the
one of the sentence right before it. Pronoun speakers ("he said") take the nearest earlier speaker.
Certainty comes from the span's main verb (modals, negation, "if"), hedges on the way to the sentence
root, the reporting verb (deny, claim) and whether the original speaker is a party to the violence.
All word lists are in ``data/attribution_lexicon.json``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.extract import clauses
from flashpoint.records import Article, Caveat, Certainty, ChainLink, Claim, Evidence, Figure, SourceType

log = logging.getLogger(__name__)

NAME = "attribution"
VERSION = "0.3.1"
STAGE = f"{NAME}@{VERSION}"

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them", "us"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_NAME_DROP = frozenset({"relcl", "acl", "punct", "advcl", "cc", "conj", "parataxis"})
_QUOTE_RE = re.compile(r"“[^”]{1,2000}”|\"[^\"]{1,2000}\"|«[^»]{1,2000}»")
_CASUALTY_NOUNS = frozenset({"fatality", "casualty", "injury", "death", "loss", "damage", "arrest"})

# link ranks: 0 original speaker, 1 first relay (quoter, interviewer), 2 reporter citing others,
# 3 outermost relay ("as reported by", "according to" beside a speaker, "carried by")
_SPEAKER, _QUOTER, _REPORTER, _OUTER = 0, 1, 2, 3


@dataclasses.dataclass(frozen=True, slots=True)
class AttributionLexicon:
    """Word lists of ``data/attribution_lexicon.json``."""

    speech: frozenset[str]
    relay: frozenset[str]
    denial: frozenset[str]
    distancing: frozenset[str]
    future_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    hypothetical_marks: frozenset[str]
    media_words: frozenset[str]
    source_types: tuple[tuple[SourceType, tuple[str, ...]], ...]
    interested: frozenset[SourceType]
    security_ministry: tuple[str, ...]
    caveats: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def lexicon() -> AttributionLexicon:
    """Load the attribution lexicon once per process."""
    try:
        raw: dict[str, Any] = json.loads(
            resources.files("flashpoint.data").joinpath("attribution_lexicon.json").read_text(encoding="utf-8")
        )
        return AttributionLexicon(
            speech=frozenset(raw["speech"]),
            relay=frozenset(raw["relay"]),
            denial=frozenset(raw["denial"]),
            distancing=frozenset(raw["distancing"]),
            future_verbs=frozenset(raw["future_verbs"]),
            hedge_adverbs=frozenset(raw["hedge_adverbs"]),
            hedge_verbs=frozenset(raw["hedge_verbs"]),
            hypothetical_modals=frozenset(raw["hypothetical_modals"]),
            future_modals=frozenset(raw["future_modals"]),
            hypothetical_marks=frozenset(raw["hypothetical_marks"]),
            media_words=frozenset(raw["media_words"]),
            source_types=tuple((SourceType(t), tuple(words)) for t, words in raw["source_types"]),
            interested=frozenset(SourceType(t) for t in raw["interested"]),
            security_ministry=tuple(raw["security_ministry"]),
            caveats=tuple(re.compile(p, re.IGNORECASE) for p in raw["caveats"]),
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read attribution_lexicon.json: {exc}") from exc


@dataclasses.dataclass(frozen=True, slots=True)
class _Link:
    token: Any  # head token of the speaker's noun phrase
    rank: int
    cue: str
    verb: Any  # the reporting verb or preposition that introduced it


# --------------------------------------------------------------------------------------------
# Names and source types


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def source_type(name: str) -> SourceType:
    """The kind of source a name denotes ("Varsa State TV" state media, "a police spokesman" police ...)."""
    low = name.lower()
    for stype, words in lexicon().source_types:
        if any(_has_word(low, w) for w in words):
            return stype
    return SourceType.UNKNOWN


def _is_media(tok: Any) -> bool:
    text = " ".join(t.lower_ for t in tok.subtree)
    return any(_has_word(text, w) for w in lexicon().media_words) or (tok.ent_type_ == "ORG" and tok.i > 0)


def _np_name(tok: Any) -> str:
    """The words naming a speaker: the noun phrase without determiners and relative clauses."""
    keep: list[Any] = []

    def walk(t: Any, top: bool) -> None:
        for c in t.lefts:
            if c.dep_ not in _NAME_DROP:
                walk(c, False)
        keep.append(t)
        for c in t.rights:
            if c.dep_ in _NAME_DROP or (top and c.dep_ == "prep" and c.lower_ not in ("of", "for", "at", "in")):
                continue
            if c.dep_ == "appos" and any(x.is_punct for x in t.doc[t.i + 1 : c.left_edge.i]):
                continue  # ", who ...", ", a former minister," are not part of the name
            walk(c, False)

    walk(tok, True)
    keep.sort(key=lambda t: t.i)
    # the small parser sometimes splits "the station Radio Orlo 9" into two subjects: take the adjacent name
    doc = tok.doc
    nxt = keep[-1].i + 1
    while nxt < len(doc) and doc[nxt].pos_ in ("PROPN", "NUM") and doc[nxt].dep_ in ("nsubj", "appos", "npadvmod"):
        extra = sorted(doc[nxt].subtree, key=lambda t: t.i)
        keep.extend(extra)
        nxt = extra[-1].i + 1
    while keep and (keep[0].dep_ in ("det", "predet") or keep[0].lower_ in ("his", "her", "their", "its", "our")):
        keep = keep[1:]
    if not keep:
        return str(tok.text)
    return str(tok.doc[keep[0].i : keep[-1].i + 1].text).strip(" ,")


# --------------------------------------------------------------------------------------------
# Finding the links of one sentence


def _anchor(span: Any, lex: AttributionLexicon) -> Any:
    """The main content word of a span: its syntactic root, moved off reporting verbs to their content."""
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    tok = verbs[0] if verbs else roots[0]  # a span always has a root: a token whose head is outside it
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head != tok and steps < 8:
        tok = tok.head
        steps += 1
    if tok.lemma_.lower() in lex.speech and tok.lemma_.lower() not in lex.denial | lex.distancing:
        inner = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i >= span.start]
        if inner and span.start <= inner[0].i < span.end:
            return inner[0]
    return tok


def _related(tok: Any, anchor: Any) -> bool:
    return bool(tok == anchor or tok.is_ancestor(anchor))


def _parenthetical(v: Any, anchor: Any) -> bool:
    """A reporting verb hung under the content clause ("X was killed, the army said")."""
    if not anchor.is_ancestor(v):
        return False
    if any(c.dep_ == "mark" and c.lower_ != "as" for c in v.children):
        return False
    head = v.head
    while head != anchor and head.dep_ in ("conj", "aux", "xcomp"):
        head = head.head
    if head != anchor or v.dep_ not in ("parataxis", "ccomp", "advcl", "conj", "dep"):
        return False
    lemma = v.lemma_.lower()
    return not (lemma not in ("quote", "cite", "tell") and any(c.dep_ == "dobj" for c in v.children))


# Objects that make a denial verb a statement about a claim ("rejected the reports") rather than an act
# ("dismissed the government", "rejected the offer" is still a decision, not a denial of a report).
_CLAIM_NOUNS = frozenset(
    {
        "report", "claim", "allegation", "accusation", "rumour", "rumor", "statement", "account", "figure",
        "toll", "charge", "involvement", "responsibility", "story", "suggestion", "assertion", "number",
        "reporting", "version", "information", "news", "speculation", "assessment", "estimate",
    }
)  # fmt: skip


def _is_speech(tok: Any, lex: AttributionLexicon) -> bool:
    """Whether a token is a reporting verb here, not the same lemma used for an act.

    "The army denied that ..." and "police rejected the reports" report; "the president dismissed the government"
    and "gunmen carried out an attack" do not.
    """
    lemma = tok.lemma_.lower()
    if lemma not in lex.speech or tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "prt" for c in tok.children):
        return False
    if lemma in lex.denial or lemma in ("carry", "broadcast", "air", "relay", "publish", "post"):
        if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
            return True
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        return not objects or any(o.lemma_.lower() in _CLAIM_NOUNS for o in objects)
    return True


def _subject(v: Any) -> Any | None:
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    if v.dep_ in ("conj", "xcomp") and v.head != v:
        for c in v.head.children:
            if c.dep_ == "nsubj":
                return c
    return None


def _agent(v: Any) -> Any | None:
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _platform_cue(v: Any) -> str:
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            words = " ".join(t.lower_ for t in c.subtree)
            for p in ("facebook", "twitter", "telegram", "instagram", "x", "youtube", "tiktok"):
                if _has_word(words, p):
                    return f"{v.text} {c.text} {' '.join(t.text for t in c.subtree if t != c)}"
    return str(v.text)


def _verb_links(v: Any) -> list[_Link]:
    lemma = v.lemma_.lower()
    out: list[_Link] = []
    subj, agent = _subject(v), _agent(v)
    objs = [c for c in v.children if c.dep_ in ("dobj", "dative")]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    if lemma == "quote":
        if passive:
            if subj is not None:
                out.append(_Link(subj, _SPEAKER, v.text, v))
            if agent is not None:
                out.append(_Link(agent, _QUOTER, v.text, v))
        else:
            if subj is not None:
                out.append(_Link(subj, _QUOTER, v.text, v))
            out.extend(_Link(o, _SPEAKER, v.text, v) for o in objs)
    elif lemma == "cite":
        out.extend(_Link(o, _SPEAKER, v.text, v) for o in objs)
        if subj is not None:
            out.append(_Link(subj, _REPORTER, v.text, v))
    elif lemma in ("carry", "broadcast", "publish", "air", "relay"):
        if agent is not None:
            out.append(_Link(agent, _OUTER, f"{v.text} by", v))
        elif subj is not None and not passive:
            out.append(_Link(subj, _OUTER, v.text, v))
    elif lemma == "report":
        if agent is not None:  # "as reported by X"
            out.append(_Link(agent, _OUTER, "reported by", v))
        elif passive:
            pass  # "were reported killed": a hedge, no source
        elif subj is not None:
            out.append(_Link(subj, _REPORTER if _is_media(subj) else _SPEAKER, v.text, v))
    elif lemma == "tell":
        if subj is not None and not passive:
            out.append(_Link(subj, _SPEAKER, v.text, v))
        out.extend(_Link(o, _QUOTER, v.text, v) for o in objs if _is_media(o))  # "told reporters": no outlet
    elif subj is not None and not passive:
        out.append(_Link(subj, _SPEAKER, _platform_cue(v), v))
    elif agent is not None:  # a passive's agent speaks ("was confirmed by the police"); without one, none does
        out.append(_Link(agent, _SPEAKER, v.text, v))
    for c in v.children:  # "claimed ... through its own news channel", "said via Telegram"
        if c.dep_ == "prep" and c.lower_ in ("through", "via"):
            out.extend(_Link(g, _QUOTER, c.text, v) for g in c.children if g.dep_ == "pobj" and _is_media(g))
    return out


def _sentence_links(sent: Any, anchor: Any, lex: AttributionLexicon) -> tuple[list[_Link], list[Any]]:
    """The links of ``sent`` that attribute the clause of ``anchor``, and the reporting verbs used."""
    verbs = [t for t in sent if _is_speech(t, lex)]
    relevant = [v for v in verbs if _related(v, anchor) or _parenthetical(v, anchor)]
    changed = True
    while changed:  # relays hung under a relevant reporting verb: "citing X, which quoted Y"
        changed = False
        for v in verbs:
            if v in relevant:
                continue
            if (
                any(r.is_ancestor(v) for r in relevant)
                and not any(c.dep_ == "ccomp" for c in v.children)
                and not any(c.dep_ == "mark" and c.lower_ != "as" for c in v.children)
            ):
                relevant.append(v)
                changed = True
    links: list[_Link] = []
    for v in relevant:
        links.extend(_verb_links(v))
    for t in sent:  # "according to X"
        if t.lower_ == "according" and (
            _related(t, anchor) or anchor.is_ancestor(t) or any(t.head == v for v in relevant)
        ):
            for to in t.children:
                for g in to.children:
                    if g.dep_ == "pobj":
                        links.append(_Link(g, _SPEAKER, "according to", t))
    return links, relevant


def _quote_regions(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]


def _doc_quote_regions(doc: Any) -> list[tuple[int, int]]:
    """The quote regions of a parsed document, found once per document: ``doc.text`` rebuilds the text from
    every token on each access, so reading it once per figure made long reports quadratic."""
    key = "flashpoint.attribution.quote_regions"
    found: list[tuple[int, int]] | None = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = _quote_regions(doc.text)
    return found


def _quote_links(doc: Any, span: Any, lex: AttributionLexicon) -> tuple[list[_Link], list[Any]]:
    """Links for a span inside quotation marks: around the quote, or from the sentence before it."""
    region = next(
        ((s, e) for s, e in _doc_quote_regions(doc) if s <= span.start_char and span.end_char <= e + 1),
        None,
    )
    sent = span[0].sent
    if region is None:
        stripped = sent.text.strip()
        if not stripped or stripped[0] not in '“"«':
            return [], []
        region = (sent.start_char, sent.end_char)
    quoted = doc.char_span(region[0], region[1], alignment_mode="expand") or span
    sents = {quoted[-1].sent.start: quoted[-1].sent, quoted[0].sent.start: quoted[0].sent}
    for s in sents.values():
        for v in s:
            if _is_speech(v, lex) and not region[0] <= v.idx < region[1]:
                links = _verb_links(v)
                if links:
                    return links, [v]
    first = doc.char_span(region[0], region[1], alignment_mode="expand")
    start_sent = first[0].sent if first is not None and len(first) else sent
    if start_sent.start > 0:
        prev = doc[start_sent.start - 1].sent
        if prev.start_char < region[0]:
            # "X quoted a spokesman. “...”": the attribution of the sentence before carries over
            verbs = [t for t in prev if _is_speech(t, lex)]
            carried: list[_Link] = []
            for v in verbs:
                carried.extend(_verb_links(v))
            for t in prev:
                if t.lower_ == "according":
                    carried.extend(
                        _Link(g, _SPEAKER, "according to", t)
                        for to in t.children
                        for g in to.children
                        if g.dep_ == "pobj"
                    )
            if carried:
                return carried, verbs
    return [], []


def _resolve_pronoun(tok: Any, lex: AttributionLexicon) -> Any:
    """The nearest earlier speaker (or sentence subject) a pronoun speaker stands for."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        return tok.head.head
    if tok.lower_ not in _PRONOUNS:
        return tok
    doc = tok.doc
    sent = tok.sent
    for _ in range(5):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        candidates = [_subject(v) for v in sent if _is_speech(v, lex)]
        named = [c for c in candidates if c is not None and c.lower_ not in _PRONOUNS]
        if named:
            return named[-1]
        root_subj = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
        if root_subj:
            return root_subj[0]
    return tok


def _relaying(links: list[_Link]) -> set[int]:
    """Token indices of the reporting verbs, and of their speakers, that pass on a source cited or quoted in
    a participle hung on them: "X said, citing Y" and "X, quoting Y, said": Y speaks, X relays."""
    out: set[int] = set()
    for lk in links:
        if lk.rank == _SPEAKER and lk.verb.lemma_.lower() in ("cite", "quote") and lk.verb.dep_ in ("advcl", "acl"):
            out.add(lk.verb.head.i)
    return out


def _order(links: list[_Link], lex: AttributionLexicon) -> list[tuple[Any, int, str]]:
    """Resolve, deduplicate (a token keeps its outermost rank) and order links speaker-first."""
    has_speaker = any(lk.rank == _SPEAKER and lk.cue != "according to" for lk in links)
    relaying = _relaying(links)
    best: dict[int, tuple[Any, int, str]] = {}
    for lk in links:
        tok = _resolve_pronoun(lk.token, lex)
        rank = lk.rank
        if lk.cue == "according to" and has_speaker:
            rank = _OUTER
        elif rank == _SPEAKER and (lk.verb.i in relaying or lk.token.i in relaying):
            rank = _REPORTER
        cur = best.get(tok.i)
        if cur is None or rank > cur[1]:
            best[tok.i] = (tok, rank, lk.cue)
    return sorted(best.values(), key=lambda x: (x[1], x[0].i))


# --------------------------------------------------------------------------------------------
# Certainty


def _aux_words(tok: Any) -> list[str]:
    return [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _certainty(
    span: Any, anchor: Any, *, verbs: Sequence[Any], chain: Sequence[ChainLink], lex: AttributionLexicon
) -> tuple[Certainty, list[str]]:
    cues: list[str] = []
    lemmas = [v.lemma_.lower() for v in verbs]
    for v in verbs:
        if v.lemma_.lower() in lex.denial or (
            v.lemma_.lower() in ("confirm", "say") and any(c.dep_ == "neg" for c in v.children)
        ):
            return Certainty.DENIED, [v.text]
    aux = _aux_words(anchor)
    marks = {c.lower_ for c in anchor.children if c.dep_ == "mark"}
    marks |= {g.lower_ for c in anchor.children if c.dep_ == "advcl" for g in c.children if g.dep_ == "mark"}
    if any(a in lex.future_modals for a in aux):
        return Certainty.FUTURE, [a for a in aux if a in lex.future_modals]
    if anchor.lemma_.lower() in lex.future_verbs and any(c.dep_ == "xcomp" for c in anchor.children):
        return Certainty.FUTURE, [anchor.text]
    if anchor.lemma_.lower() == "be" and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in anchor.children
    ):
        return Certainty.FUTURE, ["is to"]
    if anchor.lower_ == "scheduled" or (anchor.lemma_.lower() == "go" and "going" in anchor.lower_):
        return Certainty.FUTURE, [anchor.text]
    modal_have = "have" in aux
    hypo = [a for a in aux if a in lex.hypothetical_modals]
    if hypo and not modal_have:
        if "would" in hypo and not (marks & lex.hypothetical_marks):
            past_speech = any(v.tag_ in ("VBD", "VBN") for v in verbs)
            if past_speech:
                return Certainty.FUTURE, ["would"]
        return Certainty.HYPOTHETICAL, hypo
    if "would" in hypo:  # "would have attacked": counterfactual, it did not happen ("could have": a hedge, below)
        return Certainty.HYPOTHETICAL, ["would have"]
    if marks & lex.hypothetical_marks and anchor.dep_ == "ROOT":
        return Certainty.HYPOTHETICAL, sorted(marks & lex.hypothetical_marks)
    negated = any(c.dep_ == "neg" for c in anchor.children)
    no_subject = any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (c.lower_ in ("nobody", "none") or any(d.lower_ == "no" for d in c.children))
        and c.lemma_.lower() not in _CASUALTY_NOUNS
        for c in anchor.children
    )
    if negated or no_subject:
        return Certainty.DENIED, ["not" if negated else "no"]
    # hedges: in the span, on the anchor, or on the way from it to the root
    path = [anchor, *anchor.ancestors]
    for t in span:
        if t.lower_ in lex.hedge_adverbs and t.pos_ in ("ADV", "ADJ", "VERB"):
            cues.append(t.text)
    for t in path:
        for c in t.children:
            if c.dep_ == "advmod" and c.lower_ in lex.hedge_adverbs:
                cues.append(c.text)
        lemma = t.lemma_.lower()
        if lemma in lex.hedge_verbs and t != anchor:
            cues.append(t.text)
        if lemma in ("say", "report", "believe", "think", "fear", "understand", "presume", "rumour") and (
            any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) and _agent(t) is None and t.pos_ == "VERB"
        ):
            cues.append(f"{t.text} (passive)")
    if hypo:  # only "may / might / could have" get here (a hedged past); without "have" they returned above
        cues.append("may have")
    if any("unconfirmed" in link.name.lower() for link in chain):
        cues.append("unconfirmed")
    if cues:
        return Certainty.HEDGED, sorted(set(cues))
    if any(lm in lex.distancing for lm in lemmas):
        return Certainty.CLAIMED, [v.text for v in verbs if v.lemma_.lower() in lex.distancing]
    return _sourced_certainty(chain, lex)


def _sourced_certainty(chain: Sequence[ChainLink], lex: AttributionLexicon) -> tuple[Certainty, list[str]]:
    """Certainty of an unhedged statement by who makes it: claimed by an interested party (a party to the
    conflict, a security ministry), reported by anyone else, asserted by the publisher itself."""
    if not chain:
        return Certainty.ASSERTED, []
    first = chain[0]
    interested = first.source_type in lex.interested or (
        first.source_type is SourceType.MINISTRY
        and any(_has_word(first.name.lower(), w) for w in lex.security_ministry)
    )
    return (Certainty.CLAIMED if interested else Certainty.REPORTED), [lk.cue for lk in chain if lk.cue]


# --------------------------------------------------------------------------------------------
# Public API


def _presupposed_links(sent: Any, lex: AttributionLexicon) -> tuple[list[_Link], list[Any]]:
    """Links for an event the sentence takes as given: the speakers who report it, not those who deny
    something else about it ("the rebels denied responsibility for Thursday's attack": the attack is not
    denied) nor a plan around it ("would hold more rallies after police broke up Friday's march").

    The sentence as a whole takes the mention as given, so the links are those of its main clause:
    "according to X" and "as reported by X" hang on that clause, not on the mention ("According to X, the
    curfew that followed Tuesday's riots was lifted")."""
    links, verbs = _sentence_links(sent, sent.root, lex)
    kept = [v for v in verbs if v.lemma_.lower() not in lex.denial]
    return [lk for lk in links if lk.verb in kept or lk.cue == "according to"], kept


def attribute(doc: Any, start: int, end: int, *, article: Article, anchor: int | None = None) -> Claim:
    """The claim that carries the text between character offsets ``start`` and ``end``.

    ``doc`` is the parse of ``article.text``. The chain runs from the original speaker to the last
    relay and leaves out the article's own publisher; an empty chain means the article says it itself.
    ``anchor`` is the token index of the word the claim is about (an event's trigger word); when the
    sentence takes that event as given (:func:`flashpoint.extract.clauses.reference`: "after Tuesday's
    attack", "a day after teachers rallied"), certainty comes from that mention, not from the main
    verb: the plan, denial or condemnation around it does not make it future, denied or hypothetical.
    """
    lex = lexicon()
    evidence = Evidence(article.id, start, end, article.text[start:end], STAGE)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Claim(evidence=evidence)
    sent = span[0].sent
    ref = clauses.reference(doc[anchor]) if anchor is not None else None
    if ref is not None:
        return _presupposed_claim(doc, span, doc[ref.head], article=article, evidence=evidence, lex=lex)
    anchor_tok = _anchor(span, lex)
    links, verbs = _sentence_links(sent, anchor_tok, lex)
    if not links:
        links, verbs = _quote_links(doc, span, lex)
    chain = _chain(links, article, lex)
    certainty, cues = _certainty(span, anchor_tok, verbs=verbs, chain=chain, lex=lex)
    all_cues = tuple(dict.fromkeys([*(link.cue for link in chain if link.cue), *cues]))
    return Claim(evidence=evidence, chain=tuple(chain), certainty=certainty, cues=all_cues)


def _chain(links: list[_Link], article: Article, lex: AttributionLexicon) -> list[ChainLink]:
    ordered = _order(links, lex)
    publisher = (article.source or "").lower().strip()
    chain: list[ChainLink] = []
    for tok, _rank, cue in ordered:
        name = _np_name(tok)
        if not name or name.lower() in _PRONOUNS:
            continue
        if publisher and (publisher == name.lower() or _has_word(name.lower(), publisher)):
            continue
        if any(link.name == name for link in chain):
            continue
        chain.append(ChainLink(name=name, source_type=source_type(name), cue=cue))
    return chain


def _presupposed_claim(
    doc: Any, span: Any, ref: Any, *, article: Article, evidence: Evidence, lex: AttributionLexicon
) -> Claim:
    """The claim for an event mention the sentence takes as given (see :func:`attribute`).

    Its certainty is asserted, reported or claimed by who reports the sentence, or hedged by hedges on
    the way from the mention to the sentence root ("reportedly"); a plan, modal or denial around it does
    not apply to it.
    """
    links, verbs = _presupposed_links(span[0].sent, lex)
    chain = _chain(links, article, lex)
    hedges = sorted(
        {
            c.text
            for t in [ref, *ref.ancestors]
            for c in t.children
            if c.dep_ == "advmod" and c.lower_ in lex.hedge_adverbs
        }
        | {t.text for t in ref.subtree if t.lower_ in lex.hedge_adverbs and t.pos_ in ("ADV", "ADJ")}
    )
    if hedges:
        certainty, cues = Certainty.HEDGED, hedges
    elif any(v.lemma_.lower() in lex.distancing for v in verbs):
        certainty, cues = Certainty.CLAIMED, [v.text for v in verbs if v.lemma_.lower() in lex.distancing]
    else:
        certainty, cues = _sourced_certainty(chain, lex)
    all_cues = tuple(dict.fromkeys([*(link.cue for link in chain if link.cue), *cues]))
    return Claim(evidence=evidence, chain=tuple(chain), certainty=certainty, cues=all_cues)


def find_caveats(doc: Any, *, article: Article, figures: Sequence[Figure] = ()) -> tuple[Caveat, ...]:
    """Article-level statements about verification, linked to the figures they qualify.

    A caveat qualifies the figures of its own sentence when it has any ("... killed, a toll that could not
    be verified"); otherwise, if it names a kind or group ("figures for civilian deaths are not yet
    known") the figures of that kind or group; otherwise every figure of the article.
    """
    lex = lexicon()
    out: list[Caveat] = []
    for sent in doc.sents:
        text = sent.text
        if not any(p.search(text) for p in lex.caveats):
            continue
        s, e = sent.start_char, sent.end_char
        own = tuple(i for i, f in enumerate(figures) if s <= f.evidence.start < e)
        if not own:
            low = text.lower()
            topical = tuple(
                i
                for i, f in enumerate(figures)
                if (f.victims != "unknown" and f.victims.split()[0].rstrip("s") in low)
                or (f.kind.value == "killed" and re.search(r"\b(death|dead|fatalit|killed)", low))
                or (f.kind.value == "injured" and re.search(r"\b(injur|wound)", low))
            )
            own = topical or tuple(range(len(figures)))
        out.append(Caveat(text=text.strip(), evidence=Evidence(article.id, s, e, text, STAGE), qualifies=own))
    return tuple(out)
