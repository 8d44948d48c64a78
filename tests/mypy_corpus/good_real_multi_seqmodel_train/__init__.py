"""Sequence regressor in a package: model.py sized by its parameters, train.py feeding it batches from a DataLoader."""
