"""The REST API of reports comes with issue 7."""
