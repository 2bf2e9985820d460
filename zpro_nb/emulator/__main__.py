"""``python -m zpro_nb.emulator``: serve the sandbox (see :mod:`zpro_nb.emulator.server`)."""

from __future__ import annotations

import sys

from .server import main

if __name__ == "__main__":
    sys.exit(main())
