"""Importers turn outside sources (agenda text, FirstAgenda, ...) into a Meeting."""
