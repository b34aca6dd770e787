"""The chair's session mode and the presenter screen."""
