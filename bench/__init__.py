"""Benchmarks run by `make bench`: printed ratios against baselines measured in the same run."""
