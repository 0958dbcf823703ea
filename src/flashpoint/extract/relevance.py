"""Relevance: does an article report political violence, protest or a strategic development at all?

Reads an :class:`~flashpoint.records.Article` (its raw text, *before* any parse) and the cue lexicon
``data/relevance_lexicon.json``; writes a :class:`~flashpoint.records.Relevance` decision with the rule
that decided, a reason an analyst can read and the evidence span of the deciding cue. The pipeline runs it
first: an article judged out of scope gets no event and does not pay for a spaCy parse.

It is lexical and cheap on purpose (one regular expression per cue group). Cue kinds:

* ``anchor`` cues name political violence, protest or a strategic development almost whatever the topic
  ("gunmen", "protesters", "curfew");
* ``weak`` cues are shared with other news: ``context`` words ("killed", "died", "police") are as common
  in disaster, accident, crime and obituary news; ``force`` words ("attack", "shot", "fight") point at
  the use of force;
* ``domains`` cues name one kind of news outside the project's scope (sport, disasters, accidents,
  technology, business, entertainment, obituaries, appointments, elections, regulation, health, science,
  weather).

Rules, in order; the first that fires decides (see :class:`RelevanceOptions` for the thresholds):

1. ``relevance.no_cue``: no anchor cue and fewer than ``min_force_alone`` force cues: nothing to code
   (a climber killed in a fall, an obituary). Not applied to a text shorter than ``short_text``
   characters (a coder's note, a wire brief): it names its event in few words the lexicon may lack, and
   judging it saves next to nothing.
2. ``relevance.other_domain``: the strongest other domain has at least ``min_domain`` cues and more than
   ``domain_ratio`` (x ``short_ratio`` for a text under ``short_text`` characters) times the conflict
   score (``anchor_weight`` x anchors + force cues + ``context_weight`` x context cues): the weak cues
   are explained by that domain (a boxer's fight, an earthquake's dead, a browser "attack").
   ``relevance.embedded_report`` overrides it when some sentences of that other news report conflict in
   their own words (a markets report: "strikers blocked the port road and police fired tear gas"): each such
   sentence holds at least ``min_embedded_anchors`` anchors of violence or protest and a conflict score
   above its own domain cues (the ``domain_ratio`` test, on the sentence). Those sentences alone are read;
   the rest of the article is listed in :attr:`Relevance.quiet`, so the other news is neither parsed nor
   coded.
3. ``relevance.in_scope``: otherwise the article is read.

Per paragraph: in an article in scope, a paragraph (blocks between blank lines; lines when the text has
no blank line) after the first that holds no cue of any kind (no anchor, no force, no context word) is
listed in :attr:`Relevance.quiet`; the pipeline blanks it before the parse (same length, offsets kept),
so background on a company's history or a player's career costs nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType

from flashpoint.errors import ConfigError
from flashpoint.records import Article, Evidence, Relevance

NAME = "relevance"
VERSION = "0.1.0"
STAGE = f"{NAME}@{VERSION}"


@dataclasses.dataclass(frozen=True, slots=True)
class RelevanceOptions:
    """Thresholds of the relevance rules.

    Calibrated on the development sets' sizes and kinds, not their rows: a news article of 300-800 words
    about an attack or a protest carries several anchor cues; one about a football match or an earthquake
    carries a handful of weak ones ("killed", "fight") and many of its own domain.

    ``min_force_alone``: with no anchor, this many force cues still make an article worth reading (a short
    report: "the magistrate was shot"). 1: context words alone (killed, died) never suffice, a single word of
    force does, because the domain rule still weighs it against the article's other vocabulary.
    ``short_text``: characters; a shorter text is only ever judged out of scope by ``other_domain``. 600 is
    the length the event coder takes for a one-incident note (``EventOptions.short_text``).
    ``short_ratio``: in a shorter text the domain must out-weigh the conflict twice over: a brief names its
    event in a few words ("workers demonstrated over unpaid virus-testing bonuses").
    ``anchor_weight``: an anchor counts as this many force cues in the conflict score.
    ``context_weight``: a context cue (killed, died, police) counts this much: half a force cue, because
    disaster, accident and obituary news is full of them.
    ``domain_ratio`` / ``min_domain``: an article is another domain's news when that domain has at least
    ``min_domain`` cues and more than ``domain_ratio`` x the conflict score. A ratio of 1.0 means the domain
    must out-weigh everything that points at conflict, so a protest during an election campaign or an
    attack on a football stadium is still read.
    ``min_embedded_anchors``: anchors of violence or protest (strategic anchors such as "arrested" or
    "raided" do not count: business news arrests executives) a sentence of another domain's article needs
    to be read as an embedded report. 2: one anchor word is how business and technology news borrows the
    vocabulary ("attackers exploited the flaw", "a boycott of the product"); two in one sentence name an
    event ("rioters looted shops and strikers blocked the port road"). 0 switches the rule off.
    """

    min_force_alone: int = 1
    short_text: int = 600
    short_ratio: float = 2.0
    anchor_weight: int = 3
    context_weight: float = 0.5
    domain_ratio: float = 1.0
    min_domain: int = 3
    min_embedded_anchors: int = 2
    enabled: bool = True
    quiet_paragraphs: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class CueGroup:
    """One named group of cues compiled into a single case-insensitive pattern."""

    name: str
    pattern: re.Pattern[str]


@dataclasses.dataclass(frozen=True, slots=True)
class RelevanceLexicon:
    """The cue groups of ``data/relevance_lexicon.json``."""

    anchors: tuple[CueGroup, ...]
    context: CueGroup
    force: CueGroup
    domains: tuple[CueGroup, ...]


def _cue_regex(cue: str) -> str:
    words = cue.strip().split()
    parts = [re.escape(w[:-1]) + r"[\w'-]*" if w.endswith("*") else re.escape(w) for w in words]
    return r"\s+".join(parts)


def _by_first_character(alternatives: Sequence[str]) -> str:
    """The alternation ``a|b|...`` with alternatives that start with the same letter or digit factored under it
    ("kill.*|kidnap|shot" -> "k(?:ill.*|idnap)|s(?:hot)").

    It matches exactly what the plain alternation matches: at one position only the alternatives that start
    with the character found there can match, and they are tried in their original order. The regex engine
    then tries a few dozen first characters at each word instead of every cue (a group holds hundreds), which
    made this the most expensive step of judging relevance. Returns the plain alternation when an
    alternative starts with anything but an ASCII letter or digit.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[:1]
        if not (first.isascii() and first.isalnum()):
            return "|".join(alternatives)
        groups.setdefault(first.lower(), []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(tails)})" for first, tails in groups.items())


