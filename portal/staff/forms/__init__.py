"""Staff console forms: one module for each part of the console, named like its routes."""
