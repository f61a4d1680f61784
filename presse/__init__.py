"""presse: who said what in news articles. The domain package; it never imports Textual."""

__version__ = "0.1.0"
# Bump when the analysis of the same text by the same model can change: it keys the cache.
ANALYZER_VERSION = "2"
