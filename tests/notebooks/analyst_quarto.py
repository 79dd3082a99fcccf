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

# %% tags=["parameters"]
year: int = 2021  # reporting year: a folder data/<year>/ must exist
language: str = "sv"  # report language: sv or en

# %%
# ruff: noqa: E402 - in a notebook, the imports come after the parameters cell
import matplotlib.pyplot as plt

import kulturdialog as kd

parameters = kd.parameters_from(globals())
data = kd.load_year(year)

# %% [markdown]
# # Mötenas format
#
# @fig-format visar hur mötena hölls och @tbl-format hur många som deltog; urvalet beskrivs i
# @sec-urval.[^1]
#
# ::: {.callout-note}
# ## Läs siffrorna med urvalet i minnet
# Varje möte räknas en gång, oavsett hur många partsgrupper som deltog.
# :::
#
# [^1]: Underlaget är årets mötesförteckning.

# %%
#| label: tbl-format
#| tbl-cap: "Möten och deltagare per format."
per_format = (
    data.meetings.groupby("format", sort=True)
    .agg(Möten=("meeting_id", "count"), Deltagare=("participants", "sum"))
    .reset_index()
    .rename(columns={"format": "Format"})
)
per_format[["Format", "Möten", "Deltagare"]]

# %%
#| label: fig-format
#| fig-cap: "Möten per format."
#| fig-alt: "Stapeldiagram över antal möten per format: digital 9, hybrid 3, in_person 2."
fig, ax = plt.subplots()
ax.bar(per_format["Format"], per_format["Möten"], color="#005288")
ax.set(xlabel="Format", ylabel="Möten")
plt.show()

# %% [markdown]
# ## Urval {#sec-urval}
#
# Se @tbl-format för deltagarna och @tbl-grupper för de partsgrupper som nämns mest.
#
# | Partsgrupp | Förkortning | Möten |
# |:---|:---|---:|
# | Kommunala kultur- och fritidschefer | KC | 4 |
# | Civilsamhälle och *föreningsliv* | CS | 3 |
#
# : Partsgrupper i urvalet. {#tbl-grupper}
#
# ::: {.panel-tabset}
# ### Digitala möten
# De flesta mötena var digitala.
# ### Fysiska möten
# Två möten hölls på plats.
# :::
