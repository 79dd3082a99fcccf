"""Swedish labels for the contract's fixed codes (reference tables carry their own)."""

FORMATS = {"digital": "Digitalt", "hybrid": "Hybrid", "in_person": "Fysiskt"}
KINDS = {
    "effect": "Effekter",
    "concern": "Farhågor",
    "adaptation": "Anpassningar och nya arbetssätt",
    "request": "Önskemål",
    "opportunity": "Möjligheter",
}
KINDS_SINGULAR_LOWER = {
    "effect": "effekter",
    "concern": "farhågor",
    "adaptation": "anpassningar",
    "request": "önskemål",
    "opportunity": "möjligheter",
}
LEVELS = {"regional": "Regional", "municipal": "Kommunal"}
STATUSES = {
    "budget_process": "I budgetprocessen",
    "in_progress": "Pågår",
    "done": "Genomfört",
    "noted": "Noterat",
}
AREAS = {
    "sports_facilities": "Idrottsanläggningar",
    "arts_school": "Kulturskola",
    "libraries": "Bibliotek",
}
SUBREGIONS = {
    "nordost": "Nordost",
    "nordvast": "Nordväst",
    "sydost": "Sydost",
    "sydvast": "Sydväst",
    "stockholm": "Stockholm",
}
