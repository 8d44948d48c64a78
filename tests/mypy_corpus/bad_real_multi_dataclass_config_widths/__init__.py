"""Text classifier sized by a dataclass in config.py: the LSTM takes hidden_dim features, the embeddings give embedding_dim."""
