"""Measures the assistant and the index through their public APIs: datasets, metrics, benchmarks."""
