"""Clear outputs, execution counts and widget state from notebooks (``--check`` only reports).

Notebooks are committed without outputs: outputs can carry tokens, and they make diffs unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def dirty(nb: dict[str, object]) -> bool:
    cells = nb.get("cells", [])
    assert isinstance(cells, list)
    code = [c for c in cells if c.get("cell_type") == "code"]
    metadata = nb.get("metadata", {})
    assert isinstance(metadata, dict)
    return any(c.get("outputs") or c.get("execution_count") for c in code) or "widgets" in metadata


def strip(nb: dict[str, object]) -> None:
    for cell in nb.get("cells", []):  # type: ignore[attr-defined]
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = nb.get("metadata", {})
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report notebooks that hold outputs")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.paths or sorted(Path("notebooks").glob("*.ipynb"))
    bad = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not dirty(nb):
            continue
        if args.check:
            bad.append(path)
            continue
        strip(nb)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for path in bad:
        print(f"{path}: holds outputs or widget state; run python scripts/strip_notebooks.py {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
