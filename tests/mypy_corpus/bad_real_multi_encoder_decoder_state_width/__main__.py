import torch

from .decoder import Decoder
from .encoder import Encoder

SRC_VOCAB = 30
TRG_VOCAB = 25
ENC_EMB_DIM = 8
DEC_EMB_DIM = 8
ENC_HID_DIM = 16
DEC_HID_DIM = 12

encoder = Encoder(SRC_VOCAB, ENC_EMB_DIM, ENC_HID_DIM)
decoder = Decoder(TRG_VOCAB, DEC_EMB_DIM, DEC_HID_DIM)

src = torch.randint(0, SRC_VOCAB, (7, 4))
trg = torch.randint(0, TRG_VOCAB, (5, 4))
_, hidden = encoder(src)
token = trg[0, :]
for t in range(1, trg.shape[0]):
    prediction, hidden = decoder(token, hidden)  # E: shape "h0 expected"
    token = prediction.argmax(1)
