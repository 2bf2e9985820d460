"""Fixture: the sandbox served over real HTTP by a separate process (see fixtures in this module)."""
