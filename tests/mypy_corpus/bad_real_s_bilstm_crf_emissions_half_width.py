"""BiLSTM-CRF tagger with hidden_dim // 2 per direction: the emission layer is sized for one direction."""
import torch
import torch.nn as nn

START_TAG, STOP_TAG = "<START>", "<STOP>"
tag_to_ix = {"B": 0, "I": 1, "O": 2, START_TAG: 3, STOP_TAG: 4}


class BiLSTM_CRF(nn.Module):
    def __init__(self, vocab_size, tag_to_ix, embedding_dim, hidden_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.tagset_size = len(tag_to_ix)
        self.word_embeds = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim // 2, num_layers=1, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim // 2, self.tagset_size)
        self.transitions = nn.Parameter(torch.randn(self.tagset_size, self.tagset_size))

    def _get_lstm_features(self, sentence):
        embeds = self.word_embeds(sentence).view(len(sentence), 1, -1)
        lstm_out, _ = self.lstm(embeds)
        lstm_out = lstm_out.view(len(sentence), self.hidden_dim)
        return self.hidden2tag(lstm_out)  # R: torch raises here

    def forward(self, sentence):
        feats = self._get_lstm_features(sentence)
        return feats.argmax(dim=1)


if __name__ == "__main__":
    model = BiLSTM_CRF(vocab_size=20, tag_to_ix=tag_to_ix, embedding_dim=5, hidden_dim=4)
    print(model(torch.tensor([1, 4, 7, 2])))  # E: shape "input expected"
