"""Benchmarks of the whole portal at scale: `make bench` (or `python -m bench`); see README.md."""
