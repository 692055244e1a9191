"""What every app shares: the change log, write services, permission scoping, generic ledger views."""
