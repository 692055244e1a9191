"""Reports in and records out: store (deduplicated), propose, review, confirm or reject. To be built."""
