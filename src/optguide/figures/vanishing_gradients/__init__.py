"""Figures of the chapter on vanishing and exploding gradients."""
