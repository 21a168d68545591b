"""What every window shares: icons, sizes that fit their text, form parts, refusals in words."""
