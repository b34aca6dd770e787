"""Core logic of the companion: no Qt imports anywhere below this package."""
