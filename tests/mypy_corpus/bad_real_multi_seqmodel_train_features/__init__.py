"""Sequence regressor in a package: the model is sized in model.py, train.py feeds it three features, not five."""
