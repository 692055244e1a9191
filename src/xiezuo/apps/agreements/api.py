"""The REST API of agreements comes with issue 7."""
