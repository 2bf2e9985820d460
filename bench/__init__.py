"""zpro_nb's benchmarks: one command, ``python -m bench [--quick] [--json PATH]``.

Each benchmark measures zpro_nb side by side with the plain approach it replaces or with ZenML's
own ``Client`` on a real ZenML server, in the same run (alternating rounds), against servers
started on loopback, and puts every network figure next to its floor. Timing targets live here
and only here: the test suite never asserts on speed. See docs/performance.md.
"""
