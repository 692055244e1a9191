"""Reports: news reports of cooperation work, repaired, read for their facts, reviewed and confirmed into the ledger."""
