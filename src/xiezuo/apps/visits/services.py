"""Writing visits, their sites and meetings: every change through the core services."""
