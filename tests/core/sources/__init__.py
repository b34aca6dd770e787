"""Tests of the ways a meeting arrives (companion.core.sources)."""
