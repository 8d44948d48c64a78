import torch
from jaxtyping import Float, Int
from torch import Tensor, nn


def encode(
    embedding: nn.Embedding, encoder: nn.GRU, tokens: Int[Tensor, "seq batch"]
) -> tuple[Float[Tensor, "seq batch hidden"], Float[Tensor, "layers batch hidden"]]:
    embedded = torch.tanh(embedding(tokens))
    outputs, hidden = encoder(embedded)  # R: torch raises here
    return outputs, hidden


def mean_pool(outputs: Float[Tensor, "seq batch hidden"]) -> Float[Tensor, "batch hidden"]:
    return outputs.mean(dim=0)
