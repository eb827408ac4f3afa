"""The Textual user interface of numbtui; the only package that imports textual."""
