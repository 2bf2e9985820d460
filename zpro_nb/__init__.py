"""zpro_nb: run ZenML Pro from Jupyter notebooks."""

__version__ = "0.1.0.dev0"
