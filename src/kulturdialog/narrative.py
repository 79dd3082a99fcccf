"""Generated text in the report's language: every number comes from the tables, none is typed in.

Each function builds its sentences once, from the phrases of `PHRASES[language]`; Swedish is the
default. A phrase given as a pair is (one, several), chosen by the number it speaks of.
"""

from __future__ import annotations

import pandas as pd

from kulturdialog import fmt
from kulturdialog.i18n import SWEDISH, Language
from kulturdialog.tables import COUNTY_MUNICIPALITIES

SINCE = 2019  # the first year of the culture dialogues
WORDS = list(SWEDISH.words)
NEUTER = dict(SWEDISH.neuter)

PHRASES: dict[str, dict[str, str | tuple[str, str]]] = {
    "sv": {
        "intro": (
            "Region Stockholm genomför sedan {since} årliga dialoger med utpekade parter i det "
            "regionala kulturlivet för att bidra till strategisk samordning av regionens kultur- "
            "och föreningsliv. Här följer en summering av {year} års dialoger."
        ),
        # the year in figures
        "meeting": ("möten", "möten"),
        "participant": ("deltagare", "deltagare"),
        "party_group": ("partsgrupp", "partsgrupper"),
        "same": "lika många {noun}",
        "more": "{n} {noun} fler",
        "fewer": "{n} {noun} färre",
        "figures": (
            "Under {year} hölls {meetings} dialogmöten med sammanlagt "
            "{participants} deltagare från {groups} {group_noun}."
        ),
        "change": " Det är {meetings} och {participants} än {before_year}.",
        "change_same": " Jämfört med {before_year} är det {meetings} och {participants}.",
        "municipalities": " I minst ett möte deltog {n} av länets {county} kommuner",
        "digital": " Av mötena hölls {share} digitalt",
        "compared": ", jämfört med {value} år {year}.",
        # the year's themes
        "themes_intro": (
            "Under {year} togs {n} teman upp. De redovisas här i "
            "den ordning de diskuterades mest, med {first} först. "
            "Under varje tema följer de iakttagelser som gjordes, ordnade efter slag, med den "
            "partsgrupp som framförde dem inom parentes."
        ),
        "theme_noun": ("tema", "teman"),
        "theme": "Temat togs upp vid {n} av årets {total} möten, i dialogen med {groups}.",
        "one_observation": "Den enda iakttagelsen",
        "all_observations": "Samtliga {n} iakttagelser",
        "both_observations": "Samtliga {n} iakttagelser",
        "one_kind": " {observations} gällde {kind}.",
        "most": " Flest iakttagelser gällde {kind} ({n} av {total}), följt av {rest}.",
        "tie": " Iakttagelserna ({total}) gällde {kinds}.",
        # cooperation and barriers
        "coop_county": "Av länets {county} kommuner",
        "coop_some": "Av de {n} kommuner som lämnat uppgifter",
        "coop_first": ("{n} kring {area}", "{n} kring {area}"),
        "coop_area": "{n} kring {area}",
        "cooperation": "{lead} samverkar {parts} med andra kommuner eller regionen.",
        "no_barriers": "Inga hindrande faktorer har angetts av kommuner som inte samverkar.",
        "barriers": (
            "Bland de kommuner som inte samverkar nämns {first} oftast som hindrande faktor"
        ),
        "followed": ", följt av {rest}.",
        # needs
        "needs_noun": ("önskemål och behov av insatser",) * 2,
        "no_needs": "Årets dialoger har inte lett till några nya önskemål om insatser.",
        "needs": (
            "Kulturförvaltningen har utifrån årets dialoger identifierat {n} önskemål "
            "och behov av insatser, varav {regional} på regional nivå. Läget i "
            "uppföljningen: {states}."
        ),
        "status_budget_process": ("{n} hanteras i budget- och verksamhetsplaneringen",) * 2,
        "status_in_progress": ("{n} pågår",) * 2,
        "status_done": ("{n} är genomfört", "{n} är genomförda"),
        "status_noted": ("{n} är noterat", "{n} är noterade"),
        "needs_closing": (
            "Kulturförvaltningen arbetar vidare med önskemålen och behoven i den årliga "
            "processen för budget- och verksamhetsplanering inom kulturnämnden."
        ),
        # comparison with earlier years
        "comparison": (
            "Sedan {first_year} har antalet dialogmöten gått från {first_meetings} "
            "till {last_meetings} och antalet deltagare från "
            "{first_participants} till {last_participants}. Andelen "
            "digitala möten var {first_share} år {first_year} och "
            "{last_share} år {last_year}."
        ),
        "theme_up": (
            " Mest ökade temat {theme}, som togs upp vid "
            "{now} av mötena {year} mot {before} {before_year}."
        ),
        "theme_down": " Mest minskade {theme}, från {before} till {now}.",
    },
    "en": {
        "intro": (
            "Since {since}, Region Stockholm has held annual dialogues with designated partners "
            "in the region's cultural life, to contribute to the strategic coordination of the "
            "region's cultural and community life. This is a summary of the {year} dialogues."
        ),
        "meeting": ("meeting", "meetings"),
        "participant": ("participant", "participants"),
        "party_group": ("partner group", "partner groups"),
        "same": "the same number of {noun}",
        "more": "{n} more {noun}",
        "fewer": "{n} fewer {noun}",
        "figures": (
            "In {year}, Region Stockholm held {meetings} dialogue {meeting_noun} with a total of "
            "{participants} {participant_noun} from {groups} {group_noun}."
        ),
        "change": " Compared with {before_year}, that is {meetings} and {participants}.",
        "change_same": " Compared with {before_year}, that is {meetings} and {participants}.",
        "municipalities": (
            " At least one meeting was attended by {n} of the county's {county} municipalities"
        ),
        "digital": " Of the meetings, {share} were held digitally",
        "compared": ", compared with {value} in {year}.",
        "themes_intro": (
            "In {year}, {n} {theme_noun} came up. They are presented here from the most discussed "
            "to the least, starting with {first}. Each theme lists the observations made, grouped "
            "by kind, with the partner group that made them in brackets; the observations are "
            "quoted as recorded, in Swedish."
        ),
        "theme_noun": ("theme", "themes"),
        "theme": (
            "The theme came up in {n} of the year's {total} {meeting_noun}, in dialogue with "
            "{groups}."
        ),
        "one_observation": "The only observation",
        "all_observations": "All {n} observations",
        "both_observations": "Both observations",
        "one_kind": " {observations} fell under {kind}.",
        "most": " Most observations fell under {kind} ({n} of {total}), followed by {rest}.",
        "tie": " The observations ({total}) were spread over {kinds}.",
        "coop_county": "Of the county's {county} municipalities",
        "coop_some": "Of the {n} municipalities that provided information",
        "coop_first": (
            "{n} cooperates with other municipalities or the region on {area}",
            "{n} cooperate with other municipalities or the region on {area}",
        ),
        "coop_area": "{n} on {area}",
        "cooperation": "{lead}, {parts}.",
        "no_barriers": "No barriers have been named by municipalities that do not cooperate.",
        "barriers": (
            "Among the municipalities that do not cooperate, {first} is named most often as a "
            "barrier"
        ),
        "followed": ", followed by {rest}.",
        "no_needs": "The year's dialogues have not led to any new requests for action.",
        "needs_noun": ("request or need for action", "requests and needs for action"),
        "needs": (
            "Based on the year's dialogues, the Culture Administration has identified {n} "
            "{needs_noun}, {regional} of them at regional level. Follow-up status: {states}."
        ),
        "status_budget_process": (
            "{n} is being handled in budget and operational planning",
            "{n} are being handled in budget and operational planning",
        ),
        "status_in_progress": ("{n} is in progress", "{n} are in progress"),
        "status_done": ("{n} has been carried out", "{n} have been carried out"),
        "status_noted": ("{n} has been noted", "{n} have been noted"),
        "needs_closing": (
            "The Culture Administration continues to work on the requests and needs in the "
            "culture committee's annual budget and operational planning process."
        ),
        "comparison": (
            "Since {first_year}, the number of dialogue meetings has gone from {first_meetings} "
            "to {last_meetings} and the number of participants from {first_participants} to "
            "{last_participants}. The share of digital meetings was {first_share} in "
            "{first_year} and {last_share} in {last_year}."
        ),
        "theme_up": (
            " The theme that grew most was {theme}, raised in {now} of the meetings in {year} "
            "against {before} in {before_year}."
        ),
        "theme_down": " The largest decrease was for {theme}, from {before} to {now}.",
    },
}


