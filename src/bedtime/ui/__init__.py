"""Widgets: they show what core computes and call the store; no rules of their own."""
