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
        # reports/dcat.rdf, the open-data catalogue (both languages in one file)
        "dcat_title": "{publisher}: kulturdialogernas öppna data",
        "dcat_about": (
            "Tabellerna i de publicerade rapporterna från kulturdialogerna, de möten där "
            "{publisher} varje år samtalar med kommunerna, det fria kulturlivet och "
            "civilsamhället om kultur- och föreningslivet: för varje rapport "
            "tabellerna som CSV-filer och som en Excel-fil."
        ),
        "dcat_dataset": "Kulturdialogerna {year}: tabellerna i ”{title}”",
        "dcat_dataset_about": (
            "Tabellerna i rapporten ”{title}”{dnr} från {publisher}, om kulturdialogerna "
            "{year} med kommunerna, det fria kulturlivet och civilsamhället: varje tabell som "
            "CSV-fil, alla i en "
            "Excel-fil. Varje CSV-fils kolumner beskrivs i datapackage.json (Frictionless)."
        ),
        "dcat_dnr": " (diarienummer {dnr})",
        "dcat_keywords": "kultur, kulturdialog, kommuner",
        "dcat_theme": "Utbildning, kultur och sport",
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
        "dcat_title": "{publisher}: open data of the culture dialogues",
        "dcat_about": (
            "The tables of the published reports of the culture dialogues, the meetings in "
            "which {publisher} talks every year with the municipalities, the independent arts "
            "sector and civil society about cultural and association life: "
            "for each report, its tables as CSV files and as one Excel file."
        ),
        "dcat_dataset": "Culture dialogues {year}: the tables of “{title}”",
        "dcat_dataset_about": (
            "The tables of the report “{title}”{dnr} by {publisher}, on the culture dialogues "
            "of {year} with the municipalities, the independent arts sector and civil society: "
            "each table as a CSV file, "
            "all in one Excel file. Each CSV file's columns are described in datapackage.json "
            "(Frictionless)."
        ),
        "dcat_dnr": " (reference number {dnr})",
        "dcat_keywords": "culture, culture dialogue, municipalities",
        "dcat_theme": "Education, culture and sport",
    },
}
