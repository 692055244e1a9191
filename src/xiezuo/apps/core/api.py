"""The REST API comes with issue 7."""
