"""Figures of the saddle-points chapter."""
