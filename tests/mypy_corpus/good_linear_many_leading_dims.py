"""Linear over any number of leading dimensions."""
import torch
import typedrnn

head = typedrnn.Linear(64, 10)


def run() -> torch.Tensor:
    features = torch.randn(2, 3, 4, 64)
    logits = head(features)
    typedrnn.reveal_shape(logits)  # N: Revealed shape is (2, 3, 4, 10)
    return logits
