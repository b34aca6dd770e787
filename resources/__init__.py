"""Shipped resources (sample meeting packages, icons), installed as companion.resources."""
