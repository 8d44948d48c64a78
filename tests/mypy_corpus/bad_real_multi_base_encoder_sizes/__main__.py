import torch

from .encoder import FrameEncoder

N_MELS, HIDDEN, N_PHONES = 20, 16, 11

encoder = FrameEncoder(N_MELS, HIDDEN, N_PHONES)
spectrogram = torch.randn(2, 30, N_MELS)
logits = encoder(spectrogram)  # E: shape "input expected"
print(logits.argmax(-1).shape)
