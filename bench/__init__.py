"""zpro_nb's benchmarks: one command, ``python -m bench [--quick] [--json PATH]``.

Each benchmark measures zpro_nb side by side with the plain approach it replaces, in the same run
(alternating A/B rounds), against sandbox processes started on loopback. Timing targets live here
and only here: the test suite never asserts on speed. See docs/performance.md.
"""
