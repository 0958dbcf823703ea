"""Figures: the trigger table of `_counted`, one sentence per trigger word and dependency path, pinned whole.

Each row is a sentence written here (invented places) and every figure it must give: (kind, victims,
phrase, (low, best, high, ACLED), UCDP (low, best, high), background, running total). A rule that reads a
different label, loses a path or widens a span fails its own row.
"""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.extract.figures import event_fatalities
from flashpoint.records import FigureKind

from .figures_tools import figures_of as _figures
from .figures_tools import pinned as _pinned

K, INJ, ARR, DISP, KID, MIS = (FigureKind.KILLED, FigureKind.INJURED, FigureKind.ARRESTED, FigureKind.DISPLACED,
                               FigureKind.KIDNAPPED, FigureKind.MISSING)  # fmt: skip


# verbs (active object, passive subject, participle clauses, "shot and wounded", "beat ... to death", pronouns),
# intransitives, adjectives after "left / found / confirmed / pronounced / declared", nouns and "of" objects,
# "victims" only where the sentence speaks of killing, tolls, headline ellipsis, a subject the parser lost
TRIGGERS = [
    ("Soldiers murdered four villagers near Koravel.",
     [(K, "civilians", "murdered four villagers", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Militants beheaded two farmers in Koravel.",
     [(K, "civilians", "beheaded two farmers", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Gunmen massacred twenty worshippers at a church in Koravel.",
     [(K, "civilians", "massacred twenty worshippers", (20, 20, 20, 20), (20, 20, 20), False, False)]),
    ("Troops neutralised five insurgents near Koravel.",
     [(K, "rebels", "neutralised five insurgents", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("A landmine maimed three children near Koravel.",
     [(INJ, "civilians", "maimed three children", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Police apprehended six suspects in Koravel.",
     [(ARR, "attackers", "apprehended six suspects", (6, 6, 6, 6), (6, 6, 6), False, False)]),
    ("Gunmen abducted eight students from a school in Koravel.",
     [(KID, "civilians", "abducted eight students", (8, 8, 8, 8), (8, 8, 8), False, False)]),
    ("The fighting uprooted 2,000 families near Koravel.",
     [(DISP, "civilians", "uprooted 2,000 families", (2000, 2000, 2000, 2000), (2000, 2000, 2000), False, False)]),
    ("At least 12 people were hospitalised after the police fired tear gas in Koravel.",
     [(INJ, "unknown", "At least 12 people were hospitalised", (12, 12, None, 12), (12, 12, 12), False, False)]),
    ("Troops captured two rebel fighters near Koravel.",
     [(ARR, "rebels", "captured two rebel fighters", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Police seized 30 rifles and arrested four suspects in Koravel.",
     [(ARR, "attackers", "arrested four suspects", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Hundreds of people were evacuated from Koravel.",
     [(DISP, "unknown", "Hundreds of people were evacuated", (200, 300, 999, 100), (200, 200, 999), False, False)]),
    ("The army said 14 militants were eliminated in Koravel.",
     [(K, "rebels", "14 militants were eliminated", (14, 14, 14, 14), (14, 14, 14), False, False)]),
    ("A mob beat two thieves to death in Koravel.",
     [(K, "unknown", "beat two thieves", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Gunmen killed him near Koravel.",
     [(K, "unknown", "killed him", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Gunmen kidnapped her near Koravel.",
     [(KID, "unknown", "kidnapped her", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("Two of the injured succumbed to their wounds in Koravel.",
     [(K, "unknown", "Two of the injured succumbed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Twelve people were reported missing after the raid on Koravel.",
     [(MIS, "unknown", "Twelve people were reported missing", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("The raid left three soldiers wounded near Koravel.",
     [(INJ, "security forces", "three soldiers wounded", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Four civilians were confirmed dead in Koravel.",
     [(K, "civilians", "Four civilians were confirmed dead", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Two traders were pronounced dead at the hospital in Koravel.",
     [(K, "civilians", "Two traders were pronounced dead", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Police declared five people dead after the fire in Koravel.",
     [(K, "unknown", "five people dead", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("Twelve migrants dead as boat sinks off Velmar",
     [(K, "civilians", "Twelve migrants dead", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("The shelling resulted in 12 civilians dead.",
     [(K, "civilians", "12 civilians dead", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("The raid ended with 5 rebels dead and 3 captured.",
     [(K, "rebels", "5 rebels dead", (5, 5, 5, 5), (5, 5, 5), False, False),
      (ARR, "unknown", "3 captured", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The attack caused three deaths in Koravel.",
     [(K, "unknown", "three deaths", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Two fatalities were reported in Koravel.",
     [(K, "unknown", "Two fatalities", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The clashes caused dozens of injuries in Koravel.",
     [(INJ, "unknown", "dozens of injuries", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("Police made 30 arrests in Koravel.",
     [(ARR, "unknown", "30 arrests", (30, 30, 30, 30), (30, 30, 30), False, False)]),
    ("The abduction of three nurses near Koravel was condemned.",
     [(KID, "civilians", "abduction of three nurses", (3, 3, 3, 3), (3, 3, 3), True, False)]),
    ("The killing of two farmers near Koravel sparked protests.",
     [(K, "civilians", "killing of two farmers", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The murder of four students in Koravel was condemned by the minister.",
     [(K, "civilians", "murder of four students", (4, 4, 4, 4), (4, 4, 4), True, False)]),
    ("Residents found two bodies near Koravel.",
     [(K, "unknown", "two bodies", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Police recovered the bodies of four migrants near Koravel.",
     [(K, "civilians", "bodies of four migrants", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Three bodies found in river near Velmar",
     [(K, "unknown", "Three bodies", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Three victims of the attack died in hospital.",
     [(K, "unknown", "Three victims", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Six victims were found dead in Velmar.",
     [(K, "unknown", "Six victims", (6, 6, 6, 6), (6, 6, 6), False, False)]),
    ("Deaths were reported on both sides in Velmar.",
     [(K, "unknown", "Deaths", (1, None, None, 10), (1, 1, 1), False, False)]),
    ("The clash caused deaths, police said.",
     [(K, "unknown", "deaths", (1, None, None, 10), (1, 1, 1), False, False)]),
    ("The death toll in Koravel stands at 12.",
     [(K, "unknown", "toll in Koravel stands at 12", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("Police said the death toll had climbed to 40.",
     [(K, "unknown", "toll had climbed to 40", (40, 40, 40, 40), (40, 40, 40), False, False)]),
    ("The death toll from the floods reached 40.",
     [(K, "unknown", "toll from the floods reached 40", (40, 40, 40, 40), (40, 40, 40), False, False)]),
    ("Gunmen shot and killed two guards, wounding three others, in Koravel.",
     [(K, "security forces", "killed two guards", (2, 2, 2, 2), (2, 2, 2), False, False),
      (INJ, "unknown", "wounding three others", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Gunmen opened fire on a bus, killing six passengers and injuring ten in Koravel.",
     [(K, "civilians", "killing six passengers", (6, 6, 6, 6), (6, 6, 6), False, False),
      (INJ, "unknown", "injuring ten", (10, 10, 10, 10), (10, 10, 10), False, False)]),
    ("Rebels attacked the village, shooting and wounding an unspecified number of guards.",
     [(INJ, "security forces", "wounding an unspecified number of guards", (1, None, None, 10), (1, 1, 1), False,
       False)]),
    ("Three soldiers were reported killed in the ambush near Koravel.",
     [(K, "security forces", "Three soldiers were reported killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Police found three people killed in the attack near Koravel.",
     [(K, "unknown", "three people killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Two guards were shot and wounded near Koravel.",
     [(INJ, "security forces", "Two guards were shot and wounded", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Four men were believed to have died in the fire in Koravel.",
     [(K, "civilians", "Four men were believed to have died", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("The bomb went off in the market, wounding 14 people and killing three.",
     [(INJ, "unknown", "wounding 14 people", (14, 14, 14, 14), (14, 14, 14), False, False),
      (K, "unknown", "killing three", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The attack killed two and injured five in Koravel.",
     [(K, "unknown", "killed two", (2, 2, 2, 2), (2, 2, 2), False, False),
      (INJ, "unknown", "injured five", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("The attack on the convoy resulted in two soldiers wounded.",
     [(INJ, "security forces", "two soldiers wounded", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("The fighting resulted in 7 soldiers seriously injured.",
     [(INJ, "security forces", "7 soldiers seriously injured", (7, 7, 7, 7), (7, 7, 7), False, False)]),
    ("Three police killed, two wounded in attack on Velmar station",
     [(K, "security forces", "Three police killed", (3, 3, 3, 3), (3, 3, 3), False, False),
      (INJ, "unknown", "two wounded", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("On 9 April, in Velmar, Oskru State, a fugitive from the prison camp was killed by police.",
     [(K, "unknown", "a fugitive from the prison camp was killed", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("On 12 July, in Brenna, Talsa Region, a prisoner at the jail was beaten to death by inmates.",
     [(K, "unknown", "a prisoner at the jail was beaten", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("On 7 May, in Velmar, Oskru State, the leader of the local union was arrested by police.",
     [(ARR, "civilians", "leader of the local union was arrested", (1, 1, 1, 1), (1, 1, 1), False, False)]),
    ("A handful of protesters were detained in Koravel.",
     [(ARR, "protesters", "A handful of protesters were detained", (3, 4, 6, 3), (3, 3, 6), False, False)]),
    ("Scores of people were killed in Koravel.",
     [(K, "unknown", "Scores of people were killed", (40, 60, 99, 20), (40, 40, 99), False, False)]),
    ("Three people, including a child, were killed in Koravel.",
     [(K, "unknown", "Three people, including a child, were killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Two soldiers and a police officer died in the attack in Koravel.",
     [(K, "security forces", "Two soldiers and a police officer died", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("No one was hurt in the blast in Koravel.",
     [(INJ, "unknown", "No one was hurt", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("None of the soldiers was injured in the attack in Koravel.",
     [(INJ, "security forces", "None of the soldiers was injured", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("No civilians were killed in the strike, the army said.",
     [(K, "civilians", "No civilians were killed", (0, 0, 0, 0), (0, 0, 0), False, False)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TRIGGERS, ids=[t[:48] for t, _ in TRIGGERS])
def test_each_trigger_gives_its_figure(parse: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    figs = _figures(parse, text)
    assert _pinned(figs) == expected
    for f in figs:
        assert text[f.evidence.start : f.evidence.end] == f.phrase == f.evidence.text


# running totals (a conflict as the killer, a period after in/over/throughout/across/since) and background
# (a clause opened by "after", a verb of mourning or protest, "behind" ... "killed in the ambush")
PERIODS_AND_BACKGROUND = [
    ("Over 1,000 people have died throughout the decade of conflict.",
     [(K, "unknown", "Over 1,000 people have died", (1001, 1001, None, 1001), (1001, 1001, 1001), False, True)]),
    ("The rebellion has killed 900 soldiers.",
     [(K, "security forces", "killed 900 soldiers", (900, 900, 900, 900), (900, 900, 900), False, True)]),
    ("The uprising has left 200 people dead.",
     [(K, "unknown", "200 people dead", (200, 200, 200, 200), (200, 200, 200), False, True)]),
    ("Violence has caused hundreds of deaths in Velmar.",
     [(K, "unknown", "hundreds of deaths", (200, 300, 999, 100), (200, 200, 999), False, True)]),
    ("The crisis has killed 40 people in the region.",
     [(K, "unknown", "killed 40 people", (40, 40, 40, 40), (40, 40, 40), False, True)]),
    ("Two people were killed in the years since the ceasefire.",
     [(K, "unknown", "Two people were killed", (2, 2, 2, 2), (2, 2, 2), False, True)]),
    ("The fighting has caused 2,000 deaths since the conflict started.",
     [(K, "unknown", "2,000 deaths", (2000, 2000, 2000, 2000), (2000, 2000, 2000), False, True)]),
    ("Fighting has killed 40 people since Monday.",
     [(K, "unknown", "killed 40 people", (40, 40, 40, 40), (40, 40, 40), False, True)]),
    ("The conflict has caused 300 deaths.",
     [(K, "unknown", "300 deaths", (300, 300, 300, 300), (300, 300, 300), False, True)]),
    ("In the years of the war, about 5,000 people died.",
     [(K, "unknown", "about 5,000 people died", (4500, 5000, 5500, 5000), (4500, 5000, 5500), False, True)]),
    ("About 400 people were killed across three years of violence.",
     [(K, "unknown", "About 400 people were killed", (360, 400, 440, 400), (360, 400, 440), False, True)]),
    ("Protests broke out after police shot dead two youths in Velmar.",
     [(K, "unknown", "shot dead two youths", (2, 2, 2, 2), (2, 2, 2), True, False)]),
    ("Relatives mourned the five miners who died in the collapse.",
     [(K, "civilians", "five miners who died", (5, 5, 5, 5), (5, 5, 5), True, False)]),
    ("Crowds gathered behind the coffins of four soldiers killed in the ambush.",
     [(K, "security forces", "four soldiers killed", (4, 4, 4, 4), (4, 4, 4), True, False)]),
    ("Demonstrators protested against the arrest of three journalists.",
     [(ARR, "civilians", "arrest of three journalists", (3, 3, 3, 3), (3, 3, 3), True, False)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PERIODS_AND_BACKGROUND, ids=[t[:48] for t, _ in PERIODS_AND_BACKGROUND])
def test_totals_and_background_are_marked(parse: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _pinned(_figures(parse, text)) == expected


# complements ("reported to have been killed", "feared killed", "presumed dead"), coordinated passives, "left"
# with a bare count or a vague word used as a noun, headline ellipsis, a relative clause about the event,
# deaths without a number (affirmed, denied, or only asked about), a family of no stated size
CLAUSES = [
    ("Two soldiers shot dead in Koravel",
     [(K, "security forces", "Two soldiers shot", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Three traders abducted near Koravel",
     [(KID, "civilians", "Three traders abducted", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The death toll was 12, police said.",
     [(K, "unknown", "toll was 12", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("Soldiers stormed the camp after rebels killed five guards.",
     [(K, "security forces", "killed five guards", (5, 5, 5, 5), (5, 5, 5), True, False)]),
    ("The clash that left seven dead was near Koravel.",
     [(K, "unknown", "seven dead", (7, 7, 7, 7), (7, 7, 7), False, False)]),
    ("Police said the attack caused no deaths.",
     [(K, "unknown", "no deaths", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("The army denied that there were deaths.",
     [(K, "unknown", "deaths", (1, None, None, 10), (1, 1, 1), False, False)]),
    ("The number of deaths was not given.",
     []),
    ("The blast caused deaths and injuries.",
     [(K, "unknown", "deaths", (1, None, None, 10), (1, 1, 1), False, False)]),
    ("The raid caused many deaths in Koravel.",
     [(K, "unknown", "many deaths", (3, None, None, 10), (3, 3, 3), False, False)]),
    ("Three people were reported to have been killed in Koravel.",
     [(K, "unknown", "Three people were reported to have been killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Four soldiers were said to have died in the ambush.",
     [(K, "security forces", "Four soldiers were said to have died", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("Five civilians were feared killed in the shelling.",
     [(K, "civilians", "Five civilians were feared killed", (5, 5, 5, 5), (5, 5, 5), False, False)]),
    ("Two guards were shot and killed near Koravel.",
     [(K, "security forces", "Two guards were shot and killed", (2, 2, 2, 2), (2, 2, 2), False, False)]),
    ("Three workers were abducted and later killed near Koravel.",
     [(KID, "civilians", "Three workers were abducted", (3, 3, 3, 3), (3, 3, 3), False, False),
      (K, "civilians", "Three workers were abducted and later killed", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("Four miners were trapped and presumed dead in Koravel.",
     [(K, "civilians", "Four miners were trapped and presumed dead", (4, 4, 4, 4), (4, 4, 4), False, False)]),
    ("The blast left dozens dead in Koravel.",
     [(K, "unknown", "dozens dead", (24, 36, 99, 12), (24, 24, 99), False, False)]),
    ("The blast left no one injured in Koravel.",
     [(INJ, "unknown", "no one injured", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("The shelling left many wounded in Koravel.",
     [(INJ, "unknown", "many wounded", (3, None, None, 10), (3, 3, 3), False, False)]),
    ("The clash left several injured in Koravel.",
     [(INJ, "unknown", "several injured", (3, 5, 9, 10), (3, 3, 9), False, False)]),
    ("The blast left 3 injured in Koravel.",
     [(INJ, "unknown", "3 injured", (3, 3, 3, 3), (3, 3, 3), False, False)]),
    ("The fire left hundreds displaced in Koravel.",
     [(DISP, "unknown", "hundreds displaced", (200, 300, 999, 100), (200, 200, 999), False, False)]),
    ("Two gunmen killed and wounded twenty people in Koravel.",
     [(K, "unknown", "killed and wounded twenty people", (20, 20, 20, 20), (20, 20, 20), False, False),
      (INJ, "unknown", "wounded twenty people", (20, 20, 20, 20), (20, 20, 20), False, False)]),
    ("Reports of deaths in the attack on Koravel could not be confirmed.", []),
    ("The raid on the village caused deaths, police and residents said.",
     [(K, "unknown", "deaths", (1, None, None, 10), (1, 1, 1), False, False)]),
    ("Virtually none of the villagers were injured in the raid.",
     [(INJ, "civilians", "Virtually none of the villagers were injured", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("Rescuers found 12 dead in the rubble of the market.",
     [(K, "unknown", "12 dead", (12, 12, 12, 12), (12, 12, 12), False, False)]),
    ("Officials reported no dead after the blast in Koravel.",
     [(K, "unknown", "no dead", (0, 0, 0, 0), (0, 0, 0), False, False)]),
    ("Officials counted several dead near Koravel.",
     [(K, "unknown", "several dead", (3, 5, 9, 10), (3, 3, 9), False, False)]),
    ("The two dead were buried in Koravel.",
     [(K, "unknown", "two dead", (2, 2, 2, 2), (2, 2, 2), True, False)]),
    ("Gunmen kidnapped the family of a local judge near Koravel.",
     []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CLAUSES, ids=[t[:48] for t, _ in CLAUSES])
def test_clauses_and_complements(parse: Any, text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _pinned(_figures(parse, text)) == expected


def test_deaths_the_source_denies_count_nothing(parse: Any) -> None:
    figs = _figures(parse, "The army denied that there were deaths.")
    assert [(f.kind, f.claim.certainty.value) for f in figs] == [(K, "denied")]
    assert event_fatalities(figs) == (0, 0, 0)
