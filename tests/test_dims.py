"""``typedrnn.dims``: the contracts' dimension names for user code, and what the guide promises."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest
import torch
from beartype import beartype
from jaxtyping import TypeCheckError, jaxtyped

import typedrnn
from typedrnn import _static, dims
from typedrnn._contracts import DISPLAY_NAMES, ModuleConfig, named_shapes


def test_the_modules_forward_annotations_are_the_dims_aliases() -> None:
    lstm = inspect.signature(typedrnn.LSTM.forward, eval_str=True)
    assert lstm.parameters["input"].annotation == dims.SequenceInput
    assert lstm.parameters["hx"].annotation == typing.Optional[dims.LSTMState]  # noqa: UP045
    cell = inspect.signature(typedrnn.GRUCell.forward, eval_str=True)
    assert cell.parameters["input"].annotation == dims.CellInput


def test_every_name_in_the_single_layout_aliases_is_a_contract_dimension() -> None:
    contract = {
        name
        for kind in ("LSTM", "GRU", "LSTMCell")
        for layout in ("batched", "unbatched")
        for names in named_shapes(ModuleConfig(kind, 3, 4, proj_size=2 if kind == "LSTM" else 0), layout).values()
        for name in names
    }
    aliases = [dims.SeqBatchInput, dims.BatchSeqInput, dims.SeqBatchOutput, dims.BatchSeqOutput,
               dims.StackedHidden, dims.StackedProj, dims.StepInput, dims.StepHidden, dims.BatchFeatures]
    for alias in aliases:
        names = alias.dim_str.split()
        assert set(names) <= contract, (alias, set(names) - contract)
        assert not set(names) & set(DISPLAY_NAMES.values()), "annotations spell names as identifiers"


def test_a_function_annotated_with_dims_is_checked_by_jaxtyping() -> None:
    gru = typedrnn.GRU(8, 16, batch_first=True, bidirectional=True)

    @jaxtyped(typechecker=beartype)
    def last_step(output: dims.BatchSeqOutput, width: int) -> dims.BatchFeatures:
        return output[:, -1, :width]

    output, _ = gru(torch.randn(2, 5, 8))
    assert tuple(last_step(output, 32).shape) == (2, 32)
    with pytest.raises(TypeCheckError):
        last_step(output, 31)  # one feature short of dirs×out


FINAL_CONSTANT = """\
from typing import Final

import torch
from torch import nn

HIDDEN: Final = 64
gru = nn.GRU(32, HIDDEN, bidirectional=True)
head = nn.Linear(HIDDEN, 10)
features, _ = gru(torch.randn(5, 3, 32))
scores = head(features)
"""


def test_the_checker_knows_the_value_of_a_final_module_constant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pytestconfig: pytest.Config
) -> None:
    cache = pytestconfig.cache.mkdir("typedrnn-mypy") if getattr(pytestconfig, "cache", None) else tmp_path / "cache"
    monkeypatch.setenv("MYPY_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(FINAL_CONSTANT)
    report = _static.run_mypy(["model.py"])
    [error] = report.shape_errors
    assert error.lines[0].startswith("model.py:10: error: Linear(64, 10): input expected ")
    assert "got (5, 3, 128)" in error.lines[0]
