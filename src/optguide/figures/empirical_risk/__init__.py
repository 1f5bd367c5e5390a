"""Figures of the chapter "Empirical risk minimization"."""