def compile_group(name: str, cues: Sequence[str]) -> CueGroup:
    """Compile cues ('bomb*', 'tear gas') into one word-bounded, case-insensitive pattern."""
    alternatives = sorted({_cue_regex(c) for c in cues if c.strip()}, key=len, reverse=True)
    if not alternatives:
        raise ConfigError(f"relevance cue group {name!r} is empty")
    pattern = r"(?<![\w-])(?:" + _by_first_character(alternatives) + r")(?![\w-])"
    return CueGroup(name, re.compile(pattern, re.IGNORECASE))


@functools.cache
def load_lexicon() -> RelevanceLexicon:
    """Load ``data/relevance_lexicon.json`` once per process."""
    try:
        raw = json.loads(resources.files("flashpoint.data").joinpath("relevance_lexicon.json").read_text("utf-8"))
        anchors = tuple(compile_group(k, v) for k, v in raw["anchor"].items())
        context = compile_group("context", raw["weak"]["context"])
        force = compile_group("force", raw["weak"]["force"])
        domains = tuple(compile_group(k, v) for k, v in raw["domains"].items())
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise ConfigError(f"cannot read the relevance lexicon: {exc}") from exc
    if "_meta" not in raw:
        raise ConfigError("the relevance lexicon has no _meta header")
    return RelevanceLexicon(anchors, context, force, domains)


@dataclasses.dataclass(frozen=True, slots=True)
class CueCounts:
    """How many cues of each group a text holds, and where the first of each is."""

    counts: Mapping[str, int]
    first: Mapping[str, tuple[int, int]]

    def of(self, name: str) -> int:
        """The count of one group (0 when absent)."""
        return self.counts.get(name, 0)


