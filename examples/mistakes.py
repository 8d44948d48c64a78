"""The classic shape mistakes with recurrent modules, and what typedrnn says about each.

Run it with ``python examples/mistakes.py``: every mistake below is made for real,
caught as a ``typedrnn.ShapeError``, and its message printed. Next to each, what
plain torch does with the same call.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import typedrnn


def states_in_batch_first_layout(lib: object) -> object:
    lstm = lib.LSTM(50, 100, num_layers=2, batch_first=True)  # type: ignore[attr-defined]
    x = torch.randn(3, 10, 50)  # (batch, seq, input)
    h0 = torch.zeros(3, 2, 100)  # wrong: states ignore batch_first
    return lstm(x, (h0, torch.zeros(3, 2, 100)))


def bidirectional_forgotten(lib: object) -> object:
    gru = lib.GRU(10, 20, num_layers=2, bidirectional=True)  # type: ignore[attr-defined]
    return gru(torch.randn(5, 3, 10), torch.zeros(2, 3, 20))  # wants 2 layers × 2 directions


def h0_sized_by_hidden_with_proj_size(lib: object) -> object:
    lstm = lib.LSTM(10, 20, proj_size=5)  # type: ignore[attr-defined]
    return lstm(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20)))


def c0_sized_by_proj(lib: object) -> object:
    lstm = lib.LSTM(10, 20, proj_size=5)  # type: ignore[attr-defined]
    return lstm(torch.randn(5, 3, 10), (torch.zeros(1, 3, 5), torch.zeros(1, 3, 5)))


def h0_batch_differs_from_input_batch(lib: object) -> object:
    rnn = lib.RNN(5, 10, 2)  # type: ignore[attr-defined]
    return rnn(torch.randn(6, 3, 5), torch.zeros(2, 4, 10))  # last, smaller batch?


def wrong_input_size(lib: object) -> object:
    return lib.LSTM(50, 100)(torch.randn(10, 3, 40))  # type: ignore[attr-defined]


def four_dimensional_input(lib: object) -> object:
    return lib.GRU(10, 20)(torch.randn(2, 5, 3, 10))  # type: ignore[attr-defined]


def unbatched_input_with_batched_state(lib: object) -> object:
    return lib.GRU(10, 20)(torch.randn(5, 10), torch.zeros(1, 3, 20))  # type: ignore[attr-defined]


def unbatched_cell_input_with_batched_state(lib: object) -> object:
    return lib.GRUCell(10, 20)(torch.randn(10), torch.zeros(3, 20))  # type: ignore[attr-defined]


def cell_c_with_another_batch(lib: object) -> object:
    cell = lib.LSTMCell(10, 20)  # type: ignore[attr-defined]
    return cell(torch.randn(3, 10), (torch.zeros(3, 20), torch.zeros(4, 20)))


def packed_lstm_with_wrong_c0(lib: object) -> object:
    packed = pack_padded_sequence(torch.randn(5, 2, 3), [5, 3])
    return lib.LSTM(3, 4)(packed, (torch.zeros(1, 2, 4), torch.zeros(1, 2, 7)))  # type: ignore[attr-defined]


def state_of_another_dtype(lib: object) -> object:
    lstm = lib.LSTM(10, 20)  # type: ignore[attr-defined]
    states = (torch.zeros(1, 3, 20, dtype=torch.float64), torch.zeros(1, 3, 20))
    return lstm(torch.randn(5, 3, 10), states)


def state_on_another_device(lib: object) -> object:
    lstm = lib.LSTM(10, 20)  # type: ignore[attr-defined]
    states = (torch.zeros(1, 3, 20, device="meta"), torch.zeros(1, 3, 20))
    return lstm(torch.randn(5, 3, 10), states)


def integer_input(lib: object) -> object:
    tokens = torch.randint(0, 100, (5, 3, 10))
    return lib.GRU(10, 20)(tokens)  # type: ignore[attr-defined]


def list_instead_of_tensor(lib: object) -> object:
    return lib.LSTM(10, 20)([[0.0] * 10] * 5)  # type: ignore[attr-defined]


def single_tensor_as_lstm_state(lib: object) -> object:
    return lib.LSTM(10, 20)(torch.randn(5, 3, 10), torch.zeros(1, 3, 20))  # type: ignore[attr-defined]


def lstm_state_pair_into_gru(lib: object) -> object:
    states = (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20))
    return lib.GRU(10, 20)(torch.randn(5, 3, 10), states)  # type: ignore[attr-defined]


def one_tuple_as_lstm_state(lib: object) -> object:
    h0 = (torch.zeros(1, 3, 20),)  # a stray trailing comma
    return lib.LSTM(10, 20)(torch.randn(5, 3, 10), h0)  # type: ignore[attr-defined]


def empty_sequence(lib: object) -> object:
    return lib.GRU(10, 20)(torch.randn(0, 3, 10))  # type: ignore[attr-defined]


def linear_head_sized_for_one_direction(lib: object) -> object:
    gru = lib.GRU(10, 20, bidirectional=True)  # type: ignore[attr-defined]
    output, _ = gru(torch.randn(5, 3, 10))
    head = lib.Linear(20, 4)  # type: ignore[attr-defined]
    return head(output[-1])  # output is 2 × 20 wide


MISTAKES: list[Callable[[object], object]] = [
    states_in_batch_first_layout,
    bidirectional_forgotten,
    h0_sized_by_hidden_with_proj_size,
    c0_sized_by_proj,
    h0_batch_differs_from_input_batch,
    wrong_input_size,
    four_dimensional_input,
    unbatched_input_with_batched_state,
    unbatched_cell_input_with_batched_state,
    cell_c_with_another_batch,
    packed_lstm_with_wrong_c0,
    state_of_another_dtype,
    state_on_another_device,
    integer_input,
    list_instead_of_tensor,
    single_tensor_as_lstm_state,
    lstm_state_pair_into_gru,
    one_tuple_as_lstm_state,
    empty_sequence,
    linear_head_sized_for_one_direction,
]


def what_torch_says(mistake: Callable[[object], object]) -> str:
    try:
        mistake(nn)
    except Exception as error:
        first_line = str(error).splitlines()[0] if str(error) else ""
        return f"{type(error).__name__}: {first_line}"
    return "nothing: it computes a result"


def main() -> None:
    caught = 0
    for mistake in MISTAKES:
        title = mistake.__name__.replace("_", " ")
        print(f"== {title}")
        try:
            mistake(typedrnn)
        except typedrnn.ShapeError as error:
            caught += 1
            print(str(error))
        else:
            print("NOT CAUGHT")
        print(f"   (plain torch: {what_torch_says(mistake)})\n")
    print(f"{caught} of {len(MISTAKES)} mistakes caught as ShapeError")


if __name__ == "__main__":
    main()
