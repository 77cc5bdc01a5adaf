"""Territorial steering: distance to the offer, coverage and freshness per territory, precomputed."""
