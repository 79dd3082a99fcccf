"""The trends report's generated sentences (notebooks/trends.ipynb), Swedish or English.

Every number comes from the tables over the years; the words are the catalogue's `trends`
section (catalogue/sv.yaml, en.yaml).
"""

from __future__ import annotations

import pandas as pd

from kulturdialog.analysis import comparison
from kulturdialog.analysis.narrative import theme_shifts
from kulturdialog.analysis.tables import COUNTY_MUNICIPALITIES
from kulturdialog.lang.i18n import SWEDISH, Language

SPELLED_OUT_YEARS = 5  # up to this many years, a paragraph names each year's value


def _say(lang: Language, key: str, of: float | None = None, **values) -> str:
    return lang.say("trends", key, of, **values)


def _count(lang: Language, key: str, n: int, words: bool = False, neuter: bool = False) -> str:
    """`9 dialogmöten`, `ett tema`: the number (in words if `words`) with its noun's form."""
    value = lang.count(n, neuter=neuter) if words else lang.number(n)
    return _say(lang, key, n, n=value)


def intro(period: str, n_years: int, lang: Language = SWEDISH) -> str:
    return _say(lang, "intro", span=_say(lang, "span", n_years, period=period))


def overview_paragraph(
    over: pd.DataFrame, needs: int, sections: int = 3, lang: Language = SWEDISH
) -> str:
    """The period in figures (`over` from tables.participation_over_years; `needs` in all)."""
    last = _row(over, -1)
    if len(over) == 1:
        return _say(
            lang,
            "overview_one_year",
            year=last.year,
            meetings=_count(lang, "n_dialogue_meetings", last.meetings),
            participants=_count(lang, "n_participants", last.participants),
        )
    gaps = comparison.missing_years(over["year"])
    return _say(
        lang,
        "overview",
        years=lang.count(len(over)),
        with_dialogues=_say(lang, "with_dialogues") if gaps else "",  # the others named after
        meetings=_count(lang, "n_dialogue_meetings", int(over["meetings"].sum())),
        participants=_count(lang, "n_participants", int(over["participants"].sum())),
        needs=_count(lang, "n_needs", needs),
        sections=lang.count(sections),
    )


def participation_paragraph(over: pd.DataFrame, lang: Language = SWEDISH) -> str:
    """Meetings, participants, municipalities and the digital share over the years."""
    first, last = _row(over, 0), _row(over, -1)
    if len(over) == 1:
        return _say(
            lang,
            "participation_one_year",
            year=last.year,
            meetings=_count(lang, "n_dialogue_meetings", last.meetings),
            participants=_count(lang, "n_participants", last.participants),
            municipalities=lang.number(last.municipalities),
            county=COUNTY_MUNICIPALITIES,
            share=lang.percent(last.digital_share),
        )
    text = _say(
        lang,
        "both_changes",
        meetings=_change(
            lang, "noun_meetings", first.meetings, last.meetings, first.year, last.year
        ),
        participants=_change(lang, "noun_participants", first.participants, last.participants),
    )
    peak = _row(over, int(over["participants"].to_numpy().argmax()))  # years with data only
    if peak.year not in (first.year, last.year):
        text += _say(lang, "peak", n=lang.number(peak.participants), year=peak.year)
    text += _say(
        lang,
        "municipalities",
        first=lang.number(first.municipalities),
        county=COUNTY_MUNICIPALITIES,
        first_year=first.year,
        last=lang.number(last.municipalities),
        last_year=last.year,
    )
    shares = [(r.year, r.digital_share) for r in over.itertuples()]
    if len(shares) > SPELLED_OUT_YEARS:
        top = max(shares, key=lambda s: s[1])
        shares = sorted({shares[0], top, shares[-1]})
    items = [_say(lang, "value_in_year", value=lang.percent(s), year=y) for y, s in shares]
    return text + _say(lang, "digital_shares", shares=lang.join(items))


