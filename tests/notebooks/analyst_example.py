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
import seaborn as sns
from IPython.display import Markdown, display

import kulturdialog as kd

parameters = kd.parameters_from(globals())
data = kd.load_year(year)

# %% [markdown] tags=["remove-cell"]
# ANTECKNING: inte i rapporten. Kolla siffrorna med enheten innan publicering.

# %% tags=["remove-output"]
# A first look at the data, for the analyst only.
data.meetings[["meeting_id", "title", "format"]]

# %% [markdown]
# # Analys av mötena
#
# Den här analysen visar årets dialogmöten **uppdelade per partsgrupp** och format. Mer om
# dialogerna finns på [Region Stockholms webbplats](https://www.regionstockholm.se/).
#
# ## Möten per partsgrupp

# %%
#| tbl-cap: "Möten per partsgrupp."
print("DEBUG-UTSKRIFT", len(data.meetings))
per_group = (
    data.meetings.groupby("party_group", sort=False)
    .agg(Möten=("meeting_id", "count"), Deltagare=("participants", "sum"))
    .reset_index()
)
per_group["Partsgrupp"] = per_group["party_group"].map(data.reference.party_groups["label_sv"])
per_group[["Partsgrupp", "Möten", "Deltagare"]]

# %%
#| fig-cap: "Möten per format."
#| fig-alt: "Stapeldiagram över antal möten per format: digital 9, hybrid 3, in_person 2."
ax = sns.countplot(data.meetings, x="format", color="#005288")
ax.set(xlabel="Format", ylabel="Möten")
plt.show()

# %%
n = len(data.meetings)
display(Markdown(f"Totalt {n} möten."))
