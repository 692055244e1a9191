"""The REST API of pairings comes with issue 7 (Excel ledgers in and out, and the REST API)."""
