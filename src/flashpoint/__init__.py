"""Flashpoint: event data from news reports about unrest and armed conflict.

Every event, figure and place Flashpoint extracts carries the evidence span it was read from, the chain
of sources that relayed it and how firmly the text commits to it.
"""

__version__ = "0.1.0"
