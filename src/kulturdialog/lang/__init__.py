"""A report's language: the catalogue of words, number and date formats, labels."""
