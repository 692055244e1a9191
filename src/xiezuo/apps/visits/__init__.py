"""Visits: delegations travelling to the other side, their itineraries of sites, and their meetings."""
