"""Where the analysis of a collection runs: the local worker pool (`presse.batch`, the default) or
a Dask cluster (`presse.engines.dask_engine`, the optional extra `presse[dask]`).

Both run the same per-article analysis (`presse.batch.analyse_chunk`); an engine only decides where.
Importing this package imports neither Dask nor spaCy.
"""

from __future__ import annotations

from importlib.util import find_spec

from ..errors import PresseError

ENGINES = ("local", "dask")
INSTALL_DASK = "--engine dask needs Dask: pip install 'presse[dask]'"


def dask_available() -> bool:
    return find_spec("distributed") is not None and find_spec("dask") is not None


def require_dask() -> None:
    """Bad input (one line, exit 2) when the Dask extra is not installed."""
    if not dask_available():
        raise PresseError(INSTALL_DASK)
