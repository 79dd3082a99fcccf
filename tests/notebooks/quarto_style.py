# %% [markdown]
# # Mötenas format
#
# Skriven som för Quarto: ingen jupytext-rubrik, inget anrop till paketet före tabellerna.

# %% tags=["parameters"]
year: int = 2021  # reporting year: a folder data/<year>/ must exist
language: str = "sv"  # report language: sv or en

# %%
# ruff: noqa: E402, B018 - in a notebook, imports follow the parameters; a result is shown
import seaborn as sns

import kulturdialog as kd

meetings = kd.load_year(year).meetings

# %%
#| label: tbl-format
#| tbl-cap: "Möten per format."
per_format = meetings.groupby("format").agg(Möten=("meeting_id", "count"))
per_format

# %%
#| label: fig-format
#| fig-cap: "Deltagare per format."
#| fig-alt: "Stapeldiagram över antalet deltagare per mötesformat."
sns.barplot(meetings, x="format", y="participants", estimator="sum", errorbar=None)

# %%
#| include: false
meetings[["title"]].assign(note="HEMLIG-KONTROLL")

# %%
#| echo: true
#| tbl-cap: "Det första och det sista mötet."
meetings["date"].agg(["min", "max"]).to_frame("Datum")

# %% [markdown]
# ::: {.callout-note}
# Se @fig-format och @tbl-format: siffrorna räknas fram ur årets data.
# :::

# %%
#| tbl-cap: "Möten per partsgrupp."
meetings.groupby("party_group").size()
