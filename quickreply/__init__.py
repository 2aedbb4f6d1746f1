"""quickreply: the quick-reply assistant for Chinese e-commerce chat agents."""

__version__ = "0.1.0"

__all__ = ["__version__"]
