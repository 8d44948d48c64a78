"""The contracts module agrees with what torch really does, and words problems well."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch
from hypothesis import given, settings
from strategies import Call, calls, configs
from torch.nn.utils.rnn import PackedSequence

from typedrnn import _contracts
from typedrnn._contracts import (
    Bound,
    ModuleConfig,
    PackedArg,
    Problem,
    TensorArg,
    TupleArg,
    check_call,
    named_shapes,
    parameter_count,
    parameter_shapes,
)
from typedrnn._runtime import describe


def flatten_results(result: object) -> list[torch.Tensor]:
    """torch's result as a flat list of tensors, in the contract's result order."""
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, PackedSequence):
        return [result.data]
    assert isinstance(result, tuple)
    return [tensor for item in result for tensor in flatten_results(item)]


@settings(max_examples=600)
@given(calls())
def test_contract_results_match_what_torch_returns(call: Call) -> None:
    module = call.torch_module()
    args = call.args()
    result = module(*args)
    hx = args[1] if len(args) > 1 else None
    verdict = check_call(call.config, describe(args[0]), describe(hx))
    assert isinstance(verdict, Bound), verdict
    actual = [tuple(tensor.shape) for tensor in flatten_results(result)]
    promised = [verdict.results[name] for name in _contracts.result_names(call.config)]
    assert actual == promised


@settings(max_examples=300)
@given(configs())
def test_parameter_shapes_and_count_match_named_parameters(config: ModuleConfig) -> None:
    module = Call(config, "batched", seq=1, batch=1).torch_module()
    actual = {name: tuple(parameter.shape) for name, parameter in module.named_parameters()}
    assert list(parameter_shapes(config).items()) == list(actual.items())
    assert parameter_count(config) == sum(parameter.numel() for parameter in module.parameters())


def test_contracts_module_does_not_import_torch() -> None:
    code = "import sys, typedrnn._contracts; print('torch' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "False"


def test_named_shapes_follow_spec_table_for_lstm_with_projection() -> None:
    config = ModuleConfig("LSTM", 50, 100, num_layers=2, proj_size=20, batch_first=True)
    shapes = named_shapes(config)
    assert shapes["input"] == ("batch", "seq", "input")
    assert shapes["h0"] == ("layers_dirs", "batch", "proj")
    assert shapes["c0"] == ("layers_dirs", "batch", "hidden")
    assert shapes["output"] == ("batch", "seq", "dirs_out")
    assert named_shapes(config, "unbatched")["h_n"] == ("layers_dirs", "proj")
    assert named_shapes(config, "packed")["input"] == ("total", "input")


def test_fixed_dims_of_a_bidirectional_projected_lstm() -> None:
    config = ModuleConfig("LSTM", 50, 100, num_layers=3, bidirectional=True, proj_size=20)
    assert config.fixed_dims() == {
        "input": 50,
        "hidden": 100,
        "proj": 20,
        "layers_dirs": 6,
        "dirs_out": 40,
    }


def test_packed_batch_is_bound_from_batch_sizes() -> None:
    config = ModuleConfig("GRU", 3, 4)
    verdict = check_call(config, PackedArg(TensorArg((7, 3)), batch=3), TensorArg((1, 2, 4)))
    assert isinstance(verdict, Problem)
    assert verdict.argument == "h0"
    assert verdict.dimension == "batch"
    assert "batch=3 from input.batch_sizes[0] (PackedSequence)" in verdict.message()


def test_symbolic_sizes_bind_and_unknown_sizes_never_complain() -> None:
    config = ModuleConfig("RNN", 5, 10)
    verdict = check_call(config, TensorArg(("T", "B", 5)), TensorArg((1, "B", None)))
    assert isinstance(verdict, Bound)
    assert verdict.results["output"] == ("T", "B", 10)
    assert check_call(config, TensorArg(None), None).layout == "batched"  # type: ignore[union-attr]


def test_contract_names_clash_when_batch_major_tensor_enters_sequence_major_module() -> None:
    config = ModuleConfig("RNN", 5, 10)
    verdict = check_call(config, TensorArg(("batch", "seq", 5)), None)
    assert isinstance(verdict, Problem)
    assert verdict.dimension == "seq"
    assert "batch_first=True" in (verdict.hint or "")


def test_tuple_types_are_named_in_the_problem() -> None:
    config = ModuleConfig("LSTM", 5, 10)
    pair_as_list = TupleArg((TensorArg((1, 2, 10)), TensorArg((1, 2, 10))), type_name="list")
    verdict = check_call(config, TensorArg((3, 2, 5)), pair_as_list)
    assert isinstance(verdict, Problem)
    assert "got a list of 2" in verdict.summary


def test_a_cell_state_of_projection_width_is_blamed_on_proj_size_even_when_batch_equals_layers() -> None:
    # batch = layers×dirs = 2: the state could read as (batch, layers×dirs, …), but no
    # transpose makes its width 6 the hidden 16 that c0 needs.
    config = ModuleConfig("LSTM", 10, 16, num_layers=2, proj_size=6, batch_first=True)
    h0, c0 = TensorArg((2, 2, 6)), TensorArg((2, 2, 6))
    verdict = check_call(config, TensorArg((2, 30, 10)), TupleArg((h0, c0)))
    assert isinstance(verdict, Problem)
    assert verdict.hint is not None
    assert "batch_first layout" not in verdict.hint
    assert "c0 and c_n keep hidden=16" in verdict.hint


def test_a_state_in_batch_major_layout_is_still_told_to_transpose() -> None:
    config = ModuleConfig("GRU", 3, 7, num_layers=2, batch_first=True)
    verdict = check_call(config, TensorArg((4, 12, 3)), TensorArg((4, 2, 7)))
    assert isinstance(verdict, Problem)
    assert "h0.transpose(0, 1)" in (verdict.hint or "")


def test_features_in_the_middle_of_a_batch_first_input_are_told_to_be_permuted() -> None:
    config = ModuleConfig("LSTM", 20, 8, batch_first=True)
    verdict = check_call(config, TensorArg((3, 20, 50)), None)
    assert isinstance(verdict, Problem)
    assert verdict.hint == (
        "dimension 1 has the input size 20: the features belong last. Permute the input so that features come last."
    )


@pytest.mark.parametrize(
    ("config", "rule"),
    [
        (ModuleConfig("LSTM", 10, 20, proj_size=20), "proj_size has to be smaller than hidden_size"),
        (ModuleConfig("GRU", 10, 20, proj_size=5), "proj_size is only supported by LSTM"),
        (ModuleConfig("RNN", 0, 20), "input_size must be greater than zero"),
        (ModuleConfig("LSTM", 10, 20, num_layers=0), "num_layers must be greater than zero"),
        (ModuleConfig("Linear", 0, 4), "in_features must be greater than zero"),
    ],
)
def test_bad_configurations_are_named_with_torchs_rule(config: ModuleConfig, rule: str) -> None:
    assert rule in (config.problems() or "")


def test_good_configuration_has_no_problems() -> None:
    assert ModuleConfig("LSTM", 10, 20, proj_size=5, bidirectional=True).problems() is None


def test_describe_reads_like_the_constructor_call() -> None:
    config = ModuleConfig("LSTM", 50, 100, num_layers=2, batch_first=True, bidirectional=True)
    assert config.describe() == "LSTM(50, 100, num_layers=2, batch_first=True, bidirectional=True)"
    assert ModuleConfig("Linear", 2, 4, bias=False).describe() == "Linear(2, 4, bias=False)"