def _say(lang: Language, key: str, of: int | None = None, **values) -> str:
    """The phrase `key` in `lang` with `values`; a (one, several) pair is chosen by `of`."""
    phrase = PHRASES[lang.code][key]
    if isinstance(phrase, tuple):
        phrase = phrase[of != 1]
    return phrase.format(**values)


def _noun(lang: Language, key: str, n: int) -> str:
    return _say(lang, key, of=n)


def count(n: int, neuter: bool = False, lang: Language = SWEDISH) -> str:
    """Small numbers in words, as running text prefers; larger ones as digits."""
    return lang.count(n, neuter)


def intro(year: int, lang: Language = SWEDISH) -> str:
    return _say(lang, "intro", since=SINCE, year=year)


def _more_or_fewer(diff: int, noun: str, lang: Language = SWEDISH) -> str:
    """`4 möten fler` / `4 more meetings`; `noun` is a phrase key: meeting or participant."""
    if diff == 0:
        return _say(lang, "same", noun=_noun(lang, noun, 2))
    key = "more" if diff > 0 else "fewer"
    return _say(lang, key, n=lang.number(abs(diff)), noun=_noun(lang, noun, abs(diff)))


def year_in_figures(
    year: int,
    now: dict,
    before: dict | None,
    before_year: int | None,
    lang: Language = SWEDISH,
    before_label: str | None = None,
) -> str:
    """The year in one paragraph of figures, with the change from the year compared with.

    `before_label` names that year in the change sentence when it is not the calendar year
    before (compare.before_label: `2021, det senaste året med dialoger`).
    """
    groups = now["party_groups"]
    text = _say(
        lang,
        "figures",
        year=year,
        meetings=lang.number(now["meetings"]),
        meeting_noun=_noun(lang, "meeting", now["meetings"]),
        participants=lang.number(now["participants"]),
        participant_noun=_noun(lang, "participant", now["participants"]),
        groups=lang.count(groups),
        group_noun=_noun(lang, "party_group", groups),
    )
    if before:
        same = (
            now["meetings"] == before["meetings"] or now["participants"] == before["participants"]
        )
        text += _say(
            lang,
            "change_same" if same else "change",  # `lika många … som`, not `än`
            meetings=_more_or_fewer(now["meetings"] - before["meetings"], "meeting", lang),
            participants=_more_or_fewer(
                now["participants"] - before["participants"], "participant", lang
            ),
            # `Jämfört med 2021, det senaste året med dialoger, är det …`
            before_year=(before_label + ("," if same and lang.code == "sv" else ""))
            if before_label
            else before_year,
        )
    text += _say(
        lang, "municipalities", n=lang.number(now["municipalities"]), county=COUNTY_MUNICIPALITIES
    )
    text += (
        _say(lang, "compared", value=lang.number(before["municipalities"]), year=before_year)
        if before
        else "."
    )
    text += _say(lang, "digital", share=lang.percent(now["digital_share"]))
    text += (
        _say(lang, "compared", value=lang.percent(before["digital_share"]), year=before_year)
        if before
        else "."
    )
    return text


