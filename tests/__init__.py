"""The numbtui test suite."""