def themes_paragraph(shares: pd.DataFrame, gaps: bool = False, lang: Language = SWEDISH) -> str:
    """Which themes recur, which are new or gone, which moved most (themes × years shares).

    `gaps`: some years between had no dialogues (`shares` holds the years with dialogues).
    """
    every_year = _say(lang, "every_year_held" if gaps else "every_year")
    years = list(shares.columns)
    last = years[-1]
    n = len(shares)
    themes = _count(lang, "n_themes", n, words=True, neuter=True)
    if len(years) == 1:
        top = [t for t in shares.index if shares.at[t, last] == shares[last].max()]
        return _say(
            lang,
            "themes_one_year",
            year=last,
            themes=themes,
            top=_themes(top, lang),
            each=_say(lang, "each", len(top)),
            share=lang.percent(shares[last].max()),
        )
    raised = shares > 0
    every = [t for t in shares.index if raised.loc[t].all()]
    text = _say(lang, "themes_period", themes=themes)
    if len(every) == n:
        text += _say(lang, "all_recurred", every=every_year)
    elif every:
        text += _say(
            lang,
            "some_recurred",
            n=lang.count(len(every)),
            every=every_year,
            themes=_themes(every, lang),
        )
    else:
        text += _say(lang, "none_recurred", every=every_year)
    earlier = raised[years[:-1]].any(axis=1)
    new = [t for t in shares.index if raised.at[t, last] and not earlier[t]]
    gone = [t for t in shares.index if not raised.at[t, last] and earlier[t]]
    if new:
        text += _say(lang, "new_themes", len(new), year=last, themes=_themes(new, lang))
    if gone:
        text += _say(lang, "gone_themes", year=last, themes=_themes(gone, lang))
    return text + theme_shifts(shares, years[0], last, lang, section="trends")


def needs_paragraph(
    status: pd.DataFrame, by_theme: pd.DataFrame, gaps: bool = False, lang: Language = SWEDISH
) -> str:
    """How many needs per year, where they stand, how much of each year's is done, what recurs."""
    total = int(status["total"].sum())
    if total == 0:
        return _say(lang, "no_needs")
    # counts listed side by side (per status, per year) are all in digits: Language.counts
    states = [
        lang.say("narrative", f"status_{s}", n, n=lang.number(n))
        for s in lang.labels.statuses
        if (n := int(status[s].sum()))
    ]
    if len(status) == 1:
        needs = _count(lang, "n_needs", total, words=True, neuter=True)
        text = _say(lang, "needs_one_year", total, year=status.iloc[0].year, needs=needs)
    else:
        per_year = [
            _say(lang, "needs_in_year", n=lang.number(r.total), year=r.year)
            for r in status.itertuples()
        ]
        needs = _count(lang, "n_needs", total)
        text = _say(lang, "needs_period", total, needs=needs, per_year=lang.join(per_year))
    source = _say(lang, "source", len(status))
    text += _say(lang, "follow_up", source=source, states=lang.join(states))
    if len(status) > 1:
        done = [(r.year, lang.percent(r.done / r.total)) for r in status.itertuples() if r.total]
        (y0, p0), *later = done
        text += _say(lang, "done_first", year=y0, share=p0)
        rest = [_say(lang, "done_rest", year=y, share=p) for y, p in later]
        text += ", " + lang.join(rest) + "." if rest else "."
        every = [t for t in by_theme.index if (by_theme.loc[t] > 0).all()]
        if every:
            each = _say(lang, "every_year_held" if gaps else "every_year")
            text += _say(lang, "recurring_needs", themes=_themes(every, lang), every=each)
    return text


def years_phrase(years: list[int], lang: Language = SWEDISH) -> str:
    """`år 2021`, `åren 2019, 2020 och 2021`."""
    return _say(lang, "years_phrase", len(years), years=lang.join([str(y) for y in years]))


def _change(
    lang: Language, noun: str, a: int, b: int, y0: int | None = None, y1: int | None = None
) -> str:
    """`Antalet möten ökade från 9 år 2019 till 14 år 2021` (years left out when not given)."""
    noun = _say(lang, noun)
    if a == b:
        years = _say(lang, "change_same_years", first=y0, last=y1) if y0 is not None else ""
        return _say(lang, "change_same", noun=noun, n=lang.number(a)) + years
    a_text, b_text = lang.number(a), lang.number(b)
    if y0 is not None and y1 is not None:
        a_text = _say(lang, "value_in_year", value=a_text, year=y0)
        b_text = _say(lang, "value_in_year", value=b_text, year=y1)
    return _say(lang, "change_up" if b > a else "change_down", noun=noun, a=a_text, b=b_text)


def _themes(labels: list[str], lang: Language) -> str:
    """Theme labels in running text, quoted: several of them contain `och` themselves."""
    return lang.join([_say(lang, "quoted", text=label) for label in labels])


def _row(frame: pd.DataFrame, position: int):
    """One row with each value of its own type (a year stays an int beside a float share)."""
    return next(frame.iloc[[position]].astype(object).itertuples(index=False))
