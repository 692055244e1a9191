"""Writing projects and their fund transactions: every change through the core services."""
