"""The version of article-qa."""

__version__ = "0.1.0"
