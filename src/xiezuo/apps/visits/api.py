"""The REST API of visits comes with issue 7."""
