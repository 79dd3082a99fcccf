"""Publishing: the atomic swap into reports/, versions, the index of every report."""
