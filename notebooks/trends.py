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
# # Kulturdialogerna över åren
#
# Compares every year in `data/` up to `year`: participation, themes over time, and the needs
# with their follow-up status. Run with `kulturdialog render 2021 --notebook trends`, or by hand:
# `papermill notebooks/trends.ipynb out.ipynb -f params/2021.yaml`.
# Every cell calls the `kulturdialog` package (`kulturdialog.trends`); its tests live there.

# %% tags=["parameters"]
year: int = 2021  # the latest year to include: a folder data/<year>/ must exist
data_dir: str = "data"  # input folder, relative to the project root
first_year: int = 0  # earliest year to include (0: all)
language: str = "sv"  # report language: sv (Swedish) or en (English)

# %%
import kulturdialog as kd

parameters = kd.parameters_from(globals())  # unknown names or wrong types are an error
trends = kd.open_trends(**parameters)

# %%
trends.title_block()

# %%
trends.ingress()

# %%
trends.participation_section()

# %%
trends.themes_section()

# %%
trends.needs_section()

# %%
trends.appendix()
