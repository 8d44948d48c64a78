"""Seq2seq decoder on a BaseRNN that keeps the sizes; the projection was left sized for an attention context."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BaseRNN(nn.Module):
    SYM_MASK = "MASK"
    SYM_EOS = "EOS"

    def __init__(self, vocab_size, max_len, hidden_size, input_dropout_p, dropout_p, n_layers):
        super(BaseRNN, self).__init__()
        self.vocab_size = vocab_size
        self.max_len = max_len
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.input_dropout_p = input_dropout_p
        self.input_dropout = nn.Dropout(p=input_dropout_p)
        self.dropout_p = dropout_p

    def forward(self, *args, **kwargs):
        raise NotImplementedError()


class DecoderRNN(BaseRNN):
    def __init__(self, vocab_size, max_len, hidden_size, n_layers=1, input_dropout_p=0, dropout_p=0):
        super(DecoderRNN, self).__init__(vocab_size, max_len, hidden_size, input_dropout_p, dropout_p, n_layers)
        self.rnn = nn.GRU(hidden_size, hidden_size, n_layers, batch_first=True, dropout=dropout_p)
        self.embedding = nn.Embedding(self.vocab_size, self.hidden_size)
        self.out = nn.Linear(self.hidden_size * 2, self.vocab_size)

    def forward_step(self, input_var, hidden):
        embedded = self.input_dropout(self.embedding(input_var))
        output, hidden = self.rnn(embedded, hidden)
        predicted_softmax = F.log_softmax(self.out(output), dim=-1)  # E: shape "input expected"
        return predicted_softmax, hidden

    def forward(self, inputs, encoder_hidden):
        return self.forward_step(inputs, encoder_hidden)


if __name__ == "__main__":
    decoder = DecoderRNN(vocab_size=15, max_len=6, hidden_size=8)
    inputs = torch.randint(0, 15, (2, 6))
    scores, hidden = decoder(inputs, torch.zeros(1, 2, 8))
    print(scores.shape)
