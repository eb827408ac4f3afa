"""numbtui's own widgets, one widget family per module."""