def themes_intro(year: int, n_themes: int, first: str, lang: Language = SWEDISH) -> str:
    """The lead of the themes section: how many themes, in what order, how they are shown."""
    return _say(
        lang,
        "themes_intro",
        year=year,
        n=lang.number(n_themes),
        theme_noun=_noun(lang, "theme_noun", n_themes),
        first=fmt.lower_first(first),
    )


def theme_paragraph(
    row: pd.Series, total_meetings: int, party_group_labels: pd.Series, lang: Language = SWEDISH
) -> str:
    """In how many meetings and by whom a theme came up; which kinds of observation dominated."""
    groups = [fmt.lower_first(party_group_labels[c]) for c in row["party_groups"]]
    n = int(row["meetings"])
    kind_words = lang.labels.kinds_lower
    text = _say(
        lang,
        "theme",
        n=lang.count(n, neuter=True),
        total=lang.number(total_meetings),
        meeting_noun=_noun(lang, "meeting", total_meetings),
        groups=lang.join(groups),
    )
    kinds = sorted(row["kinds"].items(), key=lambda kv: -kv[1])
    total = int(row["observations"])
    if len(kinds) == 1:
        key = {1: "one_observation", 2: "both_observations"}.get(total, "all_observations")
        word = _say(lang, key, n=lang.count(total))
        return text + _say(lang, "one_kind", observations=word, kind=kind_words[kinds[0][0]])
    top, top_n = kinds[0]
    if top_n > kinds[1][1]:
        rest = [f"{kind_words[k]} ({lang.number(v)})" for k, v in kinds[1:]]
        return text + _say(
            lang,
            "most",
            kind=kind_words[top],
            n=lang.number(top_n),
            total=lang.number(total),
            rest=lang.join(rest),
        )
    every = [f"{kind_words[k]} ({lang.number(v)})" for k, v in kinds]
    return text + _say(lang, "tie", total=lang.number(total), kinds=lang.join(every))


