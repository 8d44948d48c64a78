import torch

from .decoder import Decoder
from .encoder import Encoder
from .seq2seq import Seq2Seq

SRC_VOCAB, TRG_VOCAB = 30, 25
ENC_HID_DIM, DEC_HID_DIM = 16, 12

encoder = Encoder(SRC_VOCAB, 8, ENC_HID_DIM, DEC_HID_DIM)
decoder = Decoder(TRG_VOCAB, 8, DEC_HID_DIM)
model = Seq2Seq(encoder, decoder)
src = torch.randint(0, SRC_VOCAB, (7, 4))
trg = torch.randint(0, TRG_VOCAB, (5, 4))
print(model(src, trg).shape)
_, hidden = encoder(src)
prediction, hidden = decoder(trg[0, :], hidden)
print(prediction.shape, hidden.shape)
