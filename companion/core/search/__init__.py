"""Search: the syntax a member types (`query`), read into a typed query and
written as an FTS5 MATCH expression for the library's index."""
