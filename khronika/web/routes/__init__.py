"""One module per page or API group; each exposes `router`."""
