import torch
from jaxtyping import Float
from torch import Tensor


def last_layer_state(
    h_n: Float[Tensor, "layers_dirs batch hidden"], num_layers: int, directions: int
) -> Float[Tensor, "batch feat"]:
    batch, hidden = h_n.size(1), h_n.size(2)
    last = h_n.view(num_layers, directions, batch, hidden)[-1]
    return torch.cat([last[d] for d in range(directions)], dim=-1)


def masked_mean(outputs: Float[Tensor, "batch seq feat"], mask: Float[Tensor, "batch seq"]) -> Float[Tensor, "batch feat"]:
    summed = (outputs * mask.unsqueeze(-1)).sum(dim=1)
    return summed / mask.sum(dim=1, keepdim=True).clamp(min=1)
