"""Publishing meeting packages as a static feed, and syncing feeds into the library."""
