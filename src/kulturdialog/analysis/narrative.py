"""Generated text in the report's language: every number comes from the tables, none is typed in.

Each function builds its sentences from the phrases of the catalogue's `narrative` section
(catalogue/sv.yaml, en.yaml); Swedish is the default. A phrase with plural forms (`one`,
`other`) is chosen by the number it speaks of.
"""

from __future__ import annotations

import pandas as pd

from kulturdialog.analysis.tables import COUNTY_MUNICIPALITIES
from kulturdialog.lang.i18n import SWEDISH, Language

SINCE = 2019  # the first year of the culture dialogues


def _say(lang: Language, key: str, of: int | None = None, **values) -> str:
    """The phrase `key` in `lang` with `values`; plural forms are chosen by `of`."""
    return lang.say("narrative", key, of, **values)


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
    before (comparison.before_label: `2021, det senaste året med dialoger`).
    """
    groups = now["party_groups"]
    # a paragraph of figures: every count in digits, as counts side by side are written
    text = _say(
        lang,
        "figures",
        year=year,
        meetings=lang.number(now["meetings"]),
        meeting_noun=_noun(lang, "dialogue_meeting", now["meetings"]),
        participants=lang.number(now["participants"]),
        participant_noun=_noun(lang, "participant", now["participants"]),
        groups=lang.number(groups),
        group_noun=_noun(lang, "party_group", groups),
    )
    if before:
        same = (
            now["meetings"] == before["meetings"] or now["participants"] == before["participants"]
        )
        # `lika många … som`, not `än`; `Jämfört med 2021, det senaste året med dialoger, är det …`
        key = ("change_same_label" if before_label else "change_same") if same else "change"
        text += _say(
            lang,
            key,
            meetings=_more_or_fewer(now["meetings"] - before["meetings"], "meeting", lang),
            participants=_more_or_fewer(
                now["participants"] - before["participants"], "participant", lang
            ),
            before_year=before_label or before_year,
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
        first=lang.in_sentence(first),
    )


def theme_paragraph(
    row: pd.Series, total_meetings: int, party_group_labels: pd.Series, lang: Language = SWEDISH
) -> str:
    """In how many meetings and by whom a theme came up; which kinds of observation dominated."""
    groups = [lang.in_sentence(party_group_labels[c]) for c in row["party_groups"]]
    n, total_shown = lang.counts(int(row["meetings"]), total_meetings)  # `6 av årets 14 möten`
    kind_words = lang.labels.kinds_lower
    text = _say(
        lang,
        "theme",
        n=n,
        total=total_shown,
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
        f"{lang.in_sentence(r.barrier)} ({lang.number(r.mentions)})" for r in ranking.itertuples()
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
    # `10 …, varav 9 …: 6 hanteras, 3 pågår och 1 är noterat`: counts listed, all in digits
    states = [
        _say(lang, f"status_{r.status}", of=r.needs, n=lang.number(r.needs))
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
        text += theme_shifts(shares, shares.columns[-2], shares.columns[-1], lang)
    return text


def theme_shifts(
    shares: pd.DataFrame, before: int, year: int, lang: Language, section: str = "narrative"
) -> str:
    """The theme whose share of meetings grew most from `before` to `year` and the one that
    shrank most, each if there is one (ties go by `shares`' order), in the words of the
    catalogue's `section` (`theme_up`, `theme_down`): the annual summary's and the trends'."""
    delta = (shares[year] - shares[before]).sort_values(kind="stable")
    text = ""
    for key, theme, shifted in (
        ("theme_up", delta.index[-1], delta.iloc[-1] > 0),
        ("theme_down", delta.index[0], delta.iloc[0] < 0),
    ):
        if shifted:
            text += lang.say(
                section,
                key,
                theme=lang.in_sentence(theme),
                before=lang.share(shares.at[theme, before]),
                now=lang.share(shares.at[theme, year]),
                before_year=before,
                year=year,
            )
    return text
