// Placeholder so that the package resolves until this target has sources.
