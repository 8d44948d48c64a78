"""Luong decoder with input feeding on typedrnn: the LSTM's input_size omits the fed attention vector."""
import torch
import torch.nn as nn

import typedrnn


class InputFeedDecoder(nn.Module):
    def __init__(self, vocab_size, emb_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(vocab_size, emb_size)
        self.rnn = typedrnn.LSTM(emb_size, hidden_size)
        self.attn_out = typedrnn.Linear(2 * hidden_size, hidden_size)
        self.generator = typedrnn.Linear(hidden_size, vocab_size)

    def forward(self, tgt, memory, state):
        attn_vec = memory.new_zeros(1, tgt.size(1), self.hidden_size)
        logits = []
        for emb_t in self.embedding(tgt).split(1):
            rnn_input = torch.cat([emb_t, attn_vec], dim=2)
            rnn_out, state = self.rnn(rnn_input, state)  # R: torch raises here
            scores = torch.bmm(memory.transpose(0, 1), rnn_out.permute(1, 2, 0))
            context = torch.bmm(scores.softmax(1).transpose(1, 2), memory.transpose(0, 1))
            attn_vec = torch.tanh(self.attn_out(torch.cat([rnn_out, context.transpose(0, 1)], 2)))
            logits.append(self.generator(attn_vec))
        return torch.cat(logits), state


if __name__ == "__main__":
    decoder = InputFeedDecoder(vocab_size=20, emb_size=5, hidden_size=7)
    memory = torch.randn(9, 2, 7)
    state = (torch.zeros(1, 2, 7), torch.zeros(1, 2, 7))
    tgt = torch.randint(0, 20, (4, 2))
    out, state = decoder(tgt, memory, state)  # E: shape "input expected"
