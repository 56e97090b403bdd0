"""sitroom."""
