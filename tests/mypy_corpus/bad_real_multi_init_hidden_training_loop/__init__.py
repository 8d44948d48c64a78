"""Char-level LSTM: init_hidden lives with the model, the training loop in train.py sizes it by the wrong axis."""
