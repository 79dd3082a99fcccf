"""A report's language: the catalogue of words, number and date formats, labels."""

# The report languages, each with a catalogue (catalogue/<code>.yaml), and their locales. Declared
# here, where importing costs nothing, for the parameters check as much as for the catalogue.
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
