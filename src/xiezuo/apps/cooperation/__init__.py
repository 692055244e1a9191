"""The remaining ledgers of the programme: secondments, labour, consumption, industry, social assistance."""
