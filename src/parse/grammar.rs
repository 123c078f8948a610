//! nom grammar pieces.
