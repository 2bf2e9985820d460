"""``python -m zpro_nb.frames > docs/schemas.md``: print the schema reference."""

from .catalog import catalog_markdown

print(catalog_markdown(), end="")
