"""Evaluation against data Flashpoint did not write: scorers and their reports."""
