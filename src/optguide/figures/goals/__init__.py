"""Figures of the chapter "Optimization and deep learning: two different goals"."""