def cooperation_paragraph(
    by_area: pd.DataFrame, municipalities: int, lang: Language = SWEDISH
) -> str:
    lead = (
        _say(lang, "coop_county", county=COUNTY_MUNICIPALITIES)
        if municipalities == COUNTY_MUNICIPALITIES
        else _say(lang, "coop_some", n=lang.number(municipalities))
    )
    parts = [
        _say(
            lang,
            "coop_first" if i == 0 else "coop_area",
            of=r.cooperating,
            n=lang.number(r.cooperating),
            area=lang.labels.areas[r.area].lower(),
        )
        for i, r in enumerate(by_area.itertuples())
    ]
    return _say(lang, "cooperation", lead=lead, parts=lang.join(parts))


def barriers_paragraph(ranking: pd.DataFrame, lang: Language = SWEDISH) -> str:
    if ranking.empty:
        return _say(lang, "no_barriers")
    items = [
        f"{fmt.lower_first(r.barrier)} ({lang.number(r.mentions)})" for r in ranking.itertuples()
    ]
    first, *rest = items
    text = _say(lang, "barriers", first=first)
    return text + (_say(lang, "followed", rest=lang.join(rest)) if rest else ".")


def needs_paragraph(needs: pd.DataFrame, by_status: pd.DataFrame, lang: Language = SWEDISH) -> str:
    """How many needs, how many regional, and where they stand (`needs` from needs_table())."""
    n = len(needs)
    if n == 0:
        return _say(lang, "no_needs")
    regional = int((needs["level"] == lang.labels.levels["regional"]).sum())
    states = [
        _say(lang, f"status_{r.status}", of=r.needs, n=lang.count(r.needs, neuter=True))
        for r in by_status.itertuples()
    ]
    return _say(
        lang,
        "needs",
        n=lang.number(n),
        needs_noun=_noun(lang, "needs_noun", n),
        regional=lang.number(regional),
        states=lang.join(states),
    )


STATUS_PHRASES = {  # (one need, several needs), in Swedish
    status: PHRASES["sv"][f"status_{status}"]
    for status in ("budget_process", "in_progress", "done", "noted")
}

NEEDS_CLOSING = PHRASES["sv"]["needs_closing"]


def needs_closing(lang: Language = SWEDISH) -> str:
    """How the needs feed the culture committee's budget and planning process."""
    return _say(lang, "needs_closing")


def comparison_paragraph(
    over_years: pd.DataFrame, shares: pd.DataFrame, lang: Language = SWEDISH
) -> str:
    first, *_, last = over_years.astype(object).itertuples()
    text = _say(
        lang,
        "comparison",
        first_year=first.year,
        last_year=last.year,
        first_meetings=lang.number(first.meetings),
        last_meetings=lang.number(last.meetings),
        first_participants=lang.number(first.participants),
        last_participants=lang.number(last.participants),
        first_share=lang.percent(first.digital_share),
        last_share=lang.percent(last.digital_share),
    )
    if shares.shape[1] >= 2:
        prev_year, year = shares.columns[-2], shares.columns[-1]
        delta = (shares[year] - shares[prev_year]).sort_values()
        up, down = delta.index[-1], delta.index[0]
        if delta.iloc[-1] > 0:
            text += _say(
                lang,
                "theme_up",
                theme=fmt.lower_first(up),
                now=lang.percent(shares.at[up, year]),
                before=lang.percent(shares.at[up, prev_year]),
                year=year,
                before_year=prev_year,
            )
        if delta.iloc[0] < 0:
            text += _say(
                lang,
                "theme_down",
                theme=fmt.lower_first(down),
                before=lang.percent(shares.at[down, prev_year]),
                now=lang.percent(shares.at[down, year]),
            )
    return text
