"""jixiao (绩效): budget-performance self-evaluation tables → typed datasets with discrepancy flags."""
__version__ = "0.1.0"
