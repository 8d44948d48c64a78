"""The classic walkthrough of PyTorch's recurrent modules, with typed modules.

Run it with ``python examples/seed.py``. Every call below is checked against its
shape contract; each printed shape names its dimensions the way typedrnn's errors do.
"""

from __future__ import annotations

import torch

import typedrnn


def named(tensor: torch.Tensor, names: str) -> str:
    """``(6, 3, 10)`` with ``"seq batch dirs×out"`` -> ``(seq=6, batch=3, dirs×out=10)``."""
    labels = names.split()
    assert len(labels) == tensor.dim(), (labels, tuple(tensor.shape))
    return "(" + ", ".join(f"{label}={size}" for label, size in zip(labels, tensor.shape, strict=True)) + ")"


def parameters(module: torch.nn.Module) -> str:
    shapes = ", ".join(f"{name} {tuple(p.shape)}" for name, p in module.named_parameters())
    total = sum(p.numel() for p in module.parameters())
    return f"{total} parameters: {shapes}"


def main() -> None:
    torch.manual_seed(0)

    print("== Linear(2, 4) on a batch of 5")
    linear = typedrnn.Linear(2, 4)
    x = torch.randn(5, 2)
    y = linear(x)
    print("  input ", named(x, "batch in_features"))
    print("  output", named(y, "batch out_features"))
    print(" ", parameters(linear))

    print("\n== RNN(5, 10, 2) on (6, 3, 5): input_size=5, hidden_size=10, num_layers=2")
    rnn = typedrnn.RNN(5, 10, 2)
    x = torch.randn(6, 3, 5)
    h0 = torch.zeros(2, 3, 10)
    output, h_n = rnn(x, h0)
    print("  input ", named(x, "seq batch input"))
    print("  h0    ", named(h0, "layers×dirs batch hidden"))
    print("  output", named(output, "seq batch dirs×out"))
    print("  h_n   ", named(h_n, "layers×dirs batch hidden"))
    print(" ", parameters(rnn))
    print(
        "  h_n is 2×3×10, not 2×3×5 as a widely copied version of this walkthrough says:\n"
        "  the last dimension of a hidden state is hidden_size (10); input_size (5) only\n"
        "  shapes the input and the first layer's weight_ih_l0 (10, 5)."
    )

    print("\n== LSTM(50, 100, num_layers=2) on (10, 3, 50)")
    lstm = typedrnn.LSTM(50, 100, num_layers=2)
    x = torch.randn(10, 3, 50)
    output, (h_n, c_n) = lstm(x)
    print("  input ", named(x, "seq batch input"))
    print("  output", named(output, "seq batch dirs×out"))
    print("  h_n   ", named(h_n, "layers×dirs batch hidden"))
    print("  c_n   ", named(c_n, "layers×dirs batch hidden"))
    print(" ", parameters(lstm))
    same = torch.equal(output[-1], h_n[-1])
    print(f"  output[-1] equals h_n[-1] (one direction: the last step of the top layer): {same}")
    assert same

    print("\n== GRU(10, 20, 2) on (3, 32, 10)")
    gru = typedrnn.GRU(10, 20, 2)
    x = torch.randn(3, 32, 10)
    output, h_n = gru(x)
    print("  input ", named(x, "seq batch input"))
    print("  output", named(output, "seq batch dirs×out"))
    print("  h_n   ", named(h_n, "layers×dirs batch hidden"))
    print(" ", parameters(gru))
    print(f"  output[-1] equals h_n[-1]: {torch.equal(output[-1], h_n[-1])}")

    print("\n== Two directions: GRU(10, 20, 2, bidirectional=True) on (3, 32, 10)")
    bigru = typedrnn.GRU(10, 20, 2, bidirectional=True)
    output, h_n = bigru(x)
    print("  output", named(output, "seq batch dirs×out"), "  dirs×out = 2 directions × hidden 20")
    print("  h_n   ", named(h_n, "layers×dirs batch hidden"), "  layers×dirs = 2 layers × 2 directions")
    print(
        f"  output[-1] equals h_n[-1]: {torch.equal(output[-1], h_n[-1])}; the shapes differ: "
        f"{tuple(output[-1].shape)} vs {tuple(h_n[-1].shape)}"
    )
    forward_last = output[-1, :, :20]
    backward_first = output[0, :, 20:]
    print(
        "  output[-1] holds the forward direction's last step and the backward direction's\n"
        "  FIRST step (the backward pass ends at t=0). The top layer's final states are\n"
        "  h_n[-2] (forward) and h_n[-1] (backward):"
    )
    print(f"    output[-1, :, :20] == h_n[-2]: {torch.equal(forward_last, h_n[-2])}")
    print(f"    output[0, :, 20:]  == h_n[-1]: {torch.equal(backward_first, h_n[-1])}")
    print(f"    output[-1, :, 20:] == h_n[-1]: {torch.equal(output[-1, :, 20:], h_n[-1])}")

    print("\n== A mistake, caught with names: h0 for the bidirectional GRU without the ×2")
    try:
        bigru(x, torch.zeros(2, 32, 20))
    except typedrnn.ShapeError as error:
        print("  " + str(error).replace("\n", "\n  "))


if __name__ == "__main__":
    main()
