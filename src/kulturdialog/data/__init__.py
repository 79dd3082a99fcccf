"""The input: the data contract, reading, validation, loading, workbooks, provenance."""
