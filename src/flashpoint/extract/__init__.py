"""Extractors: pure functions of a parsed article (events, actors, figures, dates, attribution)."""
