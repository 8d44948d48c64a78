"""typedrnn.patch(), unpatch() and patched(): typed modules for code that says torch.nn."""

from __future__ import annotations

import abc
import copy
import io
import pickle
from collections.abc import Iterator

import pytest
import torch
from torch import nn

import typedrnn

TORCH_CLASSES = {
    "RNN": torch.nn.modules.rnn.RNN,
    "LSTM": torch.nn.modules.rnn.LSTM,
    "GRU": torch.nn.modules.rnn.GRU,
    "RNNCell": torch.nn.modules.rnn.RNNCell,
    "LSTMCell": torch.nn.modules.rnn.LSTMCell,
    "GRUCell": torch.nn.modules.rnn.GRUCell,
    "Linear": torch.nn.modules.linear.Linear,
}


@pytest.fixture(autouse=True)
def _unpatched() -> Iterator[None]:
    typedrnn.unpatch()
    yield
    typedrnn.unpatch()


@pytest.mark.parametrize("name", sorted(TORCH_CLASSES))
def test_patch_makes_every_torch_nn_class_typed_and_unpatch_restores_torchs_own(name: str) -> None:
    typedrnn.patch()
    module = getattr(nn, name)(4, 6)
    assert isinstance(module, getattr(typedrnn, name))
    assert isinstance(module, TORCH_CLASSES[name])
    assert type(module).__name__ == name
    typedrnn.unpatch()
    assert getattr(nn, name) is TORCH_CLASSES[name]
    assert getattr(torch.nn.modules, name) is TORCH_CLASSES[name]
    assert getattr(torch.nn.modules.rnn, name, TORCH_CLASSES[name]) is TORCH_CLASSES[name]
    assert getattr(torch.nn.modules.linear, name, TORCH_CLASSES[name]) is TORCH_CLASSES[name]
    assert type(getattr(nn, name)(4, 6)) is TORCH_CLASSES[name]


def test_patch_covers_from_imports_torch_nn_modules_and_the_defining_submodules() -> None:
    with typedrnn.patched():
        from torch.nn import GRU  # noqa: PLC0415 - the import under test
        from torch.nn.modules.linear import Linear  # noqa: PLC0415 - the import under test
        from torch.nn.modules.rnn import LSTMCell  # noqa: PLC0415 - the import under test

        assert isinstance(GRU(3, 5), typedrnn.GRU)
        assert isinstance(torch.nn.modules.LSTM(3, 5), typedrnn.LSTM)
        assert isinstance(LSTMCell(3, 5), typedrnn.LSTMCell)
        assert isinstance(Linear(3, 5), typedrnn.Linear)
        # Under torch's names, as pickles and torch.fx read them.
        assert type(Linear(3, 5)).__module__ == "torch.nn.modules.linear"
    assert torch.nn.modules.rnn.LSTMCell is TORCH_CLASSES["LSTMCell"]
    assert torch.nn.modules.linear.Linear is TORCH_CLASSES["Linear"]


def test_a_patched_module_raises_shape_error_naming_the_dimension() -> None:
    typedrnn.patch()
    lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)
    with pytest.raises(typedrnn.ShapeError) as caught:
        lstm(torch.randn(3, 10, 50), (torch.zeros(3, 2, 100), torch.zeros(3, 2, 100)))
    assert "h0 expected (layers×dirs=2, batch=3" in str(caught.value)
    assert "batch_first" in str(caught.value)


def test_a_patched_module_computes_exactly_what_torch_computes() -> None:
    torch.manual_seed(0)
    plain = nn.GRU(4, 6, num_layers=2)
    with typedrnn.patched():
        typed = nn.GRU(4, 6, num_layers=2)
    typed.load_state_dict(plain.state_dict())
    x = torch.randn(5, 3, 4)
    for expected, actual in zip(plain(x), typed(x)):
        assert torch.equal(expected, actual)


