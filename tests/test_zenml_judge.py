"""The judge runner itself: it runs ZenML's own code and reads its answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from zenml_judge import run_in_zenml

pytestmark = pytest.mark.oss


def test_reads_zenml_enum_values_from_the_installed_zenml(tmp_path: Path) -> None:
    answer = run_in_zenml(
        "enum_values.py", {"enums": ["zenml.enums.ExecutionStatus"]}, config_dir=tmp_path / "cfg"
    )
    values = answer["zenml.enums.ExecutionStatus"]
    # 0.98 has more statuses than the 10 the first frames knew; the judge must see all of them.
    assert {"completed", "failed", "running", "queued", "cancelled"} <= set(values)


def test_a_failing_judge_script_fails_with_its_stderr(tmp_path: Path) -> None:
    script = tmp_path / "boom.py"
    script.write_text("import sys\nprint('judge said no', file=sys.stderr)\nsys.exit(3)\n")
    with pytest.raises(AssertionError, match="judge said no"):
        run_in_zenml(script, {}, config_dir=tmp_path / "cfg")
