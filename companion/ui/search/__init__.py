"""Search in the window: Ctrl+K's popup, its results, the case trail under the item."""
