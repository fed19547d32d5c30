"""khronika: a trusted chronicle of protests, strikes and repression."""

__version__ = "0.1.0"

__all__ = ["__version__"]
