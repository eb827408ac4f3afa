"""numbtui: guided exercises in the terminal for people who feel emotionally numb."""

__version__ = "0.1.0"
