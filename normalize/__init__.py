"""Stage 2: turn a cell grid into typed records (projects, funds, indicators)."""
