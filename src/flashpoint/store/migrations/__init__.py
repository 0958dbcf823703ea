"""Alembic migrations of the Flashpoint store, shipped as package data and applied on open."""
