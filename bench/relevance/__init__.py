"""Relevance of a running service's search, scored against judged query sets (bench/relevance/sets/)."""
