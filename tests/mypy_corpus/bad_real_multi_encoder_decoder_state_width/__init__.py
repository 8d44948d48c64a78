"""Seq2seq split over files: the decoder's GRU is sized by its own hidden size, the encoder's state is wider."""
