"""Built-in stages, one module per family; each module exports a ``STAGES`` tuple."""
