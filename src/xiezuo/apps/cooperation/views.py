"""The ledger types of the cooperation ledgers (registered as they are built)."""
