"""`manage.py bench`: the product's figures against floors measured in the same run.

The run creates its own PostgreSQL database (`mongcai_bench_<pid>`), fills it
with set-based SQL, measures, and drops it; it never touches the database it
was started against (docs/BENCHMARKS.md).
"""
