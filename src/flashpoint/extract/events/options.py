"""Options of the event coder: the stage's name and version, and every threshold it uses, as named fields.

Three records, one per step of :mod:`flashpoint.extract.events`:

- :class:`CueFactors`: how far the parse damps a cue word that is not itself the event (step 1);
- :class:`CodebookOptions`: the levels and shares of the codebook rules (:mod:`.codebook`, step 3);
- :class:`EventOptions`: the episode and fallback thresholds (step 4), holding the other two.

How they were calibrated: cue weights in ``data/event_lexicon.json`` run from 0.5 (a hint) to 3.0 (a word
that alone names an event). The levels below (``present`` 2.0, ``strong`` 2.5, ``decisive`` 3.0) and the
damping factors were set by hand while reading the sentence scores of event and non-event sentences in the
development sets (ACLED notes, news paragraphs, non-conflict news): ``present`` is the score one plain cue
word reaches on its own, ``strong`` the score of a word that leaves no doubt about the kind of event,
``decisive`` one that outweighs everything else in its sentence. Shares (< 1) say how much a second kind
of evidence adds to the first; discounts say how much a reading loses against a competing one. No value was
fitted by a search; each was chosen so that the reading it encodes holds on invented sentences in
``tests/extract/events``.
"""

from __future__ import annotations

import dataclasses

NAME = "events"
VERSION = "0.8.0"
STAGE = f"{NAME}@{VERSION}"


@dataclasses.dataclass(frozen=True, slots=True)
class CueFactors:
    """Factors applied to a cue word's lexicon weight when the parse says it is not the event itself.

    A factor of 0.1 or less all but removes the cue (the sentence says the event did not happen, or the word
    means something else); 0.3-0.35 leaves a cue that can still decide with support (a plan, a reason);
    0.5-0.6 is background that still tells what kind of text this is.
    """

    negated: float = 0.2  # "did not protest", "refused to attack"
    none_took_part: float = 0.05  # "there were no arrests", "no one was killed"
    self_dispersed: float = 0.2  # "the marchers dispersed peacefully": nobody broke the crowd up
    inanimate_subject: float = 0.1  # "shares rallied", "the storm struck"
    transitive_sense: float = 0.1  # "demonstrated that ...": not a protest sense
    modal: float = 0.35  # "will march", "could strike"
    plan: float = 0.3  # "threatened to strike", "called for a protest"
    hypothetical: float = 0.3  # "if they hold a rally", a question
    generic: float = 0.35  # "the causes of protests", "a rise in attacks"
    proper_name: float = 0.1  # a cue word inside a place name
    struggle: float = 0.1  # "battling to stay afloat": a struggle, not a fight
    relative_clause: float = 0.6  # "families who say their sons were abducted held a sit-in"
    reason: float = 0.35  # "protest against the airstrikes": what the event is about
    planned_modifier: float = 0.3  # "the looming strike", "a planned march"
    bare_plural: float = 0.5  # "causes of protests": such events in general
    scare_quoted: float = 0.3  # 'said she had been "abducted"': one quoted word is the speaker's label for an act
    main_verb: float = 1.15  # a cue that is the sentence's root is what the sentence reports
    qualified_strike: float = 3.0  # weight floor of "strike" with a modifier ("taxi strike", "national strike")


