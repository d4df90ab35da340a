"""Benchmark commands for tests/load/ (build_national_dataset, bench_pdf, measure_pages). Not part of the portal:
settings install this app only when the bench extra is installed (``pip install -e '.[bench]'``), and the tests."""
