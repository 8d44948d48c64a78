import torch.nn as nn


class BiLSTMTagger(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.embedding = nn.Embedding(args.vocab_size, args.embedding_dim, padding_idx=0)
        self.lstm = nn.LSTM(args.embedding_dim, args.hidden_dim, num_layers=args.num_layers,
                            bidirectional=not args.unidirectional, batch_first=True)
        self.dropout = nn.Dropout(args.dropout)
        self.hidden2tag = nn.Linear(args.hidden_dim, args.num_tags)

    def forward(self, sentences):
        lstm_out, _ = self.lstm(self.embedding(sentences))
        return self.hidden2tag(self.dropout(lstm_out))  # E: shape "input expected"