def test_patched_restores_torch_on_exit_and_modules_built_inside_stay_typed() -> None:
    with typedrnn.patched():
        gru = nn.GRU(10, 20)
    assert nn.GRU is TORCH_CLASSES["GRU"]
    with pytest.raises(typedrnn.ShapeError):
        gru(torch.randn(5, 3, 10), torch.zeros(1, 4, 20))


def test_patched_inside_a_patch_leaves_the_patch_on() -> None:
    typedrnn.patch()
    with typedrnn.patched(), typedrnn.patched():
        pass
    assert isinstance(nn.LSTM(3, 4), typedrnn.LSTM)


def test_patched_restores_torch_when_the_block_raises() -> None:
    with pytest.raises(KeyError), typedrnn.patched():
        raise KeyError("boom")
    assert nn.Linear is TORCH_CLASSES["Linear"]


def test_patch_and_unpatch_twice_are_harmless() -> None:
    typedrnn.patch()
    typedrnn.patch()
    typedrnn.unpatch()
    assert nn.LSTM is TORCH_CLASSES["LSTM"]
    typedrnn.unpatch()
    assert nn.LSTM is TORCH_CLASSES["LSTM"]


def test_isinstance_against_patched_names_still_accepts_plain_torch_modules() -> None:
    plain = nn.LSTM(3, 4)
    typedrnn.patch()
    assert isinstance(plain, nn.LSTM)
    assert issubclass(TORCH_CLASSES["LSTM"], nn.LSTM)
    assert not isinstance(nn.GRU(3, 4), nn.LSTM)


def test_a_users_subclass_of_a_patched_class_keeps_ordinary_isinstance_and_may_mix_in_abc() -> None:
    typedrnn.patch()

    class Encoder(nn.LSTM, abc.ABC):
        pass

    assert isinstance(Encoder(3, 4), Encoder)
    assert not isinstance(nn.LSTM(3, 4), Encoder)
    with pytest.raises(typedrnn.ShapeError):
        Encoder(3, 4)(torch.randn(2, 5, 7))


def _model_built_under_patch() -> nn.Sequential:
    with typedrnn.patched():
        return nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))


def test_pickles_of_modules_built_under_patch_name_only_torch_classes() -> None:
    with typedrnn.patched():
        lstm = nn.LSTM(3, 4, num_layers=2, proj_size=2)
    lstm(torch.randn(5, 2, 3))  # builds the guard, which must not travel
    data = pickle.dumps(lstm)
    assert b"typedrnn" not in data
    restored = pickle.loads(data)
    assert type(restored) is TORCH_CLASSES["LSTM"]
    x = torch.randn(5, 2, 3)
    assert torch.equal(restored(x)[0], lstm(x)[0])


def test_torch_save_of_a_whole_model_built_under_patch_names_only_torch_classes() -> None:
    model = _model_built_under_patch()
    buffer = io.BytesIO()
    torch.save(model, buffer)
    assert b"typedrnn" not in buffer.getvalue()
    buffer.seek(0)
    restored = torch.load(buffer, weights_only=False)
    assert [type(layer) for layer in restored] == [TORCH_CLASSES["Linear"]] * 2
    x = torch.randn(6, 3)
    assert torch.equal(restored(x), model(x))


def test_deepcopy_keeps_the_typed_class_with_its_own_weights() -> None:
    with typedrnn.patched():
        lstm = nn.LSTM(3, 4)
    twin = copy.deepcopy(lstm)
    assert type(twin) is type(lstm)
    assert twin.weight_ih_l0 is not lstm.weight_ih_l0
    assert torch.equal(twin.weight_ih_l0, lstm.weight_ih_l0)
    x = torch.randn(5, 2, 3)
    assert torch.equal(twin(x)[0], lstm(x)[0])
    with pytest.raises(typedrnn.ShapeError):
        twin(torch.randn(5, 2, 7))


def test_shallow_copy_keeps_the_typed_class_and_shares_the_weights() -> None:
    with typedrnn.patched():
        head = nn.Linear(3, 4)
    twin = copy.copy(head)
    assert type(twin) is type(head)
    assert twin.weight is head.weight
