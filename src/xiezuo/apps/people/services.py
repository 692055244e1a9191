"""Writing people, positions and organisations: every change through the core services."""
