"""Figures: counts, intervals, victim groups and ACLED fatalities on short reports written here."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.extract.figures import event_fatalities
from flashpoint.extract.quantities import Quantity, parse_quantity
from flashpoint.records import FigureKind

from .figures_tools import figures_of as _figures


@pytest.mark.parametrize(
    ("phrase", "low", "best", "high", "acled"),
    [
        ("at least eight", 8, 8, None, 8),
        ("more than 1,000", 1001, 1001, None, 1001),
        ("dozens", 24, 36, 99, 12),
        ("tens", 20, 30, 99, 10),
        ("hundreds", 200, 300, 999, 100),
        ("twenty-five", 25, 25, 25, 25),
        ("between five and 23", 5, 5, 23, 5),
        ("no", 0, 0, 0, 0),
    ],
)
def test_quantity_phrases(phrase: str, low: int | None, best: int | None, high: int | None, acled: int) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.low, q.best, q.high, q.acled) == (low, best, high, acled)


def test_quantity_ignores_hyphenated_numbers() -> None:
    assert parse_quantity("a 17-year-old") is None
    assert parse_quantity("COVID-19") is None


def test_passive_count_with_modifier_and_group(parse: Any) -> None:
    figs = _figures(parse, "At least nine police officers and soldiers were killed in the clashes in Osh.")
    assert len(figs) == 1
    f = figs[0]
    assert (f.kind, f.victims, f.low, f.best, f.high, f.acled_value) == (
        FigureKind.KILLED,
        "security forces",
        9,
        9,
        None,
        9,
    )
    assert "nine" in f.phrase
    assert f.evidence.text == f.phrase


def test_vague_count_and_attackers(parse: Any) -> None:
    figs = _figures(parse, "Dozens of gunmen were killed when troops stormed the compound.")
    killed = [f for f in figs if f.kind is FigureKind.KILLED]
    assert [(f.victims, f.acled_value, f.low, f.high) for f in killed] == [("attackers", 12, 24, 99)]


def test_population_numbers_are_not_figures(parse: Any) -> None:
    text = "The region, home to more than 18 million inhabitants, saw three people injured in the riots."
    figs = _figures(parse, text)
    assert [(f.kind, f.best) for f in figs] == [(FigureKind.INJURED, 3)]


def test_active_verb_object_and_singular(parse: Any) -> None:
    figs = _figures(parse, "A soldier was killed and gunmen shot dead two herders near the well, injuring a boy.")
    got = sorted((f.kind.value, f.victims, f.best) for f in figs)
    assert got == [("injured", "civilians", 1), ("killed", "civilians", 2), ("killed", "security forces", 1)]
    assert event_fatalities(figs)[0] == 3


def test_adjective_and_noun_triggers(parse: Any) -> None:
    figs = _figures(parse, "The explosion left 4 dead. Hospital staff counted more than 1,000 injured. 2 fatalities.")
    kinds = sorted((f.kind.value, f.low) for f in figs)
    assert ("killed", 4) in kinds
    assert ("injured", 1001) in kinds
    assert ("killed", 2) in kinds


def test_same_phrase_is_counted_once(parse: Any) -> None:
    figs = _figures(parse, "Two journalists were detained and later released.")
    assert len([f for f in figs if f.kind is FigureKind.ARRESTED]) == 1


def test_casualties_are_not_fatalities(parse: Any) -> None:
    figs = _figures(parse, "The shelling caused dozens of civilian casualties, residents said.")
    assert [f.kind for f in figs] == [FigureKind.CASUALTIES]
    assert event_fatalities(figs) == (0, 0, 0)


def test_background_deaths_are_not_counted(parse: Any) -> None:
    figs = _figures(parse, "Residents marched through Brenmoor over the death of a boda boda rider shot by police.")
    assert figs
    assert all(f.background for f in figs if f.kind is FigureKind.KILLED)
    assert event_fatalities(figs)[0] == 0


def test_event_fatalities_sums_groups_and_prefers_totals(parse: Any) -> None:
    figs = _figures(parse, "Three soldiers and five militants died in the fighting. 8 fatalities.")
    assert event_fatalities(figs)[0] == 8
    figs = _figures(parse, "Militants killed an unknown number of soldiers at the base.")
    value, _low, high = event_fatalities(figs)
    assert value == 10
    assert high is None


def test_injuries_and_arrests_alone_give_zero(parse: Any) -> None:
    figs = _figures(parse, "Police arrested 40 protesters and 12 officers were injured.")
    assert {f.kind for f in figs} == {FigureKind.ARRESTED, FigureKind.INJURED}
    assert event_fatalities(figs) == (0, 0, 0)


def test_a_dateline_day_is_not_the_low_end_of_a_range(parse: Any) -> None:
    dated = parse_quantity("June 4 - Seven")
    assert dated is not None
    assert (dated.low, dated.best, dated.high, dated.acled) == (7, 7, 7, 7)
    ranged = parse_quantity("14 - 17")
    assert ranged is not None
    assert (ranged.low, ranged.high) == (14, 17)
    text = "PELMORA, June 4 - Seven people were killed when gunmen attacked a bus near Pelmora on Sunday, police said."
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert [(f.low, f.high, f.acled_value) for f in killed] == [(7, 7, 7)]


def test_a_dateline_day_outside_the_counting_phrase_is_still_a_date(parse: Any) -> None:
    # the parser may attach the month to the town and leave only "4 - Seven" before the counted noun
    after_month = parse_quantity("4 - Seven", before="VARSA, June ")
    assert after_month is not None
    assert (after_month.low, after_month.high) == (7, 7)
    assert parse_quantity("4 - 7", before="attacks on ") == Quantity(4, 4, 7, 4, 0, 5)
    text = "VARSA, June 4 - Seven people were killed when gunmen attacked a market, police said."
    killed = [f for f in _figures(parse, text) if f.kind is FigureKind.KILLED]
    assert [(f.low, f.high, f.acled_value) for f in killed] == [(7, 7, 7)]


def test_a_named_member_of_a_counted_group_is_not_another_figure(parse: Any) -> None:
    # the spokesperson is one of the 41, not one more arrest (and not an arrest count of one that undercuts
    # 41 when the most conservative figure is taken); "among them" may hang on the verb or on the name
    for text, count in (
        (
            "DOVRA, June 3 - Police arrested 41 people in Dovra on Friday night, among them Tannery "
            "Workers Union spokesperson Ilka Korva, as officers broke up a vigil, police said.",
            41,
        ),
        (
            "Police arrested 23 students in Varsa on Monday, among them Student Union president Ilse Varnok, "
            "as officers dispersed a march, police said.",
            23,
        ),
    ):
        arrested = [f for f in _figures(parse, text) if f.kind is FigureKind.ARRESTED]
        assert [f.best for f in arrested] == [count], text
    # two objects without "among them" are two counts
    both = _figures(parse, "Gunmen killed three farmers and abducted a herder near Kafanchan.")
    assert sorted((f.kind.value, f.best) for f in both) == [("kidnapped", 1), ("killed", 3)]


def test_a_negated_death_is_denied_and_counts_nothing(parse: Any) -> None:
    figs = _figures(parse, "Three villagers were not killed in the raid, the mayor said.")
    assert [(f.kind, f.acled_value, f.claim.certainty.value) for f in figs] == [(FigureKind.KILLED, 3, "denied")]
    assert event_fatalities(figs) == (0, 0, 0)


def test_victim_groups_add_up_and_a_smaller_generic_total_does_not_replace_them(parse: Any) -> None:
    figs = _figures(parse, "Four soldiers and two civilians were killed during an ambush near Pelgrad, the army said.")
    assert sorted((f.victims, f.acled_value) for f in figs) == [("civilians", 2), ("security forces", 4)]
    assert event_fatalities(figs) == (6, 6, 6)
    figs = _figures(parse, "Five protesters were killed on Monday; a total of three people died, officials said.")
    assert event_fatalities(figs)[0] == 5  # a generic toll below the sum of the groups never lowers it


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Troops of two countries exchanged fire near Varsa, in which one civilian was killed.", 1),
        ("Police stormed a camp near Orlo, which resulted in 17 rebels dead and 9 captured.", 17),
        ("Two men accused of theft were fatally assaulted by neighbours in Pelmora.", 2),
        ("Militants shot a water carrier near a checkpoint in Orlo, resulting in his death.", 1),
        ("Two soldiers killed, three hurt in ambush near Varsa", 2),
        ("Two soldiers feared dead after an ambush near Tesh.", 2),
        ("Militiamen shot and killed 3 farmers in Orlo and beheaded a trader in Tesh.", 4),
        ("Five Red Hand fighters were killed in a raid on their camp near Orlo.", 5),
        ("A 45-year-old trader was shot dead in Orlo.", 1),
    ],
)
def test_death_expressions(parse: Any, text: str, fatalities: int) -> None:
    """Relative clauses about the event, "fatally", headline ellipsis, "feared dead", "his death", a named
    group's fighters, totals across coordinated clauses; an age is no count."""
    assert event_fatalities(_figures(parse, text))[0] == fatalities


