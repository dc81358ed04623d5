"""jixiao (绩效): budget-performance self-evaluation tables → typed datasets with discrepancy flags.

    import jixiao
    ds = jixiao.read(["reports/"])        # a jixiao.Dataset: .documents .projects .funds .indicators .flags
"""
from jixiao.core.config import ConfigError

__version__ = "0.1.0"
__all__ = ["ConfigError", "Dataset", "__version__", "read"]


def __getattr__(name: str):
    # The API is imported on first use, so that `jixiao run` and the file processes do not pay for pandas.
    if name in ("read", "Dataset"):
        from jixiao import api
        return getattr(api, name)
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
