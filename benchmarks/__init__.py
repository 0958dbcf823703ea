"""Speed and memory benchmarks, run by ``make bench``, never by the test suite."""