def test_a_relative_clause_about_a_person_stays_background(parse: Any) -> None:
    text = "Relatives of a man who was killed last year marched through Orlo."
    assert event_fatalities(_figures(parse, text))[0] == 0


def test_gunmen_who_killed_and_wounded_share_one_object(parse: Any) -> None:
    text = "Gunmen killed and wounded twenty people in Tesh."
    assert event_fatalities(_figures(parse, text))[0] == 20


# Every figure of a sentence, pinned whole: (kind, victims, phrase, (low, best, high, ACLED), UCDP
# (low, best, high), background, running total). A reading rule that drifts (a lost group, a widened span,
# a period no longer seen, a vague word's UCDP best) fails here; "..." leaves a phrase unpinned.
K, INJ, ARR, DISP, KID = (FigureKind.KILLED, FigureKind.INJURED, FigureKind.ARRESTED, FigureKind.DISPLACED,
                          FigureKind.KIDNAPPED)  # fmt: skip
PINNED_FIGURES = [
    ("The death toll from the bombing in Varso rose to 31 on Tuesday.",
     [(K, "unknown", "...", (31, 31, 31, 31), (31, 31, 31), False, False)]),
    ("The shelling of the market in Orlo resulted in 4 soldiers killed.",
     [(K, "security forces", "4 soldiers killed", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("The ambush near Kessa left 23 rebels dead, the army said.",
     [(K, "rebels", "23 rebels dead", (23, 23, 23, 23), (23, 23, 23), False, False)]),
    ("Two soldiers killed, three hurt in ambush near Varso.",
     [(K, "security forces", "Two soldiers killed", (2, 2, 2, 2), (2, 2, 2), False, False),
      (INJ, "unknown", "three hurt", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The war has killed more than 7,000 people in ten years of fighting.",
     [(K, "unknown", "killed more than 7,000 people", (7001, 7001, None, 7001), (7001, 7001, 7001), False, True)]),
    ("Over the past decade, more than 300 people have been killed in attacks in the province.",
     [(K, "unknown", "more than 300 people have been killed", (301, 301, None, 301), (301, 301, 301), False,
       True)]),
    ("Since 1990, about 2,000 people have died in the conflict.",
     [(K, "unknown", "about 2,000 people have died", (1800, 2000, 2200, 2000), (1800, 2000, 2200), False, True)]),
    ("Since the war began, at least 500 civilians have been killed in Orlo.",
     [(K, "civilians", "at least 500 civilians have been killed", (500, 500, None, 500), (500, 500, 500), False,
       True)]),
    ("At least 40 people have been killed over the past week around Orlo.",
     [(K, "unknown", "At least 40 people have been killed", (40, 40, None, 40), (40, 40, 40), False, True)]),
    ("Since Monday, 12 protesters have been arrested in Varso.",
     [(ARR, "protesters", "12 protesters have been arrested", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("In May, 300 people were arrested in Varso.",
     [(ARR, "unknown", "300 people were arrested", (300, 300, 300, 300), (300, 300, 300), False, False)]),
    ("Nobody was killed in the blast in Varso.",
     [(K, "unknown", "Nobody was killed", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("A policeman was killed in Orlo on Monday.",
     [(K, "security forces", "A policeman was killed", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("On 3 May, in Orlo, a teacher was killed by gunmen.",
     [(K, "civilians", "a teacher was killed", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Tens of thousands of people were displaced by the floods and fighting.",
     [(DISP, "unknown", "Tens of thousands of people were displaced", (20000, 30000, 99999, 10000),
       (20000, 20000, 99999), False, False)]),
    ("Dozens of protesters were arrested in Varso.",
     [(ARR, "protesters", "Dozens of protesters were arrested", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("Dozens were killed in the fighting in Orlo.",
     [(K, "unknown", "Dozens were killed", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("Between 10 and 15 soldiers were killed in the ambush.",
     [(K, "security forces", "Between 10 and 15 soldiers were killed", (10, 10, 15, 10), (10, 10, 15), False,
       False)]),
    ("Gunmen killed four villagers in Orlo and beheaded a farmer in Kessa.",
     [(K, "civilians", "killed four villagers in Orlo and beheaded a farmer", (5, 5, 5, 5), (5, 5, 5), False,
       False)]),
    ("A man and two women were killed in the raid on Orlo.",
     [(K, "civilians", "A man and two women were killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Twenty-five fighters and six soldiers were killed in the battle for Kessa.",
     [(K, "rebels", "Twenty-five fighters and six soldiers were killed", (25, 25, 25, 25), (25, 25, 25), False,
       False),
      (K, "security forces", "six soldiers were killed", (6, 6, 6, 6), (6, 6, 6), False, False)]),
    ("Gunmen killed a soldier and two civilians in Orlo.",
     [(K, "security forces", "killed a soldier", (1, 1, 1, 1), (1, 1, 1), False, False),
      (K, "civilians", "killed a soldier and two civilians", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Rebels seized two vehicles and captured three soldiers near Orlo.",
     [(ARR, "security forces", "captured three soldiers", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Soldiers evacuated 300 residents from Kessa.",
     [(DISP, "civilians", "evacuated 300 residents", (300, 300, 300, 300), (300, 300, 300), False, False)]),
    ("A gunman mortally wounded a police officer in Orlo.",
     [(K, "security forces", "wounded a police officer", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Police officers shot and wounded two protesters.",
     [(INJ, "protesters", "wounded two protesters", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Two herders were found dead near Kessa.",
     [(K, "civilians", "Two herders were found dead", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Two members of the militia were killed in the clash.",
     [(K, "rebels", "Two members of the militia were killed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The army's two commanders were killed in the ambush.",
     [(K, "security forces", "two commanders were killed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Four people were kidnapped and two others were injured in Orlo.",
     [(KID, "unknown", "Four people were kidnapped", (4, 4, 4, 4), (4, 4, 4), False, False),
      (INJ, "unknown", "two others were injured", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The militia attacked the village, where three women were killed.",
     [(K, "civilians", "three women were killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The army raided the camp, which left four fighters dead.",
     [(K, "rebels", "four fighters dead", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Police arrested the mourners who had gathered to honour the two men killed last week.",
     [(K, "civilians", "two men killed", (2, 2, 2, 2), (2, 2, 2), True, False)]),
    ("Police arrested 56 people, including the party's spokesperson Ilka Korva.",
     [(ARR, "unknown", "arrested 56 people", (56, 56, 56, 56), (56, 56, 56), False, False)]),
    ("Police arrested 56 people in Varso and detained the party's spokesperson Ilka Korva.",
     [(ARR, "unknown", "arrested 56 people", (56, 56, 56, 56), (56, 56, 56), False, False),
      (ARR, "unknown", "detained the party's spokesperson Ilka Korva", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Troops killed 14 militants, among them two commanders, near Orlo.",
     [(K, "rebels", "killed 14 militants", (14, 14, 14, 14), (14, 14, 14), False, False)]),
    ("At least two women and three children were killed in the raid.",
     [(K, "civilians", "At least two women and three children were killed", (5, 5, None, 5), (5, 5, 5), False,
       False)]),
    ("Two women and dozens of children were killed in the raid.",
     [(K, "civilians", "Two women and dozens of children were killed", (26, 38, 101, 14), (26, 26, 101), False,
       False)]),
    ("Four militia members were killed in the clash near Orlo.",
     [(K, "rebels", "Four militia members were killed", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Two opposition supporters were injured in the clashes.",
     [(INJ, "protesters", "Two opposition supporters were injured", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Three soldiers killed and five wounded in rebel attack on base.",
     [(K, "security forces", "Three soldiers killed", (3, 3, 3, 3), (3, 3, 3), False, False),
      (INJ, "unknown", "five wounded", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("Five civilians killed by shelling in Orlo.",
     [(K, "civilians", "Five civilians killed", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("A soldier was killed and two were wounded.",
     [(K, "security forces", "A soldier was killed", (1, 1, 1, 1), (1, 1, 1), False, False),
      (INJ, "unknown", "two were wounded", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Unknown gunmen shot the village chief dead in Orlo.",
     [(K, "civilians", "shot the village chief", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("A trader was stabbed to death in Kessa.",
     [(K, "civilians", "A trader was stabbed", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Two fishermen disappeared off the coast of Orlo.",
     [(FigureKind.MISSING, "civilians", "Two fishermen disappeared", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Five people are dead after the explosion in Varso.",
     [(K, "unknown", "Five people are dead", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("Six people perished in the fire.",
     [(K, "unknown", "Six people perished", (6, 6, 6, 6), (6, 6, 6), False, False)]),
    ("The strike led to the deaths of at least nine miners.",
     [(K, "civilians", "deaths of at least nine miners", (9, 9, None, 9), (9, 9, 9), False, False)]),
    ("The bodies of three men were found near Kessa.",
     [(K, "civilians", "bodies of three men", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Blast in Orlo market: 2 wounded.",
     [(INJ, "unknown", "2 wounded", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Police detained dozens of protesters in Varso.",
     [(ARR, "protesters", "detained dozens of protesters", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("The fighting displaced thousands of families.",
     [(DISP, "civilians", "displaced thousands of families", (2000, 3000, 9999, 1000), (2000, 2000, 9999), False,
       False)]),
    ("At least 300 people were displaced by the fighting.",
     [(DISP, "unknown", "At least 300 people were displaced", (300, 300, None, 300), (300, 300, 300), False,
       False)]),
    ("The attack caused 14 casualties.",
     [(FigureKind.CASUALTIES, "unknown", "14 casualties", (14, 14, 14, 14), (14, 14, 14), False, False)]),
    ("Three soldiers died and four were injured in the blast.",
     [(K, "security forces", "Three soldiers died", (3, 3, 3, 3), (3, 3, 3), False, False),
      (INJ, "unknown", "four were injured", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Three suspects were arrested by police on Monday.",
     [(ARR, "attackers", "Three suspects were arrested", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Dozens dead after boat capsizes near Orlo.",
     [(K, "unknown", "Dozens dead", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("The shelling left two children dead.",
     [(K, "civilians", "two children dead", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Twenty detained protesters were freed on Monday.",
     [(ARR, "protesters", "Twenty detained protesters", (20, 20, 20, 20), (20, 20, 20), False, False)]),
    ("Two men who lost their lives in the attack were farmers.",
     [(K, "civilians", "Two men who lost", (2, 2, 2, 2), (2, 2, 2), True, False)]),
    ("Gunmen shot dead two guards at the bank.",
     [(K, "security forces", "...", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Twelve victims of the floods were rescued in Varso.", []),
    ("The town of Varso has 18,000 inhabitants and two hospitals.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PINNED_FIGURES, ids=[t[:40] for t, _ in PINNED_FIGURES])
def test_pinned_figures(parse: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    figs = _figures(parse, text)
    got = [
        (
            f.kind,
            f.victims,
            f.phrase if e[2] != "..." else "...",
            (f.low, f.best, f.high, f.acled_value),
            (f.ucdp_low, f.ucdp_best, f.ucdp_high),
            f.background,
            f.total,
        )
        for f, e in zip(figs, expected, strict=False)
    ]
    assert len(figs) == len(expected), figs
    assert got == expected
    for f in figs:  # the evidence is the phrase, at its place in the text
        assert text[f.evidence.start : f.evidence.end] == f.phrase == f.evidence.text
        assert f.evidence.stage.startswith("figures@")


def test_a_toll_is_the_number_it_stands_at(parse: Any) -> None:
    (fig,) = _figures(parse, "The death toll from the bombing in Varso rose to 31 on Tuesday.")
    assert fig.phrase.endswith("31")
    assert event_fatalities((fig,)) == (31, 31, 31)


def test_running_totals_never_count_as_one_events_deaths(parse: Any) -> None:
    from flashpoint.extract.figures import incident_fatalities

    figs = _figures(parse, "Gunmen killed two traders in Orlo on Monday. The war has killed more than 7,000 people "
                           "in ten years of fighting.")  # fmt: skip
    assert [f.total for f in figs] == [False, True]
    assert incident_fatalities(figs, violent=True) == (2, 2, 2)


def test_background_deaths_count_only_when_the_event_is_the_violence(parse: Any) -> None:
    from flashpoint.extract.figures import incident_fatalities

    figs = _figures(parse, "Police arrested the mourners who had gathered to honour the two men killed last week.")
    assert incident_fatalities(figs, violent=False) == (0, 0, 0)
    assert incident_fatalities(figs, violent=True) == (2, 2, 2)


def test_a_hedged_or_reported_death_still_counts(parse: Any) -> None:
    feared = _figures(parse, "Ten people are feared dead after the attack on the ferry.")
    assert [(f.kind, f.best, f.claim.certainty.value) for f in feared] == [(FigureKind.KILLED, 10, "hedged")]
    assert event_fatalities(feared) == (10, 10, 10)
    his = _figures(parse, "The beating resulted in his death, his family said.")
    assert [(f.kind, f.best, f.phrase) for f in his] == [(FigureKind.KILLED, 1, "death")]
    assert event_fatalities(his) == (1, 1, 1)


def test_lost_lives_and_fatal_shots_are_deaths(parse: Any) -> None:
    lives = _figures(parse, "Three miners lost their lives in the attack on the mine.")
    assert [(f.kind, f.victims, f.best) for f in lives] == [(FigureKind.KILLED, "civilians", 3)]
    fatal = _figures(parse, "Gunmen fatally shot two traders in Varso.")
    assert [(f.kind, f.victims, f.best) for f in fatal] == [(FigureKind.KILLED, "civilians", 2)]
    plain = _figures(parse, "Gunmen shot two traders in Varso.")
    assert [f.kind for f in plain] != [FigureKind.KILLED]


def test_a_zero_count_is_a_denial_that_counts_nothing(parse: Any) -> None:
    figs = _figures(parse, "None of the passengers were hurt in the blast.")
    assert [(f.kind, f.victims, f.best, f.claim.certainty.value) for f in figs] == [
        (FigureKind.INJURED, "civilians", 0, "denied")
    ]


def test_a_number_used_as_a_noun_counts_the_injured(parse: Any) -> None:
    figs = _figures(parse, "The clashes left 27 dead and 1,000 injured.")
    injured = [(f.phrase, f.best) for f in figs if f.kind is FigureKind.INJURED]
    assert injured == [("1,000 injured", 1000)]
