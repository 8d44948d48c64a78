"""Tagger with a character BiLSTM: the word LSTM's input_size counts the char features, the input lacks them."""
import torch
import torch.nn as nn


class CharWordTagger(nn.Module):
    def __init__(self, n_words, n_chars, word_dim, char_dim, char_hidden, hidden_dim, n_tags):
        super().__init__()
        self.word_embeds = nn.Embedding(n_words, word_dim)
        self.char_embeds = nn.Embedding(n_chars, char_dim)
        self.char_lstm = nn.LSTM(char_dim, char_hidden, bidirectional=True)
        self.lstm = nn.LSTM(word_dim + 2 * char_hidden, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, words, chars):
        _, (char_h, _) = self.char_lstm(self.char_embeds(chars))
        char_repr = torch.cat((char_h[0], char_h[1]), dim=1)
        word_repr = self.word_embeds(words)
        lstm_out, _ = self.lstm(word_repr.unsqueeze(1))  # R: torch raises here
        return self.hidden2tag(lstm_out.squeeze(1)), char_repr


if __name__ == "__main__":
    tagger = CharWordTagger(n_words=30, n_chars=20, word_dim=6, char_dim=3,
                            char_hidden=4, hidden_dim=8, n_tags=5)
    words = torch.randint(0, 30, (7,))
    chars = torch.randint(0, 20, (5, 7))
    tags, _ = tagger(words, chars)  # E: shape "input expected"