@dataclasses.dataclass(frozen=True, slots=True)
class CodebookOptions:
    """Levels and shares of the codebook rules (see :mod:`flashpoint.extract.events.codebook`)."""

    # levels of a cue class score
    hint: float = 1.0  # a weak sign of a kind of event (a gathering with some protest word)
    attack_min: float = 1.5  # an attack word with some damping still codes an attack
    intervention_min: float = 1.8  # a dispersal word, slightly damped, still makes an intervention
    present: float = 2.0  # the sentence names this kind of event
    strong: float = 2.5  # ... and leaves no doubt about it
    decisive: float = 3.0  # ... and outweighs what else the sentence says
    private_min: float = 0.4  # any word of a private dispute (land, family, inheritance)
    label_score: float = 6.0  # a note's own label ("Movement of forces:") outranks every cue
    # bonuses for the kind of actor named
    protesters_bonus: float = 0.8  # people the text calls protesters make a protest more likely
    rioters_bonus: float = 1.0  # people the text calls rioters or a mob make a riot more likely
    crowd_clash_share: float = 0.8  # a fight by an unarmed crowd counts this share as rioting
    # shares: how much a second kind of evidence adds to the first
    support_share: float = 0.3  # blockade or gathering words adding to protest words; attack to mob
    riot_protest_share: float = 1.0  # protest words adding to rioting: a violent demonstration outranks an
    # intervention or a peaceful reading whenever the crowd itself was violent (ACLED codes the crowd's violence)
    force_share: float = 0.8  # lethal force or an attack on protesters adding to a protest
    intervention_share: float = 0.4  # a dispersal adding to a protest
    dispersal_share: float = 0.75  # a dispersal of a gathering without protest words
    dispersal_protest_share: float = 0.5  # ... plus this share of any protest words
    # discounts
    mob_discount: float = 0.9  # mob violence against a competing riot/attack reading
    crowd_clash_discount: float = 0.95  # a clash by an unarmed crowd coded as mob violence
    riot_alone: float = 0.6  # a riot word without a crowd or a protest (one man throwing a bottle)
    riot_without_protest: float = 0.85  # a riot word with a crowd but no protest words
    disrupted: float = 0.6  # weapons found or seized: the named weapon was not used
    development: float = 0.85  # violence wins a tie against a strategic development
    # bonuses of particular readings
    heavy_weapon_bonus: float = 1.0  # a named heavy weapon fired at positions is shelling
    small_arms_bonus: float = 0.3  # an exchange of small-arms fire is a clash
    remote_bonus: float = 0.5  # fire from a distance that nobody returns is shelling
    two_sides_bonus: float = 0.7  # a clash with two armed sides named
    communal_bonus: float = 1.0  # violence the text calls communal outranks mob and attack readings
    civilian_bonus: float = 0.5  # an attack with civilian victims named
    raid_bonus: float = 1.0  # a settlement raided: an attack on the people living there
    territory_bonus: float = 0.5  # a change of hands, plus up to this much more for fighting
    transfer_share: float = 0.3  # taking words adding to a transfer of territory
    # an explosive as the means (issue 11): a bomb that destroys a building or kills a guard is a remote
    # explosive event (ACLED codes the means), even when "bomb" (1.8) or "explosion" (1.5) alone stay below
    # ``present``; 1.5 admits every explosive word of the lexicon, the bonus lets the means outrank the
    # attack or destruction words of the same sentence.
    explosive_min: float = 1.5
    explosive_bonus: float = 0.6
    # weapon classes: (cue class, sub-event type, factor); a factor above 1 lets the weapon outrank the
    # plain violence words of the same sentence ("a suicide bomber attacked ..." is a suicide bombing)
    weapons: tuple[tuple[str, str, float], ...] = (
        ("SUICIDE", "Suicide bomb", 1.3),
        ("CHEMICAL", "Chemical weapon", 1.2),
        ("AIR", "Air/drone strike", 1.05),
        ("SHELL", "Shelling/artillery/missile attack", 1.0),
        ("IED", "Remote explosive/landmine/IED", 1.0),
        ("GRENADE", "Grenade", 1.1),
        ("ABDUCT", "Abduction/forced disappearance", 1.0),
        ("SEXUAL", "Sexual violence", 1.0),
    )
    # strategic developments: (cue class, sub-event type), each scored at ``development`` times its cue
    developments: tuple[tuple[str, str], ...] = (
        ("ARREST", "Arrests"),
        ("AGREEMENT", "Agreement"),
        ("CHANGE", "Change to group/activity"),
        ("DISRUPTED", "Disrupted weapons use"),
        ("HQ", "Headquarters or base established"),
        ("LOOT", "Looting/property destruction"),
        ("TRANSFER", "Non-violent transfer of territory"),
        ("OTHER", "Other"),
        ("REQUEST", "Other"),
    )
    # a report known to be about a crowd event (see decide_crowd)
    crowd_violence: float = 1.5  # violence words that make a crowd event violent
    crowd_protest: float = 1.5  # protest words that make it a demonstration rather than mob violence


@dataclasses.dataclass(frozen=True, slots=True)
class EventOptions:
    """Options for event extraction.

    ``min_score`` is the score a sentence needs to report an event at all; ``new_event_score`` the score
    a later sentence needs to open a new event instead of adding detail to the current one. Both were set
    by looking at the score distributions of event and non-event sentences in the development notes.
    ``detail_weight`` is the weight of a sentence that adds detail to an episode opened before it.
    """

    max_events: int = 20
    min_score: float = 2.0
    new_event_score: float = 2.5
    fallback_score: float = 1.0
    fallback_boost: float = 1.6
    short_text: int = 600  # characters: a note this short reports one incident (all its figures are the primary's)
    detail_weight: float = 0.9
    # issue 11: an article with no violent event of its own codes at most this many violent incidents it
    # refers to (a follow-up about the arrest or the funeral codes the killing); 1 = the incident it is about
    max_background: int = 1
    # issue 14: an armed group's attack and the state's armed response to it within this many sentences are one
    # battle ("... attacked the post. Guards repelled them."); 1 = the next sentence, the usual place of a
    # response in a wire report (set by reading invented reports, see tests/extract/events/test_core.py)
    response_gap: int = 1
    cues: CueFactors = dataclasses.field(default_factory=CueFactors)
    codebook: CodebookOptions = dataclasses.field(default_factory=CodebookOptions)