def count_cues(text: str, *, lexicon: RelevanceLexicon) -> CueCounts:
    """Count every cue group's matches in ``text``."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for group in (*lexicon.anchors, lexicon.context, lexicon.force, *lexicon.domains):
        n = 0
        for match in group.pattern.finditer(text):
            if n == 0:
                first[group.name] = match.span()
            n += 1
        counts[group.name] = n
    return CueCounts(MappingProxyType(counts), MappingProxyType(first))


def judge_relevance(
    article: Article, *, lexicon: RelevanceLexicon | None = None, options: RelevanceOptions | None = None
) -> Relevance:
    """Decide whether ``article`` is in the project's scope, by the first rule that fires (module docs)."""
    lex = lexicon or load_lexicon()
    opts = options or RelevanceOptions()
    text = article.text
    if not opts.enabled:
        return Relevance(True, "relevance.disabled", "relevance judging is switched off", None)
    cues = count_cues(text, lexicon=lex)
    anchors = sum(cues.of(g.name) for g in lex.anchors)
    force = cues.of("force")
    weak = cues.of("context") + force
    conflict = opts.anchor_weight * anchors + force + opts.context_weight * cues.of("context")

    def evidence(group: str) -> Evidence | None:
        span = cues.first.get(group)
        if span is None:
            return None
        return Evidence(article.id, span[0], span[1], text[span[0] : span[1]], STAGE)

    if anchors == 0 and force < opts.min_force_alone and len(text) >= opts.short_text:
        reason = f"no cue of political violence, protest or a strategic development ({force} cues of force)"
        return Relevance(False, f"{STAGE}:relevance.no_cue", reason, evidence("context"))
    domain, n_domain = max(((g.name, cues.of(g.name)) for g in lex.domains), key=lambda x: x[1])
    ratio = opts.domain_ratio * (opts.short_ratio if len(text) < opts.short_text else 1.0)
    if n_domain >= opts.min_domain and n_domain > ratio * conflict:
        reason = f"reads as {domain} news: {n_domain} {domain} cues against a conflict score of {conflict}"
        embedded = embedded_reports(text, lexicon=lex, options=opts)
        if embedded:
            start, end = embedded[0]
            reason += f"; {len(embedded)} sentence(s) in it report conflict and are read alone"
            quiet = _complement(embedded, len(text))
            span = Evidence(article.id, start, end, text[start:end], STAGE)
            return Relevance(True, f"{STAGE}:relevance.embedded_report", reason, span, quiet)
        return Relevance(False, f"{STAGE}:relevance.other_domain", reason, evidence(domain))
    best = max(lex.anchors, key=lambda g: cues.of(g.name)).name if anchors else "force"
    reason = f"{anchors} anchor and {weak} weak cues of conflict; strongest other domain {domain} ({n_domain})"
    quiet = quiet_paragraphs(text, lexicon=lex) if opts.quiet_paragraphs and len(text) >= opts.short_text else ()
    return Relevance(True, f"{STAGE}:relevance.in_scope", reason, evidence(best), quiet)


#: anchor groups of ``data/relevance_lexicon.json`` that make a sentence of other news an embedded report:
#: violence and protest, not "strategic" (arrests, raids and seizures are also business and crime news)
EMBEDDED_GROUPS = ("violence", "protest")

#: a sentence ends at . ! or ? (and any closing quote or bracket) before white space and a capital, a digit
#: or an opening quote: cheap, before any parse, good enough to keep a sentence of news whole
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"\u201c(]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of a text's sentences by punctuation (no parse; abbreviations may split one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def embedded_reports(text: str, *, lexicon: RelevanceLexicon, options: RelevanceOptions) -> list[tuple[int, int]]:
    """Spans of the sentences of another domain's article that report violence or protest in their own words
    (rule ``relevance.embedded_report``, module docs)."""
    if options.min_embedded_anchors <= 0:
        return []
    found: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        cues = count_cues(text[start:end], lexicon=lexicon)
        anchors = sum(cues.of(group) for group in EMBEDDED_GROUPS)
        if anchors < options.min_embedded_anchors:
            continue
        conflict = options.anchor_weight * anchors + cues.of("force") + options.context_weight * cues.of("context")
        n_domain = max(cues.of(g.name) for g in lexicon.domains)
        if n_domain <= options.domain_ratio * conflict:
            found.append((start, end))
    return found


def _complement(spans: Sequence[tuple[int, int]], length: int) -> tuple[tuple[int, int], ...]:
    """The character spans of ``[0, length)`` outside the sorted, disjoint ``spans``."""
    out: list[tuple[int, int]] = []
    at = 0
    for start, end in spans:
        if start > at:
            out.append((at, start))
        at = end
    if at < length:
        out.append((at, length))
    return tuple(out)


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of a text's paragraphs: blocks between blank lines, or lines when it has none
    (hard-wrapped wire copy keeps its blank lines; web text often puts one paragraph on each line)."""
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans: list[tuple[int, int]] = []
    start = 0
    for match in splitter.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def quiet_paragraphs(text: str, *, lexicon: RelevanceLexicon) -> tuple[tuple[int, int], ...]:
    """Spans of the paragraphs after the first that hold no cue of any group but the other domains."""
    groups = (*lexicon.anchors, lexicon.context, lexicon.force)
    return tuple(
        (start, end)
        for start, end in paragraphs(text)[1:]
        if not any(g.pattern.search(text, start, end) for g in groups)
    )
