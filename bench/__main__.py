"""``python -m bench``: run every benchmark, print the table, optionally write it as JSON."""

import sys

from bench.runner import main

sys.exit(main())
