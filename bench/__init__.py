"""Benchmarks: import, rebuild and search at two scales, over HTTP and in-process, beside Datasette.

`python -m bench` (or `make bench`) runs everything and writes docs/benchmarks.md.
"""
