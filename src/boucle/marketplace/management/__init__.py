"""Management commands of the marketplace."""
