"""Fixture: a real ZenML OSS server (0.98.0) started from its own venv."""
