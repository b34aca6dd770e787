"""KKR meeting companion: read, annotate and follow meeting packages offline."""

__version__ = "0.1.0"
