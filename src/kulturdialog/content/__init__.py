"""The content model: format-neutral blocks, and how a notebook's output becomes them."""
