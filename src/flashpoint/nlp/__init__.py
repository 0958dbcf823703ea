"""The language backbone: tokens, sentences, entities and parses, loaded once per process."""

from flashpoint.nlp.backbone import Backbone, BackboneOptions, load_backbone

__all__ = ["Backbone", "BackboneOptions", "load_backbone"]
