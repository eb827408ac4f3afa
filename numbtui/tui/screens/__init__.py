"""numbtui's screens, one module each."""
