"""Widgets, grouped by what a person sees: tray/, settings/, history/, dialogs/, and common/
for what they share. They show what the core computes and go through the app's companion;
no rules of their own."""
