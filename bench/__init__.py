"""Benchmarks: figures and ratios, run by hand (`python -m bench.engine`), never asserted."""
