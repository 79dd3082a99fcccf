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
# # Sammanfattning av årets dialogmöten
#
# Renders one year of Region Stockholm's culture dialogues (see `README.md`).
# Run with `kulturdialog render 2021`, or by hand:
# `papermill notebooks/annual_summary.ipynb out.ipynb -f params/2021.yaml`.
# Every cell calls the `kulturdialog` package; the logic and its tests live there.

# %% tags=["parameters"]
year: int = 2021  # reporting year: a folder data/<year>/ must exist
data_dir: str = "data"  # input folder, relative to the project root
compare: bool = True  # add the comparison with earlier years found in data_dir
language: str = "sv"  # report language: sv (Swedish) or en (English)

# %%
import kulturdialog as kd

parameters = kd.parameters_from(globals())  # unknown names or wrong types are an error
report = kd.open_report(**parameters)

# %%
report.title_block()

# %%
report.ingress()

# %%
report.figures_section()

# %%
report.theme_sections()

# %%
report.cooperation_section()

# %%
report.needs_section()

# %%
report.comparison_section()

# %%
report.appendix()
