"""Running a render: parameters, the warm kernel, papermill, batches, grids, preview."""
