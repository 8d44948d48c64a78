import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, dropout=0.2):
        super().__init__()
        self.output_dim = output_dim
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim)
        self.fc_out = nn.Linear(hid_dim, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, token, hidden):
        embedded = self.dropout(self.embedding(token.unsqueeze(0)))
        output, hidden = self.rnn(embedded, hidden)  # R: torch raises here
        return self.fc_out(output.squeeze(0)), hidden
