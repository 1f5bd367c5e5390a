"""Figures of the chapter "Analytical and numerical solutions"."""
