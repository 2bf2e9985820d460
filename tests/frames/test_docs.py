"""docs/schemas.md is generated from the schema objects and must match them."""

from __future__ import annotations

from pathlib import Path

from zpro_nb.frames import SCHEMAS, catalog_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "schemas.md"


def test_docs_schemas_md_matches_the_declared_schemas() -> None:
    assert DOC.read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/schemas.md is stale: run `python -m zpro_nb.frames > docs/schemas.md`"
    )


def test_every_schema_and_column_is_documented() -> None:
    text = catalog_markdown()
    for schema in SCHEMAS.values():
        assert f"### `{schema.name}`" in text
        for column in schema.columns:
            assert f"| `{column.name}` |" in text
