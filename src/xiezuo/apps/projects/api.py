"""The REST API of projects and funds comes with issue 7."""
