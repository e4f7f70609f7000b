"""kabar: news articles in many languages to structured event data."""

__version__ = "0.1.0"
