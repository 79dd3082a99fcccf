# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["remove-cell"]
# A profile of one municipality for one year, written the way an analyst writes a notebook:
# Markdown cells, pandas and seaborn, captions and text alternatives as cell options.
# One municipality: `kulturdialog render 2021 --notebook municipality_profile`;
# all 26: add `--each municipality`. Markdown cells tagged `lang-en` appear only in English
# reports, untagged ones only in Swedish reports when an English twin exists (tag `lang-sv`).
# This cell is tagged `remove-cell`: a note for analysts, never in the report.

# %% tags=["parameters"]
year: int = 2021  # reporting year: a folder data/<year>/ must exist
municipality: str = "0180"  # municipality code (each: reference/municipalities.csv code)
language: str = "sv"  # report language: sv (Swedish) or en (English)
data_dir: str = "data"  # input folder, relative to the project root

# %%
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display
from matplotlib.figure import Figure

import kulturdialog as kd
from kulturdialog.analysis import charts, comparison

parameters = kd.parameters_from(globals())  # unknown names or wrong types are an error
data = parameters.data  # the year's data, from the folder the parameters name
say = parameters.say  # numbers, dates, lists and the contract's labels in the report's language
ref, label = data.reference, say.label_column
name = kd.municipality_name(data, municipality)  # an unknown code is a clear error
english = language == "en"

# %%
meetings = data.meetings[data.meetings["municipalities"].apply(lambda codes: municipality in codes)]
observations = data.observations[data.observations["meeting_id"].isin(meetings["meeting_id"])]
groups = list(dict.fromkeys(meetings["party_group"]))
needs = data.needs[data.needs["raised_by"].apply(lambda by: bool(set(by) & set(groups)))]
cooperation = data.cooperation if data.cooperation is not None else pd.DataFrame()
cooperation = (
    cooperation[cooperation["municipality"] == municipality] if len(cooperation) else cooperation
)

title = f"Municipality profile: {name} {year}" if english else f"Kommunprofil: {name} {year}"
kd.title_block(title, year, brief=True)  # a short document: no cover page

# %%
group_names = say.join([ref.party_groups.at[g, label].lower() for g in groups])
if meetings.empty:
    text = (
        f"{name} took part in none of the {len(data.meetings)} dialogue meetings of {year}."
        if english
        else f"{name} deltog inte i något av årets {len(data.meetings)} dialogmöten {year}."
    )
else:
    text = (
        f"{name} took part in **{len(meetings)}** of the {len(data.meetings)} dialogue meetings "
        f"of {year}, with {group_names}. {say.number(len(observations))} observations were "
        f"recorded in these meetings."
        if english
        else f"{name} deltog i **{len(meetings)}** av årets {len(data.meetings)} dialogmöten "
        f"{year}, med {group_names}. I mötena noterades {say.number(len(observations))} "
        f"iakttagelser."
    )
display(Markdown(text))

# %%
# Compared with the latest earlier year that has dialogues (a year may have none); only the
# party groups that met the municipality in both years are compared group by group.
before = parameters.before
if before is not None:
    then = before.meetings[before.meetings["municipalities"].apply(lambda c: municipality in c)]
    since = comparison.before_label(year, before.year, say)
    text = comparison.municipality_meetings(name, year, len(meetings), len(then), since, say)
    gap = comparison.no_dialogues(range(before.year + 1, year), say)
    change = comparison.GroupChange(meetings, then, ref.party_groups)
    more = [
        gap,
        change.sentences(before.year, say),
        change.per_group_sentence(str(before.year), say),
    ]
    display(Markdown(" ".join([text, *(m for m in more if m)])))

# %% [markdown] tags=["lang-sv"]
# ## Möten

# %% [markdown] tags=["lang-en"]
# ## Meetings

# %%
#| tbl-cap: "Dialogmöten som kommunen deltog i."
#| tbl-cap-en: "Dialogue meetings the municipality took part in."
#| label: tbl-moten
shown = pd.DataFrame(
    {
        "Date" if english else "Datum": meetings["date"].dt.date.astype(str),
        "Meeting" if english else "Möte": meetings["title"],
        "Party group" if english else "Partsgrupp": meetings["party_group"].map(
            ref.party_groups[label]
        ),
        "Participants" if english else "Deltagare": meetings["participants"],
    }
)
if shown.empty:
    display(Markdown("No meetings." if english else "Inga möten."))
shown if len(shown) else None

# %% [markdown] tags=["lang-sv"]
# ## Vad som togs upp

# %% [markdown] tags=["lang-en"]
# ## What was raised

# %%
#| fig-cap: "Iakttagelser per tema i mötena där kommunen deltog."
#| fig-cap-en: "Observations per theme in the meetings the municipality took part in."
per_theme = (
    observations["theme"].map(ref.themes[label]).value_counts().rename_axis("theme").reset_index()
)
if len(per_theme):
    fig = Figure(figsize=(6.3, 0.4 * len(per_theme) + 1.0), layout="constrained")
    ax = fig.subplots()
    sns.barplot(per_theme, x="count", y="theme", ax=ax, color="#005288")
    charts.label_bars(ax)  # each bar's value at its end, as in the annual summary's charts
    ax.set(xlabel="Observations" if english else "Iakttagelser", ylabel="")
    numbers = "; ".join(f"{t} {n}" for t, n in per_theme.itertuples(index=False))
    lead = (
        "Horizontal bar chart of observations per theme: "
        if english
        else "Liggande stapeldiagram över iakttagelser per tema: "
    )
    display(kd.figure(fig, alt=lead + numbers + "."))
else:
    display(
        Markdown("No observations were recorded." if english else "Inga iakttagelser noterades.")
    )

# %%
for theme, rows in observations.groupby("theme", sort=False):
    items = "\n".join(f"- {kd.markdown_text(t)}" for t in rows["text"])
    display(Markdown(f"### {ref.themes.at[theme, label]}\n\n{items}"))

# %% [markdown] tags=["lang-sv"]
# ## Samverkan med andra kommuner

# %% [markdown] tags=["lang-en"]
# ## Cooperation with other municipalities

# %%
#| tbl-cap: "Samverkan per område och hinder som kommunen angav."
#| tbl-cap-en: "Cooperation by area, and the barriers the municipality named."
if len(cooperation):
    barriers = cooperation["barriers"].map(
        lambda codes: say.join([ref.barriers.at[c, label] for c in codes]) or "–"
    )
    table = pd.DataFrame(
        {
            "Area" if english else "Område": cooperation["area"].map(say.labels.areas),
            "Cooperates" if english else "Samverkar": cooperation["cooperates"].map(
                {True: say("yes"), False: say("no")}
            ),
            "Barriers" if english else "Hinder": barriers,
        }
    )
else:
    table = None
    display(
        Markdown("No cooperation was recorded." if english else "Ingen samverkan registrerades.")
    )
table

# %% [markdown] tags=["lang-sv"]
# ## Önskemål och behov

# %% [markdown] tags=["lang-en"]
# ## Wishes and needs

# %%
#| tbl-cap: "Önskemål och behov som kommunens partsgrupper tog upp."
#| tbl-cap-en: "Wishes and needs raised by the municipality's party groups."
if len(needs):
    result = pd.DataFrame(
        {
            "Theme" if english else "Tema": needs["theme"].map(ref.themes[label]),
            "Need" if english else "Behov": needs["text"],
            "Status": needs["status"].map(say.labels.statuses),
        }
    )
else:
    result = None
    display(
        Markdown(
            "No wishes or needs were raised." if english else "Inga önskemål eller behov togs upp."
        )
    )
result
