"""How a notebook's outputs hand facts to the export: one metadata key, no heavy imports."""

TOC_KEY = "kulturdialog"  # output metadata: headings for the contents, the title block, listings
