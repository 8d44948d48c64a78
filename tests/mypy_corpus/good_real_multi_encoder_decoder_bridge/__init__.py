"""Seq2seq over three files: a bidirectional GRU encoder, a bridge joining its last directions, a GRU decoder."""
