"""Projects and their funds: typed, dated transactions, so planned against spent is always a query."""
