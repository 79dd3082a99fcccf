"""The index page's words (reports/index.html and index.en.html), in Swedish and English.

The organisation above the title is the reports' own (the catalogue's `report.kicker`), so the
index names it as the reports do.
"""

STRINGS = {
    "sv": {
        "title": "Rapporter från kulturdialogerna",
        "intro": (
            "Alla publicerade sammanfattningar och analyser av Region Stockholms kulturdialoger, "
            "nyaste först, med tidigare versioner. Varje rapport finns som webbsida, PDF "
            "(arkivformat), Word-fil och som Jupyter-fil med beräkningarna; figurer och tabeller "
            "finns också som egna filer."
        ),
        "skip_link": "Hoppa till innehållet",
        "other": "In English",
        "other_lang": "en",
        "dnr": "Diarienummer",
        "published": "Publicerad",
        "formats": "Filer",
        "html": "Webbsida",
        "pdf": "PDF",
        "docx": "Word",
        "ipynb": "Beräkningar (Jupyter)",
        "xlsx": "Tabeller (Excel)",
        "reports": "{n} rapporter",
        "report_one": "1 rapport",
        "value": "Värde",
        "report": "Rapport",
        "earlier": "Tidigare versioner {year}",
        "version": "Version",
        "key": "Renderingsnyckel",
        "none": "Inga rapporter är publicerade ännu.",
        "years": "År",
    },
    "en": {
        "title": "Reports of the culture dialogues",
        "intro": (
            "Every published summary and analysis of Region Stockholm's culture dialogues, "
            "newest first, with earlier versions. Each report is a web page, a PDF (archival "
            "format), a Word file and the executed notebook; its figures and tables are also "
            "files of their own. The reports themselves are in Swedish unless marked."
        ),
        "skip_link": "Skip to content",
        "other": "På svenska",
        "other_lang": "sv",
        "dnr": "Reference number",
        "published": "Published",
        "formats": "Files",
        "html": "Web page",
        "pdf": "PDF",
        "docx": "Word",
        "ipynb": "Computations (Jupyter)",
        "xlsx": "Tables (Excel)",
        "reports": "{n} reports",
        "report_one": "1 report",
        "value": "Value",
        "report": "Report",
        "earlier": "Earlier versions {year}",
        "version": "Version",
        "key": "Render key",
        "none": "No reports are published yet.",
        "years": "Years",
    },
}
