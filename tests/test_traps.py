"""Each known shape trap gets a clear ShapeError that names the argument and dimension.

Every test also runs the same call on plain torch, to record what torch does with it
(an error of its own, or nothing at all).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from jaxtyping import TypeCheckError
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import typedrnn
from typedrnn import ShapeError


def shape_error(call: Callable[[], object]) -> ShapeError:
    with pytest.raises(ShapeError) as caught:
        call()
    return caught.value


def test_shape_error_is_a_jaxtyping_type_error_a_value_error_and_a_runtime_error() -> None:
    error = shape_error(lambda: typedrnn.GRU(10, 20)(torch.randn(5, 3, 11)))
    assert isinstance(error, TypeCheckError)
    assert isinstance(error, TypeError)
    assert isinstance(error, ValueError)
    assert isinstance(error, RuntimeError)


def test_h0_in_batch_first_layout_is_rejected_with_a_hint() -> None:
    lstm = typedrnn.LSTM(50, 100, num_layers=2, batch_first=True)
    x = torch.randn(3, 10, 50)
    states = (torch.zeros(3, 2, 100), torch.zeros(3, 2, 100))
    error = shape_error(lambda: lstm(x, states))
    message = str(error)
    assert error.argument == "h0"
    assert "h0 expected (layers×dirs=2, batch=3, hidden=100), got (3, 2, 100)" in message
    assert "batch_first=True changes input and output only" in message
    assert "h0.transpose(0, 1)" in message


def test_bidirectional_forgotten_in_layers_dirs_is_named() -> None:
    gru = typedrnn.GRU(10, 20, num_layers=2, bidirectional=True)
    error = shape_error(lambda: gru(torch.randn(5, 3, 10), torch.zeros(2, 3, 20)))
    assert error.dimension == "layers_dirs"
    message = str(error)
    assert "h0 expected (layers×dirs=4, batch=3, hidden=20), got (2, 3, 20)" in message
    assert "num_layers=2 × 2 directions (bidirectional=True)" in message
    assert "bidirectional=True doubles" in message


def test_h0_sized_by_hidden_when_lstm_projects_is_named_proj() -> None:
    lstm = typedrnn.LSTM(10, 20, proj_size=5)
    error = shape_error(lambda: lstm(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20))))
    assert (error.argument, error.dimension) == ("h0", "proj")
    assert "proj=5 from proj_size=5" in str(error)
    assert "c0 and c_n keep hidden=20" in str(error)


def test_c0_sized_by_proj_is_named_hidden() -> None:
    lstm = typedrnn.LSTM(10, 20, proj_size=5)
    error = shape_error(lambda: lstm(torch.randn(5, 3, 10), (torch.zeros(1, 3, 5), torch.zeros(1, 3, 5))))
    assert (error.argument, error.dimension) == ("c0", "hidden")
    assert "c0 expected (layers×dirs=1, batch=3, hidden=20), got (1, 3, 5)" in str(error)
    assert "only h0 and h_n shrink to proj=5" in str(error)


def test_h0_batch_other_than_input_batch_names_where_batch_came_from() -> None:
    rnn = typedrnn.RNN(5, 10, 2)
    error = shape_error(lambda: rnn(torch.randn(6, 3, 5), torch.zeros(2, 4, 10)))
    assert error.dimension == "batch"
    assert "batch=3 from input dim 1, batch_first=False" in str(error)
    assert "init_hidden(batch_size)" in str(error)


def test_batch_major_input_into_sequence_major_module_suggests_batch_first() -> None:
    rnn = typedrnn.RNN(5, 10)
    error = shape_error(lambda: rnn(torch.randn(4, 6, 5), torch.zeros(1, 4, 10)))
    assert "construct the module with batch_first=True" in str(error)


def test_wrong_input_size_is_named_with_its_source() -> None:
    lstm = typedrnn.LSTM(50, 100)
    error = shape_error(lambda: lstm(torch.randn(10, 3, 40)))
    assert (error.argument, error.dimension) == ("input", "input")
    assert "input expected (seq=10, batch=3, input=50), got (10, 3, 40)" in str(error)
    assert "input=50 from input_size=50" in str(error)


def test_features_in_the_wrong_position_are_pointed_out() -> None:
    lstm = typedrnn.LSTM(50, 100)
    error = shape_error(lambda: lstm(torch.randn(10, 50, 3)))
    assert "dimension 1 has the input size 50: the features belong last" in str(error)


def test_four_dimensional_input_is_rejected_with_both_accepted_ranks() -> None:
    gru = typedrnn.GRU(10, 20)
    error = shape_error(lambda: gru(torch.randn(2, 5, 3, 10)))
    assert error.dimension == "rank"
    assert "input expected 3 dimensions (seq, batch, input=10) or 2 (seq, input=10), got 4-D" in str(error)


def test_unbatched_input_with_batched_states_is_rejected() -> None:
    gru = typedrnn.GRU(10, 20)
    error = shape_error(lambda: gru(torch.randn(5, 10), torch.zeros(1, 3, 20)))
    assert (error.argument, error.dimension) == ("h0", "rank")
    assert "input is unbatched (2-D) but h0 is batched (3-D)" in str(error)


def test_batched_input_with_unbatched_states_is_rejected() -> None:
    lstm = typedrnn.LSTM(10, 20)
    error = shape_error(lambda: lstm(torch.randn(5, 3, 10), (torch.zeros(1, 20), torch.zeros(1, 20))))
    assert "input is batched (3-D) but h0 is unbatched (2-D)" in str(error)


def test_unbatched_cell_input_with_batched_state_is_rejected() -> None:
    cell = typedrnn.GRUCell(10, 20)
    error = shape_error(lambda: cell(torch.randn(10), torch.zeros(3, 20)))
    assert "h expected 1 dimension (hidden=20), got 2-D (3, 20)" in str(error)
    assert "input is unbatched (1-D) but h is batched (2-D)" in str(error)


def test_cell_c_with_another_batch_than_x_is_rejected() -> None:
    cell = typedrnn.LSTMCell(10, 20)
    error = shape_error(lambda: cell(torch.randn(3, 10), (torch.zeros(3, 20), torch.zeros(4, 20))))
    assert (error.argument, error.dimension) == ("c", "batch")
    assert "c expected (batch=3, hidden=20), got (4, 20)" in str(error)


def test_packed_lstm_with_wrong_state_batch_is_caught_before_the_kernel() -> None:
    packed = pack_padded_sequence(torch.randn(5, 2, 3), [5, 3])
    lstm = typedrnn.LSTM(3, 4)
    error = shape_error(lambda: lstm(packed, (torch.zeros(1, 2, 4), torch.zeros(1, 2, 7))))
    assert (error.argument, error.dimension) == ("c0", "hidden")
    assert "c0 expected (layers×dirs=1, batch=2, hidden=4), got (1, 2, 7)" in str(error)
    with pytest.raises(RuntimeError, match="incorrect number of RNN parameters"):
        nn.LSTM(3, 4)(packed, (torch.zeros(1, 2, 4), torch.zeros(1, 2, 7)))


def test_packed_input_with_wrong_feature_size_names_the_data_tensor() -> None:
    packed = pack_padded_sequence(torch.randn(5, 2, 6), [5, 3])
    error = shape_error(lambda: typedrnn.GRU(3, 4)(packed))
    assert "input.data expected (total=8, input=3), got (8, 6)" in str(error)


def test_packed_state_batch_comes_from_batch_sizes() -> None:
    packed = pack_padded_sequence(torch.randn(5, 2, 3), [5, 3])
    error = shape_error(lambda: typedrnn.GRU(3, 4)(packed, torch.zeros(1, 3, 4)))
    assert "batch=2 from input.batch_sizes[0] (PackedSequence)" in str(error)


def test_state_of_another_dtype_is_rejected() -> None:
    lstm = typedrnn.LSTM(10, 20)
    states = (torch.zeros(1, 3, 20, dtype=torch.float64), torch.zeros(1, 3, 20))
    error = shape_error(lambda: lstm(torch.randn(5, 3, 10), states))
    assert (error.argument, error.dimension) == ("h0", "dtype")
    assert "h0 has dtype torch.float64, but input has torch.float32" in str(error)


def test_input_of_another_dtype_than_the_parameters_is_rejected() -> None:
    gru = typedrnn.GRU(10, 20).double()
    error = shape_error(lambda: gru(torch.randn(5, 3, 10)))
    assert "input has dtype torch.float32, but the parameters are torch.float64" in str(error)


def test_state_on_another_device_is_rejected_naming_both_devices() -> None:
    lstm = typedrnn.LSTM(10, 20)
    states = (torch.zeros(1, 3, 20, device="meta"), torch.zeros(1, 3, 20))
    error = shape_error(lambda: lstm(torch.randn(5, 3, 10), states))
    assert error.dimension == "device"
    assert "h0 is on device meta, but input is on cpu" in str(error)


def test_input_on_another_device_than_the_parameters_is_rejected() -> None:
    rnn = typedrnn.RNN(10, 20)
    error = shape_error(lambda: rnn(torch.randn(5, 3, 10, device="meta")))
    assert "input is on device meta, but the parameters are on cpu" in str(error)


def test_module_on_meta_device_checks_meta_tensors() -> None:
    lstm = typedrnn.LSTM(10, 20).to("meta")
    output, (h_n, _) = lstm(torch.empty(5, 3, 10, device="meta"))
    assert output.shape == (5, 3, 20)
    assert h_n.device.type == "meta"
    error = shape_error(lambda: lstm(torch.empty(5, 3, 10, device="meta"), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20))))
    assert "h0 is on device cpu, but input is on meta" in str(error)


def test_integer_input_suggests_an_embedding() -> None:
    gru = typedrnn.GRU(10, 20)
    error = shape_error(lambda: gru(torch.ones(5, 3, 10, dtype=torch.long)))
    assert "input has dtype torch.int64, expected a floating dtype" in str(error)
    assert "nn.Embedding" in str(error)


def test_list_where_a_tensor_is_expected_is_a_shape_error_not_an_attribute_error() -> None:
    error = shape_error(lambda: typedrnn.LSTM(10, 20)([[1.0] * 10] * 5))
    assert "input expected a Tensor (seq, batch, input) or (seq, input) or a PackedSequence, got a list of 5" in str(error)
    with pytest.raises(AttributeError):
        nn.LSTM(10, 20)([[1.0] * 10] * 5)


def test_single_tensor_where_lstm_wants_a_pair() -> None:
    error = shape_error(lambda: typedrnn.LSTM(10, 20)(torch.randn(5, 3, 10), torch.zeros(1, 3, 20)))
    assert error.argument == "hx"
    assert "hx expected a tuple (h0, c0) of two tensors, got a single Tensor (1, 3, 20)" in str(error)


def test_tuple_where_gru_wants_a_tensor() -> None:
    states = (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20))
    error = shape_error(lambda: typedrnn.GRU(10, 20)(torch.randn(5, 3, 10), states))
    assert "hx expected a single Tensor (layers×dirs=1, batch=3, hidden=20), got a tuple of 2" in str(error)
    assert "(h, c) pairs belong to LSTM" in str(error)
    with pytest.raises(AttributeError):
        nn.GRU(10, 20)(torch.randn(5, 3, 10), states)


def test_one_tuple_is_called_out_as_a_stray_comma() -> None:
    error = shape_error(lambda: typedrnn.LSTM(10, 20)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20),)))
    assert "got a tuple of 1" in str(error)
    assert "stray trailing comma" in str(error)
    error = shape_error(lambda: typedrnn.GRU(10, 20)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20),)))
    assert "(h0,) is a 1-tuple" in str(error)


def test_empty_sequence_is_rejected() -> None:
    error = shape_error(lambda: typedrnn.GRU(10, 20)(torch.randn(0, 3, 10)))
    assert error.dimension == "seq"
    assert "input has seq=0" in str(error)
    with pytest.raises(RuntimeError, match="sequence length to be larger than 0"):
        nn.GRU(10, 20)(torch.randn(0, 3, 10))


def test_empty_batch_is_accepted() -> None:
    output, h_n = typedrnn.GRU(10, 20)(torch.randn(5, 0, 10))
    assert output.shape == (5, 0, 20)
    assert h_n.shape == (1, 0, 20)


def test_linear_head_sized_for_one_direction_gets_the_bidirectional_hint() -> None:
    head = typedrnn.Linear(20, 4)
    error = shape_error(lambda: head(torch.randn(7, 3, 40)))
    assert "the input is twice as wide as in_features" in str(error)
    assert "Linear(40, 4)" in str(error)


def test_linear_head_sized_for_two_directions_offers_both_readings() -> None:
    # The head may be sized for two directions of an RNN that has one, or it may be fed one
    # direction (h_n[-1]) of a bidirectional one: the hint cannot know, so it says both.
    error = shape_error(lambda: typedrnn.Linear(40, 4)(torch.randn(7, 3, 20)))
    assert "torch.cat((h_n[-2], h_n[-1]), dim=-1)" in str(error)
    assert "size the head Linear(20, 4)" in str(error)


def test_one_direction_of_a_bidirectional_gru_into_a_two_direction_head_is_told_to_concatenate() -> None:
    gru = typedrnn.GRU(8, 10, bidirectional=True)
    _, h_n = gru(torch.randn(5, 3, 8))
    error = shape_error(lambda: typedrnn.Linear(20, 2)(h_n[-1]))
    assert "feed both directions: torch.cat((h_n[-2], h_n[-1]), dim=-1)" in str(error)
    assert "that is not bidirectional" not in str(error)


def test_a_ratio_alone_is_worded_as_a_guess() -> None:
    # No RNN in sight: a raw (10, 3, 1) input into Linear(2, 3).
    error = shape_error(lambda: typedrnn.Linear(2, 3)(torch.randn(10, 3, 1)))
    assert error.hint is not None and error.hint.startswith("in_features is twice the input's width. If ")


def test_twice_the_layers_of_a_unidirectional_module_names_num_layers_too() -> None:
    gru = typedrnn.GRU(4, 6)
    error = shape_error(lambda: gru(torch.randn(5, 3, 4), torch.zeros(2, 3, 6)))
    assert error.hint is not None
    assert "num_layers=2 or bidirectional=True" in error.hint
    assert "twice the layers or for bidirectional=True" in error.hint


def test_a_cell_step_sliced_on_the_wrong_axis_is_told_about_the_axis() -> None:
    cell = typedrnn.GRUCell(4, 6)
    seq_first = torch.randn(12, 3, 4)  # (seq, batch, input)
    error = shape_error(lambda: cell(seq_first[:, 0], torch.zeros(3, 6)))
    assert error.hint is not None
    assert "x[t]" in error.hint and "x[:, t]" in error.hint
    # The input's batch (12) is larger than the state's: it is no last, smaller batch.
    assert "last, smaller batch" not in error.hint


def test_a_last_smaller_batch_still_gets_its_hint() -> None:
    lstm = typedrnn.LSTM(4, 6)
    error = shape_error(lambda: lstm(torch.randn(5, 2, 4), (torch.zeros(1, 8, 6), torch.zeros(1, 8, 6))))
    assert error.hint is not None and "last, smaller batch" in error.hint


def test_linear_rejects_a_scalar() -> None:
    error = shape_error(lambda: typedrnn.Linear(1, 4)(torch.tensor(1.0)))
    assert "got a 0-D tensor" in str(error)


def test_cell_given_a_whole_sequence_says_to_loop() -> None:
    error = shape_error(lambda: typedrnn.LSTMCell(10, 20)(torch.randn(5, 3, 10)))
    assert "a cell takes one time step" in str(error)


def test_error_message_names_the_module_configuration() -> None:
    lstm = typedrnn.LSTM(50, 100, num_layers=2, batch_first=True, bidirectional=True)
    error = shape_error(lambda: lstm(torch.randn(3, 10, 51)))
    assert str(error).startswith("LSTM(50, 100, num_layers=2, batch_first=True, bidirectional=True): input")
