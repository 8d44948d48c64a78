"""Functional encoder helpers with jaxtyping signatures in layers.py, called from the script with a wider embedding."""
