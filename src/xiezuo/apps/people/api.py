"""The REST API of people and organisations comes with issue 7."""
