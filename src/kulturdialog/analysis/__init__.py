"""The annual summary's and the trends report's tables, charts and text."""
