"""athar (أثر, "trace"): tracing the forcibly disappeared."""

__version__ = "0.1.0"
