"""Stage 3: the discrepancy rules (rules.yaml) and the engine that applies them (engine.py).

values.yaml and headers.yaml, the vocabulary the other stages read cells with, live here too so that
a user's `--rules DIR` overrides all of them in one place; jixiao.core.config loads them.
"""
