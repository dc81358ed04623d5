"""Text reports: tab and `|` rows (reader), and text that lost its table (tokens + regroup)."""
