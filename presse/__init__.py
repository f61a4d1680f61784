"""presse: who said what in news articles. The domain package; it never imports Textual."""

__version__ = "0.1.0"
# Bump when the analysis of the same text by the same model can change: it keys the cache.
ANALYZER_VERSION = "7"


def analyzer_version() -> str:
    """What keys cached analyses besides the text and the model: this code's version, plus the optional
    steps installed (the paraphrase encoder adds repeats), so installing one never serves stale results."""
    from .paraphrase import available

    return ANALYZER_VERSION + ("+paraphrase" if available() else "")
