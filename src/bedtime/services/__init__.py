"""The app's edges: scheduler, notifications, resume watch, single instance."""
